package oparl

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/progress"
)

// Severity tells errors (an object or document could not be imported) from
// warnings (it was imported, but something in it was adjusted or left out).
type Severity int

// The severities.
const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Problem is one thing that went wrong or was adjusted during an import.
type Problem struct {
	Severity Severity
	Code     string // short stable name of the kind of problem, e.g. "end-before-start"
	Kind     Kind   // the object's kind, "" for document-level problems
	ID       string // the object's ID, or ""
	Source   string // URL or file the object or document came from
	Message  string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Source != "" {
		b.WriteString(p.Source + ": ")
	}
	if p.ID != "" {
		b.WriteString(strings.ToLower(string(p.Kind)) + " " + p.ID + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Count is what happened to the objects of one kind.
type Count struct {
	Read     int // distinct objects read (copies of one object count once)
	Imported int // written as (or into) records
	Deleted  int // marked deleted at the source, not written
	Skipped  int // left out for a reason the warnings give (e.g. its paper is not in the source)
	Failed   int // could not be imported; see the errors
}

// Report says what an import did.
type Report struct {
	Counts   map[Kind]*Count
	Problems []Problem
	// Documents is the number of JSON documents read (files or responses);
	// NotOParl counts well-formed JSON that held no OParl object.
	Documents, NotOParl int
	// Minutes is the coverage of minutes linking, when minutes were given.
	Minutes MinutesCoverage
	// Crawl says what a crawl left out on purpose.
	Crawl CrawlStats
	// Files says what became of the files of the public records.
	Files FileStats
	// Removed are the records an update removed because the source deleted
	// them or no longer publishes them.
	Removed []Removal
	// Agenda counts what the agendas hold besides public items.
	Agenda AgendaParts
}

// Removal is a record that an update removed, and why.
type Removal struct {
	Kind   Kind
	ID     string
	Reason string // "deleted at the source", "the source answers 410 Gone"
}

// CrawlStats say what a crawl left out on purpose.
type CrawlStats struct {
	// Refused counts the distinct links not followed because they lead off
	// the endpoint's host and scheme (and the hosts allowed), by origin
	// (scheme://host).
	Refused map[string]int
	// Cut says, one line per limit reached, what a limit (--max-pages,
	// --max-bytes, --max-time) left out.
	Cut []string
}

// AgendaParts counts the agenda entries that are not plain public items.
type AgendaParts struct {
	// Headings are entries that head a part of the agenda ("Öffentliche
	// Sitzung"): imported as headings, not items.
	Headings int
	// ClosedSession are items treated in closed session (OParl `public:
	// false`, or listed in the closed part of the agenda).
	ClosedSession int
}

// FileStats say what became of the files of the public records that a
// crawl fetched.
type FileStats struct {
	// Files counts the distinct addresses of files to read.
	Files int
	// Fetched were downloaded, Bytes in all; NotModified did not change
	// since an import before (the server said so, or sent the same bytes):
	// their text came from the cache. Extracted were read now.
	Fetched, NotModified, Extracted int
	Bytes                           int64
	// Texts have text, Pages pages of it in all; Scanned are PDFs of
	// images without a text layer.
	Texts, Pages, Scanned int
	// Unsupported lists, by type, the files whose text is not read.
	Unsupported map[string][]string
	// Failed could not be fetched or read; a warning names each.
	Failed int
	// Refused counts, by origin, the files not fetched because they lie
	// off the endpoint's host (and the hosts allowed).
	Refused map[string]int
	// Kept copies of KeptBytes in all went into the records; OverBudget
	// did not fit into the budget.
	Kept, OverBudget int
	KeptBytes        int64
}

// MinutesCoverage counts minutes sections and how many found their agenda
// item.
type MinutesCoverage struct {
	Texts     int // minutes texts read
	Unmatched int // texts that belong to no imported meeting
	Sections  int // "Zu Punkt N" sections found
	Matched   int // sections attached to the agenda item with that number
}

func newReport() *Report {
	r := &Report{Counts: map[Kind]*Count{}}
	for _, k := range Kinds {
		r.Counts[k] = &Count{}
	}
	return r
}

func (r *Report) add(sev Severity, code string, k Kind, id, src, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{Severity: sev, Code: code, Kind: k, ID: id, Source: src, Message: fmt.Sprintf(format, args...)})
}

func (r *Report) warnf(code string, obj Object, format string, args ...any) {
	c := obj.Base()
	r.add(Warning, code, obj.Kind(), c.ID, c.src, format, args...)
}

func (r *Report) errorf(code string, obj Object, format string, args ...any) {
	c := obj.Base()
	r.add(Error, code, obj.Kind(), c.ID, c.src, format, args...)
}

// Errors returns the number of errors.
func (r *Report) Errors() int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// sortProblems orders problems by severity (errors first), code, source and
// ID, so that reports are stable.
func (r *Report) sortProblems() {
	slices.SortStableFunc(r.Problems, func(a, b Problem) int {
		return cmp.Or(-cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Source, b.Source), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Message, b.Message))
	})
}

// maxExamples bounds how many problems of one code the summary lists.
const maxExamples = 3

// WriteSummary writes the counts per kind, then the errors (all of them)
// and the warnings (grouped by code, with a few examples each).
func (r *Report) WriteSummary(w io.Writer) {
	fmt.Fprintf(w, "%-16s %8s %8s %8s %8s %8s\n", "object", "read", "imported", "deleted", "skipped", "failed")
	for _, k := range Kinds {
		c := r.Counts[k]
		if *c == (Count{}) {
			continue
		}
		fmt.Fprintf(w, "%-16s %8d %8d %8d %8d %8d\n", k, c.Read, c.Imported, c.Deleted, c.Skipped, c.Failed)
	}
	if a := r.Agenda; a.Headings+a.ClosedSession > 0 {
		fmt.Fprintf(w, "agendas: %d headings of their parts (imported as headings, not as items), %d items treated in closed session (titles published, not their deliberation)\n", a.Headings, a.ClosedSession)
	}
	if r.NotOParl > 0 {
		fmt.Fprintf(w, "%d of %d JSON documents held no OParl object and were skipped\n", r.NotOParl, r.Documents)
	}
	if m := r.Minutes; m.Texts > 0 {
		fmt.Fprintf(w, "minutes: %d texts, %d sections, %d matched to agenda items (%s)", m.Texts, m.Sections, m.Matched, percent(m.Matched, m.Sections))
		if m.Unmatched > 0 {
			fmt.Fprintf(w, "; %d texts belong to no imported meeting", m.Unmatched)
		}
		fmt.Fprintln(w)
	}
	r.writeRemoved(w)
	writeRefused(w, r.Crawl.Refused, "links", "follow them with --allow-host HOST")
	r.Files.write(w)
	r.sortProblems()
	groups := map[string][]Problem{}
	var codes []string
	for _, p := range r.Problems {
		key := p.Severity.String() + " " + p.Code
		if _, ok := groups[key]; !ok {
			codes = append(codes, key)
		}
		groups[key] = append(groups[key], p)
	}
	for _, key := range codes {
		ps := groups[key]
		fmt.Fprintf(w, "%s (%d)\n", key, len(ps))
		limit := maxExamples
		if ps[0].Severity == Error || ps[0].Code == "not-kept" { // one line per attribute: all count
			limit = len(ps)
		}
		for i, p := range ps {
			if i == limit {
				fmt.Fprintf(w, "  … and %d more\n", len(ps)-limit)
				break
			}
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	for _, cut := range r.Crawl.Cut {
		fmt.Fprintf(w, "crawl cut short: %s\n", cut)
	}
}

func percent(n, total int) string {
	if total == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(total))
}

// writeRefused writes the line of links (or files) refused for leading
// off the endpoint's host, and what to do about it.
func writeRefused(w io.Writer, refused map[string]int, what, hint string) {
	origins := slices.Sorted(maps.Keys(refused))
	n := 0
	parts := make([]string, len(origins))
	for i, o := range origins {
		n += refused[o]
		parts[i] = fmt.Sprintf("%s (%d)", o, refused[o])
	}
	if n == 0 {
		return
	}
	if n == 1 {
		what = strings.TrimSuffix(what, "s")
	}
	fmt.Fprintf(w, "refused %d %s off the endpoint's host (%s): %s\n", n, what, hint, strings.Join(parts, ", "))
}

// write writes the lines on the files: how many were read and how, the
// unsupported ones by type with examples, the copies kept.
func (st *FileStats) write(w io.Writer) {
	if st.Files == 0 {
		return
	}
	fmt.Fprintf(w, "files: %d of public records: %d fetched (%s), %d unchanged since the last import, %d read, %d with text (%d pages)",
		st.Files, st.Fetched, progress.Bytes(st.Bytes), st.NotModified, st.Extracted, st.Texts, st.Pages)
	if st.Scanned > 0 {
		fmt.Fprintf(w, ", %d scanned without text layer (no OCR)", st.Scanned)
	}
	if st.Failed > 0 {
		fmt.Fprintf(w, ", %d failed (see the warnings)", st.Failed)
	}
	fmt.Fprintln(w)
	if len(st.Unsupported) > 0 {
		types := slices.Sorted(maps.Keys(st.Unsupported))
		n := 0
		parts := make([]string, len(types))
		for i, t := range types {
			n += len(st.Unsupported[t])
			parts[i] = fmt.Sprintf("%s (%d)", t, len(st.Unsupported[t]))
		}
		fmt.Fprintf(w, "files of types whose text is not read (%d): %s\n", n, strings.Join(parts, ", "))
		for _, t := range types {
			urls := slices.Sorted(slices.Values(st.Unsupported[t]))
			for i, u := range urls {
				if i == maxExamples {
					fmt.Fprintf(w, "  … and %d more %s\n", len(urls)-maxExamples, t)
					break
				}
				fmt.Fprintf(w, "  %s: %s\n", t, u)
			}
		}
	}
	if st.Kept > 0 || st.OverBudget > 0 {
		fmt.Fprintf(w, "kept copies of %d files (%s) with the records", st.Kept, progress.Bytes(st.KeptBytes))
		if st.OverBudget > 0 {
			fmt.Fprintf(w, "; %d more did not fit into the budget (raise it with --mirror-budget)", st.OverBudget)
		}
		fmt.Fprintln(w)
	}
	writeRefused(w, st.Refused, "files", "fetch them with --files-host HOST")
}

// writeRemoved writes the count of records an update removed, then one
// line per record.
func (r *Report) writeRemoved(w io.Writer) {
	if len(r.Removed) == 0 {
		return
	}
	order := map[Kind]int{}
	for i, k := range Kinds {
		order[k] = i
	}
	slices.SortFunc(r.Removed, func(a, b Removal) int {
		return cmp.Or(cmp.Compare(order[a.Kind], order[b.Kind]), cmp.Compare(a.ID, b.ID))
	})
	records := "records"
	if len(r.Removed) == 1 {
		records = "record"
	}
	fmt.Fprintf(w, "removed %d %s the source no longer publishes:\n", len(r.Removed), records)
	for _, rm := range r.Removed {
		fmt.Fprintf(w, "  %s %s: %s\n", strings.ToLower(string(rm.Kind)), rm.ID, rm.Reason)
	}
}
