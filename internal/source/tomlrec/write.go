package tomlrec

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Write writes a as record files into dir, which must exist and should be
// empty:
//
//	body.toml                         [body]
//	organizations.toml                [[organization]] …
//	persons.toml                      [[person]] …
//	papers/<year>/<slug>.toml         [[paper]], one per file
//	meetings/<year>/<slug>.toml       [meeting] and its [[agendaItem]]s
//	files/<slug>.txt                  the text of a file, named by `textFile`
//	files/<slug>.pdf                  a copy of a file (File.Copy), named by `copy`
//
// Every file starts with `format = FormatVersion`. Keys come in a fixed
// order, long texts as multi-line strings, and nothing depends on map order,
// so the same archive gives the same bytes: re-running an import shows in
// `git diff` exactly what changed at the source. A file's text goes into a
// text file of its own, pages separated by form feeds, so that megabytes of
// attachment text stay out of the records and a change of one attachment
// is a diff of its text. Importers use Save, which also checks what was
// written.
func Write(dir string, a *record.Archive) error {
	w := writer{dir: dir, seen: map[string]bool{}}
	att := newAttachments(dir)
	e := emitter{att: att}
	e.table("body")
	e.body(&a.Body)
	w.file("body.toml", &e)

	if len(a.Organizations) > 0 {
		for _, o := range a.Organizations {
			e.arrayTable("organization")
			e.organization(o)
		}
		w.file("organizations.toml", &e)
	}
	if len(a.Persons) > 0 {
		for _, p := range a.Persons {
			e.arrayTable("person")
			e.person(p)
		}
		w.file("persons.toml", &e)
	}
	for _, p := range a.Papers {
		e.arrayTable("paper")
		e.paper(p)
		w.file(filepath.Join("papers", yearDir(p.Date), permalink.FileSlug(p.ID)+".toml"), &e)
	}
	for _, m := range a.Meetings {
		e.table("meeting")
		e.meeting(m)
		w.file(filepath.Join("meetings", yearDir(m.Start), permalink.FileSlug(m.ID)+".toml"), &e)
	}
	if w.err == nil {
		w.err = att.err
	}
	return w.err
}

// formatLine opens every file: the format version it is written in.
var formatLine = "format = " + strconv.Itoa(FormatVersion) + "\n\n"

func yearDir(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	return strconv.Itoa(t.Year())
}

type writer struct {
	dir  string
	seen map[string]bool
	err  error
}

func (w *writer) file(name string, e *emitter) {
	defer e.reset()
	src := formatLine + e.b.String()
	if w.err != nil {
		return
	}
	if _, dup := w.seen[name]; dup {
		w.err = fmt.Errorf("tomlrec: two records map to %s", name)
		return
	}
	w.seen[name] = true
	path := filepath.Join(w.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		w.err = err
		return
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		w.err = err
	}
}

// emitter writes TOML for our schema. It is hand-written rather than
// BurntSushi's encoder because records are read and diffed by people: long
// texts go out as multi-line strings, keys in the documented order.
type emitter struct {
	b   strings.Builder
	att *attachments // writes the files' texts and copies
}

func (e *emitter) reset() { e.b.Reset() }

func (e *emitter) table(name string) {
	e.sep()
	e.b.WriteString("[" + name + "]\n")
}

func (e *emitter) arrayTable(name string) {
	e.sep()
	e.b.WriteString("[[" + name + "]]\n")
}

func (e *emitter) sep() {
	if e.b.Len() > 0 {
		e.b.WriteByte('\n')
	}
}

func (e *emitter) str(key, v string) {
	if v != "" {
		e.b.WriteString(key + " = " + quote(v) + "\n")
	}
}

func (e *emitter) strs(key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	e.b.WriteString(key + " = [")
	for i, v := range vs {
		if i > 0 {
			e.b.WriteString(", ")
		}
		e.b.WriteString(quoteLine(v))
	}
	e.b.WriteString("]\n")
}

func (e *emitter) boolean(key string, v, def bool) {
	if v != def {
		e.b.WriteString(key + " = " + strconv.FormatBool(v) + "\n")
	}
}

func (e *emitter) integer(key string, v int) {
	e.b.WriteString(key + " = " + strconv.Itoa(v) + "\n")
}

// time writes a date when t is midnight, otherwise a datetime with offset.
func (e *emitter) time(key string, t time.Time) {
	if t.IsZero() {
		return
	}
	e.b.WriteString(key + " = " + formatTime(t) + "\n")
}

func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02T15:04:05.999999999Z07:00")
	}
	return t.Format("2006-01-02T15:04:05Z07:00")
}

func (e *emitter) body(b *record.Body) {
	e.str("id", b.ID)
	e.str("name", b.Name)
	e.str("shortName", b.ShortName)
	e.str("website", b.Website)
	e.str("web", b.Web)
	e.str("language", b.Language)
}

func (e *emitter) organization(o *record.Organization) {
	e.str("id", o.ID)
	e.str("name", o.Name)
	e.str("shortName", o.ShortName)
	e.str("organizationType", o.OrganizationType)
	e.str("classification", o.Classification)
	e.time("start", o.Start)
	e.time("end", o.End)
	e.str("website", o.Website)
	e.str("web", o.Web)
}

func (e *emitter) person(p *record.Person) {
	e.str("id", p.ID)
	e.str("name", p.Name)
	e.str("formOfAddress", p.FormOfAddress)
	e.str("title", p.Title)
	e.str("givenName", p.GivenName)
	e.str("familyName", p.FamilyName)
	e.str("web", p.Web)
	for _, m := range p.Memberships {
		e.arrayTable("person.membership")
		e.str("organization", m.Organization)
		e.str("role", m.Role)
		e.boolean("votingRight", m.VotingRight, true)
		e.time("start", m.Start)
		e.time("end", m.End)
	}
}

func (e *emitter) paper(p *record.Paper) {
	e.str("id", p.ID)
	e.str("reference", p.Reference)
	e.str("name", p.Name)
	e.str("paperType", p.PaperType)
	e.time("date", p.Date)
	e.boolean("public", p.Public, true)
	e.strs("originator", p.Originators)
	e.str("text", p.Text)
	e.str("web", p.Web)
	for _, c := range p.Consultations {
		e.arrayTable("paper.consultation")
		e.str("organization", c.Organization)
		e.str("meeting", c.Meeting)
		e.str("agendaItem", c.AgendaItem)
		e.str("role", c.Role)
		e.boolean("authoritative", c.Authoritative, false)
	}
	e.files("paper", p.ID, p.Files)
}

func (e *emitter) meeting(m *record.Meeting) {
	e.str("id", m.ID)
	e.str("name", m.Name)
	e.strs("organization", m.Organizations)
	e.time("start", m.Start)
	e.time("end", m.End)
	e.str("location", m.Location)
	e.str("meetingState", m.MeetingState)
	e.boolean("cancelled", m.Cancelled, false)
	e.boolean("public", m.Public, true)
	e.boolean("closedSession", m.ClosedSession, false)
	e.str("web", m.Web)
	e.files("meeting", m.ID, m.Files)
	// Headings stand among the items, in agenda order.
	items, heads := m.AgendaItems, m.Headings
	for position := 1; len(items)+len(heads) > 0; position++ {
		e.arrayTable("agendaItem")
		if len(heads) > 0 && (len(items) == 0 || heads[0].Order <= items[0].Order) {
			e.heading(heads[0], position)
			heads = heads[1:]
			continue
		}
		e.agendaItem(items[0], position)
		items = items[1:]
	}
}

func (e *emitter) heading(h *record.Heading, position int) {
	e.str("id", h.ID)
	e.str("number", h.Number)
	if h.Order != position {
		e.integer("order", h.Order)
	}
	e.str("name", h.Name)
	e.boolean("heading", true, false)
	e.boolean("closedSession", h.ClosedSession, false)
	e.files("agendaItem", h.ID, h.Files)
}

func (e *emitter) agendaItem(it *record.AgendaItem, position int) {
	e.str("id", it.ID)
	e.str("number", it.Number)
	if it.Order != position {
		e.integer("order", it.Order)
	}
	e.str("name", it.Name)
	e.boolean("public", it.Public, true)
	e.boolean("closedSession", it.ClosedSession, false)
	e.str("result", it.Result)
	// Always written, so that records keep the category they were
	// imported with when the phrase rules change (see docs/records.md).
	e.str("resultCategory", string(it.ResultCategory))
	if v := it.Votes; v != nil {
		e.b.WriteString("votes = { yes = " + strconv.Itoa(v.Yes) + ", no = " + strconv.Itoa(v.No) + ", abstain = " + strconv.Itoa(v.Abstain))
		if v.Unanimous {
			e.b.WriteString(", unanimous = true")
		}
		e.b.WriteString(" }\n")
	}
	e.str("paper", it.Paper)
	e.strs("speakers", it.Speakers)
	e.strs("persons", it.Persons)
	e.str("resolutionText", it.ResolutionText)
	e.str("minutes", it.Minutes)
	e.str("web", it.Web)
	e.files("agendaItem", it.ID, it.Files)
}

// files writes the files of the record of kind owner with the ID id.
func (e *emitter) files(owner, id string, fs []record.File) {
	for i := range fs {
		f := &fs[i]
		e.arrayTable(owner + ".file")
		e.str("id", f.ID)
		e.str("name", f.Name)
		e.str("mimeType", f.MimeType)
		e.str("accessUrl", f.AccessURL)
		e.time("date", f.Date)
		if f.Text != "" {
			e.str("textFile", e.att.text(f, id, i))
		}
		if f.Copy != "" {
			e.str("copy", e.att.copy(f, id, i))
		}
	}
}

// quote writes s as a TOML string: multi-line when it has line breaks.
func quote(s string) string {
	if !strings.Contains(s, "\n") {
		return quoteLine(s)
	}
	var b strings.Builder
	b.WriteString("\"\"\"\n")
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '"':
			// Escape a quote that could start or end a run of three.
			if i+1 == len(s) || s[i+1] == '"' {
				b.WriteString(`\"`)
			} else {
				b.WriteByte('"')
			}
		default:
			writeEscaped(&b, r, s[i:i+size])
		}
		i += size
	}
	b.WriteString("\"\"\"")
	return b.String()
}

// quoteLine writes s as a one-line TOML basic string.
func quoteLine(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			writeEscaped(&b, r, s[i:i+size])
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

func writeEscaped(b *strings.Builder, r rune, raw string) {
	switch {
	case r == '\\':
		b.WriteString(`\\`)
	case r == '\t':
		b.WriteByte('\t')
	case r == '\r':
		b.WriteString(`\r`)
	case r == utf8.RuneError && len(raw) == 1:
		// Invalid UTF-8 cannot be written to TOML; keep it visible.
		b.WriteString(`\uFFFD`)
	case r < 0x20 || r == 0x7f:
		fmt.Fprintf(b, `\u%04X`, r)
	default:
		b.WriteString(raw)
	}
}
