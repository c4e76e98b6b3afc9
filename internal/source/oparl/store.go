package oparl

import (
	"sort"
	"time"
)

// Store collects decoded objects by ID. OParl shows one object in several
// places (a consultation embedded in its paper and listed on its own, a file
// in two papers); the store keeps one copy of each, the most recently
// modified, and remembers deletions. Copies of a file complete each other
// field by field. The store's content does not depend on the order in
// which documents are added, so a crawl adds them as they arrive.
type Store struct {
	objects map[Kind]map[string]Object
	deleted map[string]Object // ID → the deletion stub with the latest `modified`
	// seen counts every copy added, by kind, before merging.
	seen map[Kind]int
	// fileFields holds, for files seen more than once, each field's value
	// from the latest copy that has one.
	fileFields map[string]*[numFileFields]fieldCopy
	// unpublished maps the IDs of objects that the source, asked for
	// them, answered 401, 403, 404 or 410, to that status.
	unpublished map[string]int
}

// NewStore returns an empty store.
func NewStore() *Store {
	s := &Store{objects: map[Kind]map[string]Object{}, deleted: map[string]Object{}, seen: map[Kind]int{},
		fileFields: map[string]*[numFileFields]fieldCopy{}, unpublished: map[string]int{}}
	for _, k := range Kinds {
		s.objects[k] = map[string]Object{}
	}
	return s
}

// Add puts the objects of doc, and the objects embedded in them, into the
// store.
func (s *Store) Add(doc *Document) {
	for _, obj := range doc.Objects {
		s.add(obj, doc.Source)
	}
}

func (s *Store) add(obj Object, src string) {
	c := obj.Base()
	if c.ID == "" {
		return
	}
	if c.src == "" {
		c.src = src
	}
	s.seen[obj.Kind()]++
	if c.Deleted {
		if old, ok := s.deleted[c.ID]; !ok || later(c, old.Base()) {
			s.deleted[c.ID] = obj
		}
		return
	}
	s.embedded(obj, c.src)
	m := s.objects[obj.Kind()]
	old, ok := m[c.ID]
	switch {
	case !ok:
		m[c.ID] = obj
	case later(c, old.Base()):
		m[c.ID] = obj
		s.completeFile(old, obj, obj)
	default:
		s.completeFile(old, obj, old)
	}
}

// embedded adds the objects embedded in obj, pointing them back at obj
// where OParl leaves the back reference out of embedded objects.
func (s *Store) embedded(obj Object, src string) {
	setBackRefs(obj)
	children(obj, func(c Object) { s.add(c, src) })
}

// setBackRefs points the objects embedded in obj to it.
func setBackRefs(obj Object) {
	id := obj.Base().ID
	switch o := obj.(type) {
	case *Body:
		each(o.LegislativeTerm, func(t *LegislativeTerm) { t.Body = or(t.Body, id) })
	case *Organization:
		each(o.Membership, func(ms *Membership) { ms.Organization = or(ms.Organization, id) })
	case *Person:
		each(o.Membership, func(ms *Membership) { ms.Person = or(ms.Person, id) })
	case *Meeting:
		each(o.AgendaItem, func(it *AgendaItem) { it.Meeting = or(it.Meeting, id) })
	case *Paper:
		each(o.Consultation, func(c *Consultation) { c.Paper = or(c.Paper, id) })
	}
}

func each[T any](l List[T], fn func(*T)) {
	for _, r := range l {
		if r.Obj != nil {
			fn(r.Obj)
		}
	}
}

// children calls fn for each object embedded directly in obj.
func children(obj Object, fn func(Object)) {
	switch o := obj.(type) {
	case *Body:
		eachObj(o.LegislativeTerm, fn)
		refObj(o.Location, fn)
	case *Organization:
		eachObj(o.Membership, fn)
		refObj(o.Location, fn)
	case *Person:
		eachObj(o.Membership, fn)
	case *Meeting:
		refObj(o.Location, fn)
		eachObj(o.Organization, fn)
		refObj(o.Invitation, fn)
		refObj(o.ResultsProtocol, fn)
		refObj(o.VerbatimProtocol, fn)
		eachObj(o.AuxiliaryFile, fn)
		eachObj(o.AgendaItem, fn)
	case *AgendaItem:
		refObj(o.Consultation, fn)
		refObj(o.ResolutionFile, fn)
		eachObj(o.AuxiliaryFile, fn)
	case *Paper:
		refObj(o.MainFile, fn)
		eachObj(o.AuxiliaryFile, fn)
		eachObj(o.Location, fn)
		eachObj(o.Consultation, fn)
	}
}

func refObj[T any](r Ref[T], fn func(Object)) {
	if r.Obj != nil {
		if o, ok := any(r.Obj).(Object); ok {
			fn(o)
		}
	}
}

func eachObj[T any](l List[T], fn func(Object)) {
	for _, r := range l {
		refObj(r, fn)
	}
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// later reports whether a replaces b: a newer `modified`, or on a tie the
// copy from the source that sorts first, so the result does not depend on
// the order copies arrive in.
func later(a, b *Common) bool {
	ta, tb := parseStamp(a.Modified), parseStamp(b.Modified)
	if !ta.Equal(tb) {
		return ta.After(tb)
	}
	return a.src < b.src
}

func parseStamp(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// numFileFields is the number of fields in which copies of a file
// complete each other.
const numFileFields = 7

// fields returns the fields in which copies of a file complete each other:
// a dump may keep a file's text apart from its metadata.
func (f *File) fields() [numFileFields]*string {
	return [...]*string{&f.Name, &f.FileName, &f.MimeType, &f.Date, &f.Text, &f.AccessURL, &f.DownloadURL}
}

// fieldCopy is one field's value and the rank (modified, source) of the
// copy it came from.
type fieldCopy struct {
	from  Common
	value string
}

// completeFile, when a second or later copy of a file is added, gives the
// kept copy each field from the latest copy that has it, whatever order
// the copies came in. held is the copy kept so far, added the new one,
// kept the one kept now.
func (s *Store) completeFile(held, added, kept Object) {
	h, ok := held.(*File)
	if !ok {
		return
	}
	a, k := added.(*File), kept.(*File)
	best := s.fileFields[h.ID]
	if best == nil {
		// Until now the file had one copy: its fields are its own.
		best = &[numFileFields]fieldCopy{}
		offer(best, h)
		s.fileFields[h.ID] = best
	}
	offer(best, a)
	for i, p := range k.fields() {
		if best[i].value != "" {
			*p = best[i].value
		}
	}
}

// offer takes f's fields into best where f is the latest copy that has
// them.
func offer(best *[numFileFields]fieldCopy, f *File) {
	rank := Common{Modified: f.Modified, src: f.src}
	for i, p := range f.fields() {
		if *p != "" && (best[i].value == "" || later(&rank, &best[i].from)) {
			best[i] = fieldCopy{from: rank, value: *p}
		}
	}
}

// Get returns the live object of kind k with the given ID: present, and not
// deleted after its last modification.
func (s *Store) Get(k Kind, id string) Object {
	obj, ok := s.objects[k][id]
	if !ok {
		return nil
	}
	if d, gone := s.deleted[id]; gone && !later(obj.Base(), d.Base()) {
		return nil
	}
	return obj
}

// Has reports whether any object, live or deleted, has the ID.
func (s *Store) Has(id string) bool {
	if _, ok := s.deleted[id]; ok {
		return true
	}
	for _, m := range s.objects {
		if _, ok := m[id]; ok {
			return true
		}
	}
	return false
}

// IsDeleted reports whether the object with the ID is deleted.
func (s *Store) IsDeleted(id string) bool {
	d, ok := s.deleted[id]
	if !ok {
		return false
	}
	for _, m := range s.objects {
		if obj, ok := m[id]; ok && later(obj.Base(), d.Base()) {
			return false
		}
	}
	return true
}

// All returns the live objects of kind k sorted by ID.
func (s *Store) All(k Kind) []Object {
	ids := make([]string, 0, len(s.objects[k]))
	for id := range s.objects[k] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]Object, 0, len(ids))
	for _, id := range ids {
		if obj := s.Get(k, id); obj != nil {
			out = append(out, obj)
		}
	}
	return out
}

// Deleted returns the IDs of deleted objects, sorted.
func (s *Store) Deleted() []string {
	var ids []string
	for id := range s.deleted {
		if s.IsDeleted(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// DeletedKind returns the kind of a deleted object, from its stub.
func (s *Store) DeletedKind(id string) Kind {
	if d, ok := s.deleted[id]; ok {
		return d.Kind()
	}
	return ""
}

// Seen returns how many copies of objects of kind k were added.
func (s *Store) Seen(k Kind) int { return s.seen[k] }

// markUnpublished notes that the source answered status (401, 403, 404,
// 410) when asked for the object with the ID.
func (s *Store) markUnpublished(id string, status int) { s.unpublished[id] = status }

// Unpublished returns the IDs, sorted, of objects that the source no
// longer publishes (it answered 401, 403, 404 or 410 for them) and that
// no copy in the store holds, with the status it answered.
func (s *Store) Unpublished() ([]string, map[string]int) {
	var ids []string
	for id := range s.unpublished {
		if !s.Has(id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, s.unpublished
}
