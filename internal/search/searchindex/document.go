package searchindex

import (
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"slices"
	"strings"
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

	rebuild func() (text, body string) // for documents without their texts

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
}

// Documents turns a public archive into index documents, in the canonical
// order of the index: by date, then by key descending (so that the newest
// first, ties by key ascending, is this order reversed).
func Documents(a *record.Archive, basePath string, excerptLen int) []*Doc {
	return documents(a, basePath, excerptLen, false)
}

// documents is Documents; lazy documents do not keep their texts (the
// biggest part of an archive) but make them again when asked (Doc.text).
func documents(a *record.Archive, basePath string, excerptLen int, lazy bool) []*Doc {
	ix := record.NewIndex(a)
	base := strings.TrimSuffix(normalizeBasePath(basePath), "/")
	b := &docBuilder{ix: ix, a: a, excerptLen: excerptLen}
	var docs []*Doc
	add := func(make func() *Doc) {
		d := make()
		if lazy {
			d.Text, d.Body = "", ""
			d.rebuild = func() (string, string) { t := make(); return t.Text, t.Body }
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
	var body text
	body.add(m.Location)
	body.add(b.orgNames(m.Organizations)...)
	for _, it := range m.AgendaItems {
		body.add(strings.TrimSpace(it.Number + " " + it.Name))
	}
	body.files(m.Files)
	return b.finish(&Doc{
		Key: query.KindMeeting + ":" + m.ID, ID: m.ID, Kind: query.KindMeeting,
		URL:       base + permalink.Meeting(m.ID),
		Title:     m.Name,
		Committee: b.committee(m.Organizations),
		Date:      b.meetingDate(m),
	}, &body)
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
	var body text
	if it.ClosedSession {
		// Its title only: the gate left nothing else of a closed-session
		// item but the paper it deliberates, whose text is the paper's.
		d.ClosedSession = true
		return b.finish(d, &body)
	}
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
	body.files(it.Files)
	d.Result, d.ResultCategory = it.Result, string(it.ResultCategory)
	return b.finish(d, &body)
}

func (b *docBuilder) paper(p *record.Paper, base string) *Doc {
	var body text
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
	body.files(p.Files)

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
	if len(items) > 0 {
		m := b.ix.MeetingOf[items[0].ID]
		if d.Committee == "" {
			d.Committee = b.committee(m.Organizations)
		}
		if d.Date == "" {
			d.Date = b.meetingDate(m)
		}
	}
	return b.finish(d, &body)
}

func (b *docBuilder) finish(d *Doc, body *text) *Doc {
	// Body shares Text's bytes: the texts of an archive are its biggest part.
	d.Text = d.Title + "\n\n" + body.String()
	d.Body = d.Text[len(d.Title)+len("\n\n"):]
	d.PassageLen = b.excerptLen
	return d
}

// text returns the document's Text and Body, made again from the records
// for a document that does not keep them.
func (d *Doc) text() (text, body string) {
	if d.rebuild != nil {
		return d.rebuild()
	}
	return d.Text, d.Body
}

// PassageStarts cuts body into passages of at most n bytes, at a space
// where there is one in the passage's last quarter, and returns the byte
// offset where each begins (the first is 0).
func PassageStarts(body string, n int) []int {
	starts := []int{0}
	for at := 0; ; {
		cut := len(truncate(body[at:], n))
		if cut == 0 || at+cut >= len(body) {
			return starts
		}
		at += cut
		starts = append(starts, at)
	}
}

// text joins the searchable parts of a record, one paragraph each.
type text struct{ b strings.Builder }

func (t *text) add(parts ...string) {
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if t.b.Len() > 0 {
			t.b.WriteString("\n\n")
		}
		t.b.WriteString(p)
	}
}

func (t *text) files(fs []record.File) {
	for _, f := range fs {
		t.add(f.Name, f.Text)
	}
}

func (t *text) String() string { return t.b.String() }

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

// Fingerprint is a digest of the documents Write would index for a with
// these options, in their order, all their fields: equal fingerprints give
// equal indexes (with the same program), so a build may keep the index it
// has. The documents' texts are made one at a time, not kept.
func Fingerprint(a *record.Archive, opts Options) ([32]byte, error) {
	if opts.ExcerptLen <= 0 {
		opts.ExcerptLen = DefaultExcerptLen
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(normalizeBasePath(opts.BasePath)); err != nil {
		return [32]byte{}, err
	}
	for _, d := range documents(a, opts.BasePath, opts.ExcerptLen, true) {
		d.Text, d.Body = d.text()
		err := enc.Encode(d)
		d.Text, d.Body = "", ""
		if err != nil {
			return [32]byte{}, err
		}
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}
