package faithful_test

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/oparl"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// corpora are the councils of the shared corpus that publish through OParl.
var corpora = []struct {
	name string
	dir  string // below the corpus root
	body string // the body's name, for sources without a Body object
}{
	{"huertgenwald-oparl", "huertgenwald-oparl", ""},
	{"karlsruhe-oparl", "karlsruhe-oparl", "Stadt Karlsruhe"},
	{"nordstemmen", "nordstemmen/documents", "Gemeinde Nordstemmen"},
}

// How many records of each corpus the test withholds (redact) or marks as
// treated in closed session, on top of what the source itself says, so
// that the privacy scan has real texts of every corpus to look for
// (Karlsruhe's source has no closed-session item; none withholds any).
const (
	plantClosed        = 12
	plantWithheldItems = 4
	plantWithheldPaper = 3
)

// TestNothingLost imports each corpus with the OParl importer and builds
// its site once; the subtests read that site.
func TestNothingLost(t *testing.T) {
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			s := buildCorpus(t, c.dir, c.body)
			t.Run("EveryRecordHasItsPage", s.everyRecordHasItsPage)
			t.Run("NamesOnTheirPages", s.namesOnTheirPages)
			t.Run("ClosedSessionPagesShowNoDeliberation", s.closedPagesShowNoDeliberation)
			t.Run("NoClosedOrWithheldText", s.noClosedOrWithheldText)
			t.Run("VotesAgreeWithResult", s.votesAgreeWithResult)
		})
	}
}

// site is one corpus, imported, planted and built.
type site struct {
	want  oparltest.Counts // counted from the source's JSON
	names oparltest.Names
	a     *record.Archive // the records built: as imported, then planted
	res   *build.Result
	out   string

	// What the test planted: closed-session items, and redacted items and
	// papers.
	closed                  []*record.AgendaItem
	redacted                map[string]bool
	redactedN, redactedPapN int

	sections map[string][]string // section → its record pages
	items    itemPages
}

// itemPages is what the item pages show, read once.
type itemPages struct {
	badges   int            // pages marked closed-session
	marks    map[string]int // public pages showing each mark of deliberation
	closed   int            // pages of closed-session items
	problems []string       // what a closed-session item's page shows that it must not
	votes    votePages      // how public pages show results and votes
}

func buildCorpus(t *testing.T, dir, body string) *site {
	t.Helper()
	parts := strings.Split(dir, "/")
	src := filepath.Join(append([]string{testcorpus.Dir(t, parts[0])}, parts[1:]...)...)
	s := &site{redacted: map[string]bool{}}
	s.want, s.names = oparltest.ReadSource(t, src)
	tmp := t.TempDir()
	ctx := context.Background()

	start := time.Now()
	imported := filepath.Join(tmp, "imported")
	rep, err := oparl.Import(ctx, oparl.Options{Source: src, Out: imported, Map: oparl.MapOptions{BodyName: body}})
	if err != nil {
		var b strings.Builder
		rep.WriteSummary(&b)
		t.Fatalf("import: %v\n%s", err, b.String())
	}
	a, diags, err := tomlrec.Load(imported, tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("the imported records do not load cleanly: %v\n%v", err, diags[:min(len(diags), 20)])
	}
	// The import keeps every meeting, agenda item, heading, paper and
	// person the source published, and marks its closed-session items.
	if got := oparltest.CountRecords(a); got != s.want {
		t.Fatalf("records %+v\nsource  %+v", got, s.want)
	}
	imp := time.Since(start)
	cacheGivesBack(t, imported, a)

	s.plant(t, a)
	s.a = a
	records := filepath.Join(tmp, "records")
	if err := tomlrec.Write(records, a); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(testkit.RepoFile("config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for id := range s.redacted {
		cfg.Archive.Redact = append(cfg.Archive.Redact, id)
	}
	slices.Sort(cfg.Archive.Redact)
	s.out = filepath.Join(tmp, "public")
	start = time.Now()
	s.res, err = build.Run(ctx, build.Options{Config: cfg, RecordsDir: records, OutDir: s.out, WorkDir: filepath.Join(tmp, "work")})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, s.res)
	}
	t.Logf("source %+v; import %.1fs, build %.1fs (%d pages); gate: %s", s.want, imp.Seconds(), time.Since(start).Seconds(), s.res.Rendered, &s.res.Withheld)
	s.readPages(t)
	return s
}

// cacheGivesBack loads the records of dir twice with a records cache
// (tomlrec.Options.CacheDir): both times the archive must be want, the
// second time taken from the cache whole.
func cacheGivesBack(t *testing.T, dir string, want *record.Archive) {
	t.Helper()
	cache := filepath.Join(t.TempDir(), "records-cache")
	for _, warm := range []bool{false, true} {
		var cs tomlrec.CacheStats
		got, diags, err := tomlrec.Load(dir, tomlrec.Options{CacheDir: cache, CacheKey: "faithful", Cache: &cs})
		if err != nil || len(diags) > 0 {
			t.Fatalf("with the records cache: %v\n%v", err, diags[:min(len(diags), 20)])
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("the records loaded with the cache (%+v) are not those loaded without", cs)
		}
		if warm && cs.Cached != cs.Files {
			t.Fatalf("unchanged records, a cache of them: %+v", cs)
		}
	}
}

// readPages lists the record pages of each section and reads every agenda
// item's page once.
func (s *site) readPages(t *testing.T) {
	t.Helper()
	s.sections = map[string][]string{}
	for _, sec := range []string{permalink.MeetingsSection, permalink.ItemsSection, permalink.PapersSection, permalink.PersonsSection} {
		entries, err := os.ReadDir(filepath.Join(s.out, sec))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			p := filepath.Join(s.out, sec, e.Name(), "index.html")
			if _, err := os.Stat(p); e.IsDir() && err == nil {
				s.sections[sec] = append(s.sections[sec], p)
			}
		}
	}
	ip := &s.items
	ip.marks = map[string]int{}
	for _, m := range s.res.Archive.Meetings {
		for _, it := range m.AgendaItems {
			page := read(t, filepath.Join(s.out, filepath.FromSlash(permalink.AgendaItem(it.ID)), "index.html"))
			if strings.Contains(page, `<span class="badge badge--closed">`) {
				ip.badges++
			}
			if !it.ClosedSession {
				ip.votes.scan(it, page)
				for _, mark := range deliberation {
					if strings.Contains(page, mark) {
						ip.marks[mark]++
					}
				}
				continue
			}
			ip.closed++
			for _, mark := range deliberation {
				if strings.Contains(page, mark) {
					ip.problems = append(ip.problems, fmt.Sprintf("%s: closed-session item shows %s", permalink.AgendaItem(it.ID), mark))
				}
			}
			if !strings.Contains(page, `class="notice"`) {
				ip.problems = append(ip.problems, fmt.Sprintf("%s: closed-session item without its note", permalink.AgendaItem(it.ID)))
			}
		}
	}
}

// plant marks a sample of items with text as closed-session, and redacts
// a sample of items (one per meeting, from parts of the agenda that keep
// another item, so that no heading goes with them) and papers.
func (s *site) plant(t *testing.T, a *record.Archive) {
	t.Helper()
	var closable, redactable []*record.AgendaItem
	for _, m := range a.Meetings {
		first := true
		for _, it := range m.AgendaItems {
			if it.ClosedSession || m.ClosedSession || !it.Public || len(snippets(itemBody(it))) == 0 {
				continue
			}
			closable = append(closable, it)
			if first && partSize(m, it) > 1 {
				redactable = append(redactable, it)
				first = false
			}
		}
	}
	var papers []*record.Paper
	for _, p := range a.Papers {
		if p.Public && len(snippets(paperBody(p))) > 0 {
			papers = append(papers, p)
		}
	}
	for _, it := range spread(redactable, plantWithheldItems) {
		s.redacted[it.ID] = true
		s.redactedN++
	}
	for _, p := range spread(papers, plantWithheldPaper) {
		s.redacted[p.ID] = true
		s.redactedPapN++
	}
	closable = slices.DeleteFunc(closable, func(it *record.AgendaItem) bool { return s.redacted[it.ID] })
	for _, it := range spread(closable, plantClosed) {
		it.ClosedSession = true
		s.closed = append(s.closed, it)
	}
	if len(s.closed) < plantClosed || s.redactedN < plantWithheldItems || s.redactedPapN < plantWithheldPaper {
		t.Fatalf("planted %d closed-session items, %d withheld items, %d withheld papers: the corpus has too few with text", len(s.closed), s.redactedN, s.redactedPapN)
	}
}

// partSize is the number of items in it's part of m's agenda.
func partSize(m *record.Meeting, it *record.AgendaItem) int {
	part := func(x *record.AgendaItem) int {
		return len(slices.DeleteFunc(slices.Clone(m.Headings), func(h *record.Heading) bool { return h.Order >= x.Order }))
	}
	n := 0
	for _, x := range m.AgendaItems {
		if part(x) == part(it) {
			n++
		}
	}
	return n
}

// spread picks n elements of xs, evenly spaced.
func spread[T any](xs []T, n int) []T {
	if len(xs) <= n {
		return xs
	}
	out := make([]T, 0, n)
	for i := range n {
		out = append(out, xs[i*len(xs)/n])
	}
	return out
}

func (s *site) everyRecordHasItsPage(t *testing.T) {
	w := s.res.Withheld
	if w.AgendaItems != s.redactedN || w.Papers != s.redactedPapN || w.Meetings+w.Persons+w.Organizations != 0 {
		t.Errorf("gate withheld %s; want only the %d items and %d papers redacted", &w, s.redactedN, s.redactedPapN)
	}
	closed := s.want.Closed + len(s.closed)
	if w.Closed.AgendaItems != closed {
		t.Errorf("gate: %d closed-session items, want the source's %d and %d planted", w.Closed.AgendaItems, s.want.Closed, len(s.closed))
	}
	// Pages per kind: the source's records, but for the deleted ones
	// (CountSource leaves them out) and those withheld.
	for _, k := range []struct {
		section string
		want    int
	}{
		{permalink.MeetingsSection, s.want.Meetings},
		{permalink.ItemsSection, s.want.Items - s.redactedN},
		{permalink.PapersSection, s.want.Papers - s.redactedPapN},
		{permalink.PersonsSection, s.want.Persons},
	} {
		if got := len(s.sections[k.section]); got != k.want {
			t.Errorf("%s: %d pages, want %d", k.section, got, k.want)
		}
	}
	// Closed-session items are title pages with the badge; headings are
	// parts of their meetings' agendas, never pages.
	badges := s.items.badges
	if badges != closed {
		t.Errorf("%d item pages marked closed-session, want %d", badges, closed)
	}
	parts := 0
	for _, p := range s.sections[permalink.MeetingsSection] {
		parts += strings.Count(read(t, p), `<h3 class="agenda-part">`)
	}
	if parts != s.want.Headings {
		t.Errorf("%d agenda headings on the meeting pages, want the source's %d", parts, s.want.Headings)
	}
	t.Logf("pages: %d meetings, %d items (%d closed-session), %d papers, %d persons; %d agenda headings",
		len(s.sections[permalink.MeetingsSection]), len(s.sections[permalink.ItemsSection]), badges,
		len(s.sections[permalink.PapersSection]), len(s.sections[permalink.PersonsSection]), parts)
}

// namesPerKind is how many names of each kind are looked up on their pages.
const namesPerKind = 40

func (s *site) namesOnTheirPages(t *testing.T) {
	webs := 0
	for _, k := range []struct {
		names map[string]string
		path  func(string) string
		name  func(string) string // as the page writes a published name
	}{
		{s.names.Meetings, permalink.Meeting, spaces},
		{s.names.Items, permalink.AgendaItem, spaces},
		{s.names.Papers, permalink.Paper, spaces},
		{s.names.Persons, permalink.Person, func(n string) string { return personName(spaces(n)) }},
	} {
		var ids []string
		for id := range k.names {
			if !s.redacted[id] {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		for _, id := range spread(ids, namesPerKind) {
			name := k.name(k.names[id])
			page := spaces(html.UnescapeString(read(t, filepath.Join(s.out, filepath.FromSlash(k.path(id)), "index.html"))))
			if !strings.Contains(page, name) {
				t.Errorf("%s: the page does not show the name %q", k.path(id), name)
			}
			// The record's page at the source, linked as the source gave it.
			if web := s.names.Webs[id]; web != "" {
				webs++
				if !strings.Contains(page, `class="source-link"><a href="`+web+`"`) {
					t.Errorf("%s: no link to its page at the source, %s", k.path(id), web)
				}
			}
		}
	}
	t.Logf("%d pages of records with a web link checked", webs)
}

// deliberation are the marks of what an item page shows of a deliberation:
// a result, votes, texts, files.
var deliberation = []string{`class="outcome"`, `class="votes"`, `class="record-text`, `class="files `}

func (s *site) closedPagesShowNoDeliberation(t *testing.T) {
	for _, p := range s.items.problems {
		t.Error(p)
	}
	if s.items.marks[`class="outcome"`] == 0 || s.items.marks[`class="files `] == 0 {
		t.Errorf("public item pages show %v: the scan sees nothing", s.items.marks)
	}
	t.Logf("%d closed-session item pages; public item pages with a result, votes, texts, files: %v", s.items.closed, s.items.marks)
}

// votesAgreeWithResult holds every item page's result and votes to the
// published text: no vote display contradicts itself or the text, a
// result that says there is none has no badge, and the motions of a
// result stand on lines of their own.
func (s *site) votesAgreeWithResult(t *testing.T) {
	v := s.items.votes
	for i, p := range v.problems {
		if i == 30 {
			t.Errorf("… and %d more", len(v.problems)-i)
			break
		}
		t.Error(p)
	}
	if v.votes == 0 {
		t.Error("no item page shows votes: the scan sees nothing")
	}
	t.Logf("%d item pages with votes, %d results with motions a) and b), %d results reading \"ohne\"; %d problems", v.votes, v.motions, v.none, len(v.problems))
}

// maxCanaries and maxControls bound the phrases the privacy scan looks
// for.
const maxCanaries, maxControls = 600, 120

func (s *site) noClosedOrWithheldText(t *testing.T) {
	// A phrase of a closed-session or withheld record's text is a canary
	// when no published record has it too (the gate does not rewrite free
	// text: a meeting's minutes may quote a planted item's section).
	public := fold(strings.Join(s.publicStrings(), "\n"))
	type canary struct{ phrase, of string }
	var canaries []canary
	var controls []string
	add := func(of string, texts []string) {
		for _, p := range snippets(texts) {
			if !strings.Contains(public, fold(p)) {
				canaries = append(canaries, canary{p, of})
			}
		}
	}
	sourceClosed, planted := 0, map[string]bool{}
	for _, it := range s.closed {
		planted[it.ID] = true
	}
	for _, m := range s.a.Meetings {
		for _, it := range m.AgendaItems {
			switch {
			case s.redacted[it.ID] || !it.Public || !m.Public:
				add("withheld item "+it.ID, append(itemBody(it), it.Name))
			case it.ClosedSession || m.ClosedSession:
				n := len(canaries)
				add("closed-session item "+it.ID, itemBody(it))
				if !planted[it.ID] {
					sourceClosed += len(canaries) - n
				}
			default: // public text of the same kinds, which the scan must find
				if ps := snippets(itemBody(it)); len(ps) > 0 {
					controls = append(controls, ps[0])
				}
			}
		}
	}
	for _, p := range s.a.Papers {
		if s.redacted[p.ID] {
			add("withheld paper "+p.ID, append(paperBody(p), p.Name))
		}
	}
	canaries, controls = spread(canaries, maxCanaries), spread(controls, maxControls)
	needles := slices.Clone(controls)
	for _, c := range canaries {
		needles = append(needles, c.phrase)
	}
	hits, err := sitecheck.FindEach(s.out, needles...)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range canaries {
		for _, f := range hits[c.phrase] {
			t.Errorf("%q, of %s, in %s", c.phrase, c.of, f)
		}
	}
	where := map[string]bool{}
	for _, c := range controls {
		if len(hits[c]) == 0 {
			t.Errorf("public %q is in no output file: the scan proves nothing", c)
		}
		for _, f := range hits[c] {
			where[kindOfFile(f)] = true
		}
	}
	for _, k := range []string{"page", "search shard", "data", "oparl"} {
		if !where[k] {
			t.Errorf("no public phrase found in a %s file: the scan cannot see there (found in %v)", k, where)
		}
	}
	if len(canaries) == 0 || len(controls) == 0 {
		t.Fatalf("%d canaries, %d controls: nothing to scan for", len(canaries), len(controls))
	}
	t.Logf("%d canaries (%d of the source's closed-session items), %d public controls found in %v", len(canaries), sourceClosed, len(controls), where)
}

func kindOfFile(f string) string {
	switch {
	case strings.HasSuffix(f, ".html"):
		return "page"
	case strings.HasPrefix(f, "search/s/"):
		return "search shard"
	case strings.HasPrefix(f, "data/"):
		return "data"
	case strings.HasPrefix(f, "oparl/"):
		return "oparl"
	}
	return f
}

// itemBody is what an item's record holds of its deliberation.
func itemBody(it *record.AgendaItem) []string {
	texts := []string{it.Result, it.ResolutionText, it.Minutes}
	for _, f := range it.Files {
		texts = append(texts, f.Text, f.AccessURL)
	}
	return texts
}

func paperBody(p *record.Paper) []string {
	texts := []string{p.Text}
	for _, f := range p.Files {
		texts = append(texts, f.Text, f.AccessURL)
	}
	return texts
}

// snippets returns a phrase of each text that a leak would show whole:
// words from the first third of its longest line on (pages break lines,
// JSON escapes them), 30 to 90 bytes cut at spaces, without runs of white
// space, or the whole text when it is one word (a URL) of at least 20
// bytes. Short texts ("einstimmig") are no evidence.
func snippets(texts []string) []string {
	var out []string
	for _, text := range texts {
		var line string
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); len(l) > len(line) {
				line = l
			}
		}
		if !strings.ContainsAny(line, " \t") {
			if len(line) >= 20 {
				out = append(out, line)
			}
			continue
		}
		words := strings.Split(line, " ")
		var p string
		for _, w := range words[len(words)/3:] {
			if w == "" || strings.ContainsAny(w, "\t\u00a0") {
				p = ""
				continue
			}
			if p != "" {
				p += " "
			}
			p += w
			if len(p) >= 30 {
				break
			}
		}
		if len(p) >= 30 && len(p) <= 90 {
			out = append(out, p)
		}
	}
	return out
}

// publicStrings returns every string of the records that may be
// published, as the test understands it — not as the gate does, which it
// checks: the records but the withheld ones, and of closed-session items
// and meetings and the headings of closed parts only what stays.
func (s *site) publicStrings() []string {
	a := s.a
	out := allStrings(a.Body, a.Organizations, a.Persons)
	for _, m := range a.Meetings {
		if !m.Public {
			continue
		}
		c := *m
		c.AgendaItems, c.Headings = nil, nil
		if m.ClosedSession {
			c.Files = nil
		}
		out = append(out, allStrings(c)...)
		for _, h := range m.Headings {
			out = append(out, h.Number, h.Name)
			if !h.ClosedSession && !m.ClosedSession {
				out = append(out, allStrings(h.Files)...)
			}
		}
		for _, it := range m.AgendaItems {
			switch {
			case s.redacted[it.ID] || !it.Public:
			case it.ClosedSession || m.ClosedSession:
				out = append(out, it.Number, it.Name)
			default:
				out = append(out, allStrings(it)...)
			}
		}
	}
	for _, p := range a.Papers {
		if !s.redacted[p.ID] && p.Public {
			out = append(out, allStrings(p)...)
		}
	}
	return out
}

// allStrings returns every string in vs, exported fields only.
func allStrings(vs ...any) []string {
	var out []string
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if v.Type() == reflect.TypeFor[time.Time]() || v.Type() == reflect.TypeFor[record.Origin]() {
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	for _, v := range vs {
		walk(reflect.ValueOf(v))
	}
	return out
}

// fold is how sitecheck compares: lower case, NFC.
// personName is a published person's name as the archive writes it:
// without the form of address some sources put first ("Herr Dirk Pongs").
func personName(s string) string {
	for _, a := range []string{"Herr ", "Frau "} {
		if rest, ok := strings.CutPrefix(s, a); ok {
			return rest
		}
	}
	return s
}

func fold(s string) string { return strings.ToLower(norm.NFC.String(s)) }

func spaces(s string) string { return strings.Join(strings.Fields(s), " ") }

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
