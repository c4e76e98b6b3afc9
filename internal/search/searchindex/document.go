package searchindex

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
)

// noDate sorts documents without a date before all others.
const noDate = "0000-00-00"

// Doc is one searchable document: an agenda item, a paper or a meeting.
type Doc struct {
	Key  string // unique index key: Kind + ":" + ID (IDs are unique per kind only)
	ID   string // record ID
	Kind string
	URL  string

	Title string
	Text  string // everything searchable: Title + "\n\n" + Body
	// Body is the text below the title, the source of the highlighted
	// excerpts of hits, which come from one of its passages (Passages).
	Body string
	// PassageLen bounds a passage of Body in bytes.
	PassageLen int
	// Files are the files of the record whose text Body holds, and Parts
	// say where in Body each one's pages begin: a passage never spans two
	// parts, so that a hit can name the file and page its excerpt is from.
	Files []FileLink
	Parts []Part

	rebuild func() *Doc // for documents without their texts
	size    int         // bytes of Text, kept when the text is not

	Committee      string // display name of the (host or deciding) committee
	Date           string // YYYY-MM-DD, empty when unknown
	SortDate       string // Date, or noDate
	Year           string
	Result         string
	ResultCategory string
	Number         string // agenda item number
	Reference      string // paper reference ("V 235/22")
	// ClosedSession marks an agenda item treated in closed session: its
	// document is its title only, and its hit says so.
	ClosedSession bool

	// Matter is the key of the document that stands for its matter in the
	// hits: an item's paper (when the paper is public), else the
	// document's own Key. A search shows one hit per matter.
	Matter string
	// MatterKind is the kind of the Matter's document, what a hit of the
	// matter shows and the kind facet and filter count.
	MatterKind string
	// Path is a paper's way through the committees: its public agenda
	// items in date order (nil for other documents).
	Path []Step
}

// Step is a station of a paper's path: an agenda item that deliberates it,
// its meeting, date, committee and result.
type Step struct {
	Meeting   string `json:"meeting"`
	Date      string `json:"date,omitempty"`
	Committee string `json:"committee,omitempty"`
	Result    string `json:"result,omitempty"`
	URL       string `json:"url"`
}

// Documents turns a public archive into index documents, in the canonical
// order of the index: by date, then by key descending (so that the newest
// first, ties by key ascending, is this order reversed).
func Documents(a *record.Archive, basePath string, excerptLen int) []*Doc {
	return documents(a, basePath, excerptLen, nil, false)
}

// documents is Documents, with the site's copies of files (as
// Options.Copies); lazy documents do not keep their texts (the biggest
// part of an archive) but make them again when asked (Doc.full).
func documents(a *record.Archive, basePath string, excerptLen int, copies map[string]string, lazy bool) []*Doc {
	ix := record.NewIndex(a)
	base := strings.TrimSuffix(normalizeBasePath(basePath), "/")
	b := &docBuilder{ix: ix, a: a, excerptLen: excerptLen, base: base, copies: copies}
	var docs []*Doc
	add := func(make func() *Doc) {
		d := make()
		d.size = len(d.Text)
		if lazy {
			d.Text, d.Body, d.Files, d.Parts = "", "", nil, nil
			d.rebuild = make
		}
		docs = append(docs, d)
	}
	for _, m := range a.Meetings {
		add(func() *Doc { return b.meeting(m, base) })
		for _, it := range m.AgendaItems {
			add(func() *Doc { return b.item(m, it, base) })
		}
	}
	for _, p := range a.Papers {
		add(func() *Doc { return b.paper(p, base) })
	}
	for _, d := range docs {
		if d.Matter == "" {
			d.Matter, d.MatterKind = d.Key, d.Kind
		}
		d.SortDate = cmp.Or(d.Date, noDate)
		if d.Date != "" {
			d.Year = d.Date[:4]
		}
	}
	slices.SortFunc(docs, func(x, y *Doc) int {
		return cmp.Or(strings.Compare(x.SortDate, y.SortDate), strings.Compare(y.Key, x.Key))
	})
	return docs
}

func normalizeBasePath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

type docBuilder struct {
	ix         *record.Index
	a          *record.Archive
	excerptLen int
	base       string            // the site's path, without the final slash
	copies     map[string]string // Options.Copies
}

func (b *docBuilder) committee(orgIDs []string) string {
	if len(orgIDs) == 0 {
		return ""
	}
	if o := b.ix.Organizations[orgIDs[0]]; o != nil {
		return o.DisplayName()
	}
	return ""
}

func (b *docBuilder) orgNames(orgIDs []string) []string {
	var names []string
	for _, id := range orgIDs {
		if o := b.ix.Organizations[id]; o != nil {
			names = append(names, o.Name)
			if o.ShortName != "" && o.ShortName != o.Name {
				names = append(names, o.ShortName)
			}
		}
	}
	return names
}

func (b *docBuilder) meetingDate(m *record.Meeting) string {
	if m == nil || m.Start.IsZero() {
		return ""
	}
	return m.Start.Format("2006-01-02")
}

func (b *docBuilder) meeting(m *record.Meeting, base string) *Doc {
	body := newText(m.Name, len(m.Location)+filesLen(m.Files))
	body.add(m.Location)
	body.add(b.orgNames(m.Organizations)...)
	for _, it := range m.AgendaItems {
		body.add(strings.TrimSpace(it.Number + " " + it.Name))
	}
	b.files(body, m.Files)
	// A heading's files (an attendance list) are shown on the meeting's
	// page; the gate has dropped those of a closed part.
	for _, h := range m.Headings {
		b.files(body, h.Files)
	}
	return b.finish(&Doc{
		Key: query.KindMeeting + ":" + m.ID, ID: m.ID, Kind: query.KindMeeting,
		URL:       base + permalink.Meeting(m.ID),
		Title:     m.Name,
		Committee: b.committee(m.Organizations),
		Date:      b.meetingDate(m),
	}, body)
}

func (b *docBuilder) item(m *record.Meeting, it *record.AgendaItem, base string) *Doc {
	d := &Doc{
		Key: query.KindItem + ":" + it.ID, ID: it.ID, Kind: query.KindItem,
		URL:       base + permalink.AgendaItem(it.ID),
		Title:     it.Name,
		Committee: b.committee(m.Organizations),
		Date:      b.meetingDate(m),
		Number:    it.Number,
	}
	var body *text
	if it.ClosedSession {
		body = newText(it.Name, 0)
		// Its title only: the gate left nothing else of a closed-session
		// item but the paper it deliberates, whose text is the paper's.
		d.ClosedSession = true
		b.matter(d, it)
		return b.finish(d, body)
	}
	body = newText(it.Name, len(it.Result)+len(it.ResolutionText)+len(it.Minutes)+filesLen(it.Files))
	body.add(it.Result, it.ResolutionText, it.Minutes)
	body.add(strings.Join(it.Speakers, ", "))
	for _, pid := range it.Persons {
		if p := b.ix.Persons[pid]; p != nil {
			body.add(p.Name)
		}
	}
	if p := b.ix.Papers[it.Paper]; p != nil {
		d.Reference = p.Reference
		body.add(p.Reference, p.Name)
	}
	b.matter(d, it)
	b.files(body, it.Files)
	d.Result, d.ResultCategory = it.Result, string(it.ResultCategory)
	return b.finish(d, body)
}

func (b *docBuilder) paper(p *record.Paper, base string) *Doc {
	body := newText(p.Name, len(p.Text)+filesLen(p.Files))
	body.add(p.Reference, p.PaperType)
	for _, o := range p.Originators {
		switch {
		case b.ix.Organizations[o] != nil:
			body.add(b.ix.Organizations[o].Name)
		case b.ix.Persons[o] != nil:
			body.add(b.ix.Persons[o].Name)
		default:
			body.add(o)
		}
	}
	body.add(p.Text)
	b.files(body, p.Files)

	d := &Doc{
		Key: query.KindPaper + ":" + p.ID, ID: p.ID, Kind: query.KindPaper,
		URL:       base + permalink.Paper(p.ID),
		Title:     p.Name,
		Reference: p.Reference,
	}
	if !p.Date.IsZero() {
		d.Date = p.Date.Format("2006-01-02")
	}
	// The paper's committee is its deciding consultation's, else its first
	// consultation's or first deliberation's; its result is its outcome,
	// which the paper's page shows too (record.Index.Outcome).
	items := b.ix.ItemsOfPaper[p.ID]
	for _, c := range p.Consultations {
		if c.Authoritative && d.Committee == "" {
			d.Committee = b.committee([]string{c.Organization})
		}
	}
	if d.Committee == "" && len(p.Consultations) > 0 {
		d.Committee = b.committee([]string{p.Consultations[0].Organization})
	}
	if decided, _ := b.ix.Outcome(p); decided != nil {
		d.Result, d.ResultCategory = decided.Result, string(decided.ResultCategory)
	}
	for _, it := range items {
		m := b.ix.MeetingOf[it.ID]
		d.Path = append(d.Path, Step{Meeting: m.Name, Date: b.meetingDate(m), Committee: b.committee(m.Organizations),
			Result: it.Result, URL: base + permalink.AgendaItem(it.ID)})
	}
	slices.SortStableFunc(d.Path, func(x, y Step) int { return strings.Compare(x.Date, y.Date) })
	if len(items) > 0 {
		m := b.ix.MeetingOf[items[0].ID]
		if d.Committee == "" {
			d.Committee = b.committee(m.Organizations)
		}
		if d.Date == "" {
			d.Date = b.meetingDate(m)
		}
	}
	return b.finish(d, body)
}

// matter sets an item's matter to its paper's when the paper is public.
func (b *docBuilder) matter(d *Doc, it *record.AgendaItem) {
	if b.ix.Papers[it.Paper] != nil {
		d.Matter, d.MatterKind = query.KindPaper+":"+it.Paper, query.KindPaper
	}
}

func (b *docBuilder) finish(d *Doc, body *text) *Doc {
	// Body shares Text's bytes: the texts of an archive are its biggest
	// part. body began with the title (newText).
	d.Text = body.b.String()
	d.Body = d.Text[body.off:]
	d.PassageLen = b.excerptLen
	d.Files, d.Parts = body.links, body.parts
	return d
}

// files adds the names and texts of a record's files to its body, marking
// where each page begins.
func (b *docBuilder) files(body *text, fs []record.File) {
	for _, f := range fs {
		body.part(Part{}) // the name is the record's, not a page
		body.add(f.Name)
		if strings.TrimSpace(f.Text) == "" {
			continue
		}
		name := cmp.Or(strings.TrimSpace(f.Name), f.ID)
		link := record.WebURL(f.AccessURL)
		if c, ok := b.copies[f.Copy]; ok && f.Copy != "" {
			link = b.base + "/" + c
		}
		body.links = append(body.links, FileLink{Name: name, URL: link})
		body.pages(f.Text, len(body.links))
	}
	body.part(Part{})
}

// full returns the document with its texts, made again from the records
// for a document that does not keep them.
func (d *Doc) full() *Doc {
	if d.rebuild != nil {
		return d.rebuild()
	}
	return d
}

// PassageStarts cuts body into passages of at most n bytes, at a space
// where there is one in the passage's last quarter, and returns the byte
// offset where each begins (the first is 0). A passage also begins at
// each of breaks (byte offsets, ascending), and none is empty.
func PassageStarts(body string, n int, breaks []int) []int {
	starts := []int{0}
	for at := 0; at < len(body); {
		end := len(body)
		for len(breaks) > 0 && breaks[0] <= at {
			breaks = breaks[1:]
		}
		if len(breaks) > 0 {
			end = min(breaks[0], end)
		}
		cut := len(truncate(body[at:end], n))
		if cut == 0 || at+cut >= len(body) {
			return starts
		}
		at += cut
		starts = append(starts, at)
	}
	return starts
}

// FileLink names a file of a document's record and where it opens: the
// site's copy, else the source's address, "" when it has none a browser
// may follow.
type FileLink struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Part is a stretch of a document's body, up to the next part: a page of
// one of its files, or text of no file.
type Part struct {
	Start int // byte offset in Body
	File  int // Doc.Files[File-1]; 0 for text of no file
	// Page is the page's number from 1, or 0 for a file without page
	// breaks (record.PageBreak), whose page nobody needs to be told.
	Page int
}

// partAt returns the part holding the byte offset off of the body.
func partAt(parts []Part, off int) Part {
	k := sort.Search(len(parts), func(i int) bool { return parts[i].Start > off })
	if k == 0 {
		return Part{}
	}
	return parts[k-1]
}

// text joins the searchable parts of a record, one paragraph each, and
// notes where the pages of its files begin.
type text struct {
	b     strings.Builder // the title, "\n\n", then the text
	off   int             // where the text begins in b
	links []FileLink
	parts []Part
}

// newText returns the text below title, with room for about size bytes
// of it (the document's Text is made without another copy).
func newText(title string, size int) *text {
	t := &text{off: len(title) + len("\n\n")}
	t.b.Grow(t.off + size + size/16)
	t.b.WriteString(title)
	t.b.WriteString("\n\n")
	return t
}

// len is the length of the text so far.
func (t *text) len() int { return t.b.Len() - t.off }

// filesLen is the length of the names and texts of files.
func filesLen(fs []record.File) int {
	n := 0
	for _, f := range fs {
		n += len(f.Name) + len(f.Text) + 2*len("\n\n")
	}
	return n
}

// part begins a part at the next paragraph; a part that would begin where
// the one before it does replaces it, and one like the part before it is
// not a new part.
func (t *text) part(p Part) {
	p.Start = t.len()
	if t.len() > 0 {
		p.Start += len("\n\n")
	}
	t.mark(p)
}

func (t *text) mark(p Part) {
	if n := len(t.parts); n > 0 && t.parts[n-1].Start == p.Start {
		t.parts = t.parts[:n-1]
	}
	last := Part{}
	if n := len(t.parts); n > 0 {
		last = t.parts[n-1]
	}
	if p.File == last.File && p.Page == last.Page {
		return
	}
	t.parts = append(t.parts, p)
}

// pages adds the text of the file Files[file-1], a part per page.
func (t *text) pages(s string, file int) {
	trimmed := strings.TrimSpace(s)
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	page := 1 + strings.Count(s[:lead], record.PageBreak) // pages that were blank
	paged := page > 1 || strings.Contains(trimmed, record.PageBreak)
	num := func() int {
		if paged {
			return page
		}
		return 0
	}
	t.part(Part{File: file, Page: num()})
	start := t.len()
	if start > 0 {
		start += len("\n\n")
	}
	t.add(trimmed)
	for i := 0; i < len(trimmed); i++ {
		if trimmed[i] == record.PageBreak[0] {
			page++
			t.mark(Part{Start: start + i + 1, File: file, Page: num()})
		}
	}
}

func (t *text) add(parts ...string) {
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if t.len() > 0 {
			t.b.WriteString("\n\n")
		}
		t.b.WriteString(p)
	}
}

// truncate cuts s to at most n bytes, at a space when there is one in the
// last quarter, never inside a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if sp := strings.LastIndexAny(s[:cut], " \n\t"); sp > n*3/4 {
		cut = sp
	}
	return s[:cut]
}
