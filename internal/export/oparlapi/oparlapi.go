// Package oparlapi writes the public archive as a static OParl 1.1 API
// (https://oparl.org): JSON files below the site's oparl/ folder that any
// OParl client can read from a plain static host, starting at
// oparl/system.json. Every object is a file at its own URL (its `id`), and
// every external list is a run of pages, oparl/<list>/page-N.json, joined
// by `next` links: a static host serves files, not query strings, so the
// URLs are the files' names. docs/exports.md describes the layout and what
// records keep that OParl has no place for.
//
// The writer knows OParl only from its specification and schema; it does
// not use the importer (internal/source/oparl), which reads the files back
// in the round-trip test.
package oparlapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Folder is the API's folder in the site.
const Folder = "oparl"

// SystemPath is the site path of the System object, where clients start.
const SystemPath = "/" + Folder + "/system.json"

// DefaultPageSize is the number of objects on a list page. OParl
// recommends pagination for lists of more than 100 objects.
const DefaultPageSize = 100

// Product names the software in the System object.
const Product = "https://github.com/ratsarchiv/ratsarchiv"

// Options configure the API.
type Options struct {
	// BaseURL is the site's public URL; every `id` is a URL below it.
	BaseURL string
	// Title names the System (the site's title).
	Title string
	// PageSize is the number of objects on a list page; 0 means
	// DefaultPageSize.
	PageSize int
}

// Stats counts what Write wrote, by list ("meetings", "files", …), and the
// files it left out because OParl requires a download URL they lack.
type Stats struct {
	Objects      map[string]int
	SkippedFiles int
}

// The lists of the body, in the order they are written.
const (
	listBodies        = "bodies"
	listOrganizations = "organizations"
	listPersons       = "persons"
	listMemberships   = "memberships"
	listLocations     = "locations"
	listMeetings      = "meetings"
	listAgendaItems   = "agendaitems"
	listPapers        = "papers"
	listConsultations = "consultations"
	listFiles         = "files"
)

// Write writes the API for a into d.
func Write(d *export.Dir, a *record.Archive, opts Options) (Stats, error) {
	if opts.PageSize <= 0 {
		opts.PageSize = DefaultPageSize
	}
	if !export.WebURL(opts.BaseURL) {
		return Stats{}, fmt.Errorf("oparlapi: the base URL %q is not an absolute http(s) URL, which OParl IDs must be (set baseURL or --base-url)", opts.BaseURL)
	}
	w := &writer{d: d, a: a, ix: record.NewIndex(a), opts: opts, site: strings.TrimSuffix(opts.BaseURL, "/") + "/", written: map[string]bool{}}
	w.plan()
	if err := w.write(); err != nil {
		return Stats{}, err
	}
	st := Stats{Objects: map[string]int{}, SkippedFiles: w.skippedFiles}
	for name, l := range w.lists {
		st.Objects[name] = l.total
	}
	return st, nil
}

// writer holds one run of Write: the plan (URLs and back references, made
// in a first pass so that lists know their length and files their owners)
// and the lists being written.
type writer struct {
	d    *export.Dir
	a    *record.Archive
	ix   *record.Index
	opts Options
	site string // the base URL, ending in "/"

	written map[string]bool // paths written, to catch two objects on one URL

	orgMemberships   map[string][]string // organization ID → membership URLs
	itemConsultation map[string]string   // agenda item ID → URL of the consultation that names it
	// added are the steps made for agenda items that deliberate a paper
	// whose path does not name them: OParl links item and paper only
	// through a consultation.
	added        map[string][]record.Consultation
	fileOwners   map[string]*owners // file URL → the objects that hold it
	locations    map[string]string  // location text → URL
	skippedFiles int

	lists map[string]*pager
}

// owners are a file's back references.
type owners struct{ meetings, items, papers []string }

// path is the site path of an object of a kind ("meeting") with a slug.
func objectPath(kind, slug string) string { return Folder + "/" + kind + "/" + slug + ".json" }

func (w *writer) url(path string) string { return w.site + path }

func (w *writer) objectURL(kind, id string) string {
	return w.url(objectPath(kind, permalink.Slug(id)))
}

func (w *writer) pageURL(sitePath string) string { return export.URL(w.site, sitePath) }

func (w *writer) bodyURL() string             { return w.objectURL("body", w.a.Body.ID) }
func (w *writer) orgURL(id string) string     { return w.objectURL("organization", id) }
func (w *writer) personURL(id string) string  { return w.objectURL("person", id) }
func (w *writer) meetingURL(id string) string { return w.objectURL("meeting", id) }
func (w *writer) itemURL(id string) string    { return w.objectURL("agendaitem", id) }
func (w *writer) paperURL(id string) string   { return w.objectURL("paper", id) }

// Objects that records keep without an ID of their own get one made of
// their owner's and their position: stable as long as the owner's record
// keeps its order.
func (w *writer) membershipURL(personID string, i int) string {
	return w.url(objectPath("membership", permalink.Slug(personID)+"-"+strconv.Itoa(i+1)))
}

// headingID is the ID of an agenda heading in the API: its own, or its
// meeting's and its order.
func headingID(m *record.Meeting, h *record.Heading) string {
	if h.ID != "" {
		return h.ID
	}
	return m.ID + "-h" + strconv.Itoa(h.Order)
}

func (w *writer) consultationURL(paperID string, i int) string {
	return w.url(objectPath("consultation", permalink.Slug(paperID)+"-"+strconv.Itoa(i+1)))
}

// fileSlug is a file's slug: its own ID's, or its owner's (m, i, h, p for
// meeting, agenda item, heading, paper) and its position.
func fileSlug(ownerKind byte, ownerID string, i int, f record.File) string {
	if f.ID != "" {
		return permalink.Slug(f.ID)
	}
	return permalink.Slug(ownerID) + "-" + string(ownerKind) + strconv.Itoa(i+1)
}

// textSlug is the slug of the file that carries a paper's text.
func textSlug(paperID string) string { return permalink.Slug(paperID) + "-text" }

// plan makes the URLs that objects refer to before they are written.
func (w *writer) plan() {
	w.orgMemberships = map[string][]string{}
	w.itemConsultation = map[string]string{}
	w.added = map[string][]record.Consultation{}
	w.fileOwners = map[string]*owners{}
	w.locations = map[string]string{}
	w.lists = map[string]*pager{}
	count := map[string]int{
		listBodies: 1, listOrganizations: len(w.a.Organizations), listPersons: len(w.a.Persons),
		listMeetings: len(w.a.Meetings), listPapers: len(w.a.Papers),
	}

	for _, p := range w.a.Persons {
		for i, ms := range p.Memberships {
			w.orgMemberships[ms.Organization] = append(w.orgMemberships[ms.Organization], w.membershipURL(p.ID, i))
			count[listMemberships]++
		}
	}
	for _, p := range w.a.Papers {
		for i, c := range p.Consultations {
			if c.AgendaItem != "" && w.itemConsultation[c.AgendaItem] == "" {
				w.itemConsultation[c.AgendaItem] = w.consultationURL(p.ID, i)
			}
		}
		count[listConsultations] += len(p.Consultations)
	}
	file := func(kind byte, ownerID, ownerURL string, i int, f record.File, add func(*owners, string)) {
		if !export.WebURL(f.AccessURL) {
			w.skippedFiles++
			return
		}
		u := w.url(objectPath("file", fileSlug(kind, ownerID, i, f)))
		o := w.fileOwners[u]
		if o == nil {
			o = &owners{}
			w.fileOwners[u] = o
			count[listFiles]++
		}
		add(o, ownerURL)
	}
	onMeeting := func(o *owners, u string) { o.meetings = append(o.meetings, u) }
	onItem := func(o *owners, u string) { o.items = append(o.items, u) }
	onPaper := func(o *owners, u string) { o.papers = append(o.papers, u) }
	for _, m := range w.a.Meetings {
		if l := m.Location; l != "" && w.locations[l] == "" {
			w.locations[l] = w.url(objectPath("location", permalink.Slug(l)))
			count[listLocations]++
		}
		for i, f := range m.Files {
			file('m', m.ID, w.meetingURL(m.ID), i, f, onMeeting)
		}
		for _, h := range m.Headings {
			count[listAgendaItems]++
			for i, f := range h.Files {
				file('h', headingID(m, h), w.itemURL(headingID(m, h)), i, f, onItem)
			}
		}
		for _, it := range m.AgendaItems {
			count[listAgendaItems]++
			for i, f := range it.Files {
				file('i', it.ID, w.itemURL(it.ID), i, f, onItem)
			}
			if it.Paper != "" && w.itemConsultation[it.ID] == "" && w.ix.Papers[it.Paper] != nil {
				p := w.ix.Papers[it.Paper]
				n := len(p.Consultations) + len(w.added[p.ID])
				w.added[p.ID] = append(w.added[p.ID], record.Consultation{Organization: m.Organizations[0], Meeting: m.ID, AgendaItem: it.ID})
				w.itemConsultation[it.ID] = w.consultationURL(p.ID, n)
				count[listConsultations]++
			}
		}
	}
	for _, p := range w.a.Papers {
		if strings.TrimSpace(p.Text) != "" {
			w.fileOwners[w.url(objectPath("file", textSlug(p.ID)))] = &owners{papers: []string{w.paperURL(p.ID)}}
			count[listFiles]++
		}
		for i, f := range p.Files {
			file('p', p.ID, w.paperURL(p.ID), i, f, onPaper)
		}
	}
	for _, name := range []string{listBodies, listOrganizations, listPersons, listMemberships, listLocations, listMeetings, listAgendaItems, listPapers, listConsultations, listFiles} {
		w.lists[name] = &pager{w: w, name: name, total: count[name], size: w.opts.PageSize}
	}
}

// listURL is the URL of a list's first page, which objects refer to.
func (w *writer) listURL(name string) string { return w.url(pagePath(name, 1)) }

func pagePath(name string, page int) string {
	return Folder + "/" + name + "/page-" + strconv.Itoa(page) + ".json"
}

// write writes every object and list.
func (w *writer) write() error {
	sys := system{
		ID: w.url(strings.TrimPrefix(SystemPath, "/")), Type: typePrefix + "System", OparlVersion: typePrefix,
		Body: w.listURL(listBodies), Name: w.opts.Title, Website: w.site, Product: Product, Web: w.site,
	}
	if _, err := w.object(SystemPath, sys); err != nil {
		return err
	}
	b := w.a.Body
	_, err := w.put(listBodies, objectPath("body", permalink.Slug(b.ID)), body{
		ID: w.bodyURL(), Type: typePrefix + "Body", System: sys.ID, Name: b.Name, ShortName: b.ShortName,
		Website: export.WebOnly(b.Website), LegislativeTerm: []struct{}{},
		Organization: w.listURL(listOrganizations), Person: w.listURL(listPersons), Meeting: w.listURL(listMeetings),
		Paper: w.listURL(listPapers), AgendaItem: w.listURL(listAgendaItems), Consultation: w.listURL(listConsultations),
		File: w.listURL(listFiles), LocationList: w.listURL(listLocations), Membership: w.listURL(listMemberships),
		Web: w.site,
	})
	if err != nil {
		return err
	}
	steps := []func() error{w.organizations, w.persons, w.locationObjects, w.meetings, w.papers}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for _, name := range []string{listBodies, listOrganizations, listPersons, listMemberships, listLocations, listMeetings, listAgendaItems, listPapers, listConsultations, listFiles} {
		if err := w.lists[name].close(); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) organizations() error {
	for _, o := range w.a.Organizations {
		_, err := w.put(listOrganizations, objectPath("organization", permalink.Slug(o.ID)), organization{
			ID: w.orgURL(o.ID), Type: typePrefix + "Organization", Body: w.bodyURL(), Name: o.Name, ShortName: o.ShortName,
			Membership: w.orgMemberships[o.ID], OrganizationType: o.OrganizationType, Classification: o.Classification,
			StartDate: export.Date(o.Start), EndDate: export.Date(o.End), Website: export.WebOnly(o.Website),
			Web: w.pageURL(permalink.Organization(o.ID)),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) persons() error {
	for _, p := range w.a.Persons {
		pr := person{
			ID: w.personURL(p.ID), Type: typePrefix + "Person", Body: w.bodyURL(), Name: p.Name,
			FamilyName: p.FamilyName, GivenName: p.GivenName, FormOfAddress: p.FormOfAddress,
			Web: w.pageURL(permalink.Person(p.ID)),
		}
		if p.Title != "" {
			pr.Title = []string{p.Title}
		}
		for i, ms := range p.Memberships {
			u := w.membershipURL(p.ID, i)
			raw, err := w.put(listMemberships, strings.TrimPrefix(u, w.site), membership{
				ID: u, Type: typePrefix + "Membership", Person: pr.ID, Organization: w.orgURL(ms.Organization),
				Role: ms.Role, VotingRight: ms.VotingRight, StartDate: export.Date(ms.Start), EndDate: export.Date(ms.End),
			})
			if err != nil {
				return err
			}
			pr.Membership = append(pr.Membership, raw)
		}
		_, err := w.put(listPersons, objectPath("person", permalink.Slug(p.ID)), pr)
		if err != nil {
			return err
		}
	}
	return nil
}

// locationObjects writes a Location for each meeting place, in the order
// meetings first name them.
func (w *writer) locationObjects() error {
	for _, m := range w.a.Meetings {
		u := w.locations[m.Location]
		if u == "" || w.written[strings.TrimPrefix(u, w.site)] {
			continue
		}
		_, err := w.put(listLocations, strings.TrimPrefix(u, w.site), location{ID: u, Type: typePrefix + "Location", Description: m.Location})
		if err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) meetings() error {
	for _, m := range w.a.Meetings {
		mt := meeting{
			ID: w.meetingURL(m.ID), Type: typePrefix + "Meeting", Name: m.Name, MeetingState: m.MeetingState,
			Cancelled: m.Cancelled, Start: export.DateTime(m.Start), End: export.DateTime(m.End),
			Web: w.pageURL(permalink.Meeting(m.ID)),
		}
		if u := w.locations[m.Location]; u != "" {
			loc, err := json.Marshal(location{ID: u, Type: typePrefix + "Location", Description: m.Location})
			if err != nil {
				return err
			}
			mt.Location = loc
		}
		for _, o := range m.Organizations {
			mt.Organization = append(mt.Organization, w.orgURL(o))
		}
		var err error
		if mt.AuxiliaryFile, err = w.files('m', m.ID, m.Files); err != nil {
			return err
		}
		// The agenda in its order: headings are agenda items in OParl
		// (as the sources publish them), without a page of their own.
		items, heads := m.AgendaItems, m.Headings
		for len(items)+len(heads) > 0 {
			var ai agendaItem
			var kind byte
			var id string
			var fs []record.File
			if len(heads) > 0 && (len(items) == 0 || heads[0].Order <= items[0].Order) {
				h := heads[0]
				heads = heads[1:]
				kind, id, fs = 'h', headingID(m, h), h.Files
				ai = agendaItem{Number: h.Number, Order: h.Order, Name: h.Name, Public: !h.ClosedSession}
			} else {
				it := items[0]
				items = items[1:]
				kind, id, fs = 'i', it.ID, it.Files
				// OParl's public says whether the item was treated in
				// public session; withheld items are not here at all.
				ai = agendaItem{
					Number: it.Number, Order: it.Order, Name: it.Name, Public: !it.ClosedSession, Consultation: w.itemConsultation[it.ID],
					Result: it.Result, ResolutionText: strings.TrimSpace(it.ResolutionText), Web: w.pageURL(permalink.AgendaItem(it.ID)),
				}
			}
			ai.ID, ai.Type, ai.Meeting = w.itemURL(id), typePrefix+"AgendaItem", mt.ID
			if ai.AuxiliaryFile, err = w.files(kind, id, fs); err != nil {
				return err
			}
			raw, err := w.put(listAgendaItems, objectPath("agendaitem", permalink.Slug(id)), ai)
			if err != nil {
				return err
			}
			mt.AgendaItem = append(mt.AgendaItem, raw)
		}
		if _, err := w.put(listMeetings, objectPath("meeting", permalink.Slug(m.ID)), mt); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) papers() error {
	for _, p := range w.a.Papers {
		pp := paper{
			ID: w.paperURL(p.ID), Type: typePrefix + "Paper", Body: w.bodyURL(), Name: p.Name, Reference: p.Reference,
			Date: export.Date(p.Date), PaperType: p.PaperType, Web: w.pageURL(permalink.Paper(p.ID)),
		}
		if strings.TrimSpace(p.Text) != "" {
			raw, err := w.paperText(p, pp.ID)
			if err != nil {
				return err
			}
			pp.MainFile = raw
		}
		var err error
		if pp.AuxiliaryFile, err = w.files('p', p.ID, p.Files); err != nil {
			return err
		}
		for _, id := range p.Originators {
			// Free-text originators ("Fachbereich Jugend") have no place:
			// OParl names originators by URL.
			switch {
			case w.ix.Organizations[id] != nil:
				pp.OriginatorOrganization = append(pp.OriginatorOrganization, w.orgURL(id))
			case w.ix.Persons[id] != nil:
				pp.OriginatorPerson = append(pp.OriginatorPerson, w.personURL(id))
			}
		}
		for i, c := range append(append([]record.Consultation(nil), p.Consultations...), w.added[p.ID]...) {
			cs := consultation{
				ID: w.consultationURL(p.ID, i), Type: typePrefix + "Consultation", Paper: pp.ID,
				Authoritative: c.Authoritative, Role: c.Role,
			}
			if c.AgendaItem != "" {
				cs.AgendaItem = w.itemURL(c.AgendaItem)
			}
			if c.Meeting != "" {
				cs.Meeting = w.meetingURL(c.Meeting)
			}
			if c.Organization != "" {
				cs.Organization = []string{w.orgURL(c.Organization)}
			}
			raw, err := w.put(listConsultations, strings.TrimPrefix(cs.ID, w.site), cs)
			if err != nil {
				return err
			}
			pp.Consultation = append(pp.Consultation, raw)
		}
		if _, err := w.put(listPapers, objectPath("paper", permalink.Slug(p.ID)), pp); err != nil {
			return err
		}
	}
	return nil
}

// paperText writes the File that carries a paper's text: records keep the
// text on the paper, OParl in the paper's mainFile. The text is also
// served as a plain text file, the File's accessUrl.
func (w *writer) paperText(p *record.Paper, paperURL string) (json.RawMessage, error) {
	slug := textSlug(p.ID)
	txt := Folder + "/file/" + slug + ".txt"
	if err := w.claim(txt); err != nil {
		return nil, err
	}
	text := strings.TrimSpace(p.Text)
	if err := w.d.Write(txt, func(out io.Writer) error { _, err := io.WriteString(out, text); return err }); err != nil {
		return nil, err
	}
	f := file{
		ID: w.url(objectPath("file", slug)), Type: typePrefix + "File", Name: p.Name, FileName: slug + ".txt",
		MimeType: "text/plain", Text: text, AccessURL: w.url(txt), Paper: []string{paperURL},
	}
	return w.put(listFiles, objectPath("file", slug), f)
}

// files returns the File objects of a record's files, writing each the
// first time it comes up. Files without a web address are left out: OParl
// requires an accessUrl.
func (w *writer) files(kind byte, ownerID string, fs []record.File) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for i, rf := range fs {
		if !export.WebURL(rf.AccessURL) {
			continue
		}
		path := objectPath("file", fileSlug(kind, ownerID, i, rf))
		u := w.url(path)
		o := w.fileOwners[u]
		f := file{
			ID: u, Type: typePrefix + "File", Name: rf.Name, MimeType: rf.MimeType, Date: export.Date(rf.Date),
			Text: rf.Text, AccessURL: rf.AccessURL, Meeting: o.meetings, AgendaItem: o.items, Paper: o.papers,
		}
		var raw json.RawMessage
		var err error
		if w.written[path] {
			raw, err = json.Marshal(f) // a file several records hold, written once
		} else {
			raw, err = w.put(listFiles, path, f)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, raw)
	}
	return out, nil
}

// put writes v at path and adds it to a list.
func (w *writer) put(list, path string, v any) (json.RawMessage, error) {
	raw, err := w.object(path, v)
	if err != nil {
		return nil, err
	}
	return raw, w.lists[list].add(raw)
}

// object encodes v and writes it at path, once.
func (w *writer) object(path string, v any) (json.RawMessage, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("oparlapi: %s: %w", path, err)
	}
	return raw, w.writeJSON(path, raw)
}

func (w *writer) writeJSON(path string, raw []byte) error {
	path = strings.TrimPrefix(path, "/")
	if err := w.claim(path); err != nil {
		return err
	}
	return w.d.Write(path, func(out io.Writer) error {
		if _, err := out.Write(raw); err != nil {
			return err
		}
		_, err := io.WriteString(out, "\n")
		return err
	})
}

// claim records that path is taken; two objects on one path are an error
// rather than one silently replacing the other.
func (w *writer) claim(path string) error {
	if w.written[path] {
		return fmt.Errorf("oparlapi: two objects map to %s; change one record's ID", path)
	}
	w.written[path] = true
	return nil
}

// pager writes a list page by page as objects are added.
type pager struct {
	w     *writer
	name  string
	total int // known from the plan: pages link to the last one
	size  int
	page  int // pages written
	added int
	buf   []json.RawMessage
}

func (p *pager) pages() int { return max(1, (p.total+p.size-1)/p.size) }

func (p *pager) add(raw json.RawMessage) error {
	p.buf = append(p.buf, raw)
	p.added++
	if len(p.buf) == p.size {
		return p.flush()
	}
	return nil
}

func (p *pager) flush() error {
	p.page++
	n := p.pages()
	if p.page > n {
		return fmt.Errorf("oparlapi: list %s has more than the %d objects planned", p.name, p.total)
	}
	w := p.w
	lp := listPage{
		Data:       []json.RawMessage{},
		Pagination: pagination{TotalElements: p.total, ElementsPerPage: p.size, CurrentPage: p.page, TotalPages: n},
		Links:      links{First: w.url(pagePath(p.name, 1)), Self: w.url(pagePath(p.name, p.page)), Last: w.url(pagePath(p.name, n))},
	}
	if p.page > 1 {
		lp.Links.Prev = w.url(pagePath(p.name, p.page-1))
	}
	if p.page < n {
		lp.Links.Next = w.url(pagePath(p.name, p.page+1))
	}
	path := pagePath(p.name, p.page)
	empty, err := json.Marshal(lp)
	if err != nil {
		return fmt.Errorf("oparlapi: %s: %w", path, err)
	}
	raw, err := spliceData(empty, p.buf)
	p.buf = p.buf[:0]
	if err != nil {
		return fmt.Errorf("oparlapi: %s: %w", path, err)
	}
	return w.writeJSON(path, raw)
}

// emptyData is how a list page without objects begins.
const emptyData = `{"data":[]`

// spliceData puts the objects into the encoding of a list page without
// any, as json.Marshal would have them in it: they are its own output
// (compact, escaped as it escapes), which it would only check and copy
// again, a third of the exports' time.
func spliceData(empty []byte, objects []json.RawMessage) ([]byte, error) {
	rest, ok := bytes.CutPrefix(empty, []byte(emptyData))
	if !ok {
		return nil, fmt.Errorf("list page begins %.20q, not %q", empty, emptyData)
	}
	n := len(empty) + len(objects)
	for _, o := range objects {
		n += len(o)
	}
	out := make([]byte, 0, n)
	out = append(out, emptyData[:len(emptyData)-1]...)
	for i, o := range objects {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, o...)
	}
	out = append(out, ']')
	return append(out, rest...), nil
}

// close writes the last page: the rest, or an empty first page.
func (p *pager) close() error {
	if len(p.buf) > 0 || p.page == 0 {
		if err := p.flush(); err != nil {
			return err
		}
	}
	if p.added != p.total {
		return fmt.Errorf("oparlapi: list %s has %d objects, %d planned", p.name, p.added, p.total)
	}
	return nil
}
