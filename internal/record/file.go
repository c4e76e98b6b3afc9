package record

import (
	"net/url"
	"strings"
)

// PageBreak separates the pages of a File's Text: a form feed, as
// pdftotext writes it.
const PageBreak = "\f"

// Pages returns the text of each page of the file: Text split at
// PageBreak. A file without page breaks is one page; a file without text
// has none.
func (f File) Pages() []string {
	if f.Text == "" {
		return nil
	}
	return strings.Split(f.Text, PageBreak)
}

// EachFile calls fn for every file of the archive, in the archive's
// order: each meeting's files, its agenda items' and its headings', then
// the papers'. public says whether the file may be published: the record
// holding it is public and not closed session (for an agenda item's or a
// heading's file, the entry and its meeting).
func (a *Archive) EachFile(fn func(f *File, public bool)) {
	files := func(fs []File, public bool) {
		for i := range fs {
			fn(&fs[i], public)
		}
	}
	for _, m := range a.Meetings {
		open := m.Public && !m.ClosedSession
		files(m.Files, open)
		for _, it := range m.AgendaItems {
			files(it.Files, open && it.Public && !it.ClosedSession)
		}
		for _, h := range m.Headings {
			files(h.Files, open && !h.ClosedSession)
		}
	}
	for _, p := range a.Papers {
		files(p.Files, p.Public)
	}
}

// WebURL returns s when it is an absolute http(s) address a page may link
// to, else "": addresses in records are untrusted (javascript:, data:).
func WebURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.String()
	}
	return ""
}
