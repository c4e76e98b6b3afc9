package oparl

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const ex = "https://oparl.example.org/body/1/"

// readDump reads testdata/dump.txtar the way Import does.
func readDump(t *testing.T) (*record.Archive, *Report) {
	t.Helper()
	rep := newReport()
	s, _, err := ReadDir(context.Background(), writeTxtar(t, "dump.txtar"), rep, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s.archive(MapOptions{}, nil, rep), rep
}

func TestArchiveMapsTheDump(t *testing.T) {
	a, rep := readDump(t)
	ix := record.NewIndex(a)
	item := func(id string) *record.AgendaItem {
		t.Helper()
		it := ix.AgendaItems[ex+id]
		if it == nil {
			t.Fatalf("agenda item %s missing", id)
		}
		return it
	}
	paper := func(id string) *record.Paper {
		t.Helper()
		p := ix.Papers[ex+id]
		if p == nil {
			t.Fatalf("paper %s missing", id)
		}
		return p
	}

	t.Run("WebLinksKept", func(t *testing.T) {
		ris := "https://ris.beispielstadt.de/"
		for _, c := range []struct{ got, want string }{
			{ix.Meetings[ex+"meeting/1"].Web, ris + "si0057.php?__ksinr=12"},
			{item("agendaitem/12").Web, ris + "to0050.php?__ktonr=12"},
			{paper("paper/1").Web, ris + "vo0050.php?__kvonr=235"},
			{ix.Organizations[ex+"organization/soz"].Web, ris + "gr0040.php?__kgrnr=2"},
			{ix.Persons[ex+"person/gehrke"].Web, ris + "pe0051.php?__kpenr=7"},
			{item("agendaitem/13").Web, ""},
		} {
			if c.got != c.want {
				t.Errorf("web = %q, want %q", c.got, c.want)
			}
		}
	})
	t.Run("DroppedAttributesCounted", func(t *testing.T) {
		// One line per kind and attribute the records do not keep, with
		// the number of objects that have it; none for what they keep
		// (web) or for empty values ("keyword": []).
		var lines []string
		for _, p := range rep.Problems {
			if p.Code == "not-kept" {
				lines = append(lines, strings.SplitN(p.Message, " not kept", 2)[0])
			}
		}
		want := []string{
			"Organization.STERNBERG:sortierung of 1 objects",
			"Person.email of 1 objects", "Person.gender of 1 objects",
			"Meeting.keyword of 1 objects",
			"File.hasExtractedText of 1 objects",
		}
		for _, w := range want {
			if !slices.Contains(lines, w) {
				t.Errorf("no line %q in %q", w, lines)
			}
		}
		for _, l := range lines {
			if strings.Contains(l, ".web ") || strings.Contains(l, "Paper.keyword") {
				t.Errorf("reported %q", l)
			}
		}
	})
	t.Run("BodyKeepsItsName", func(t *testing.T) {
		if a.Body.ID != ex[:len(ex)-1] || a.Body.Name != "Stadt Beispielstadt" || a.Body.Website != "https://www.beispielstadt.de" {
			t.Errorf("body = %+v", a.Body)
		}
	})
	t.Run("DeletedObjectsAreGone", func(t *testing.T) {
		if ix.Meetings[ex+"meeting/3"] != nil || ix.Papers[ex+"paper/3"] != nil {
			t.Error("deleted meeting or paper imported")
		}
		if c := rep.Counts[KindMeeting]; c.Deleted != 1 || c.Imported != 3 || c.Failed != 1 {
			t.Errorf("meeting counts = %+v, want 3 imported, 1 deleted, 1 failed", *c)
		}
	})
	t.Run("PublicMeansClosedSession", func(t *testing.T) {
		// OParl's `public` says whether the item was treated in public
		// session: false is a closed-session item, not a withheld one.
		if !item("agendaitem/14").ClosedSession || item("agendaitem/13").ClosedSession || item("agendaitem/11").ClosedSession {
			t.Error("public flags not kept as closedSession (absent means public session)")
		}
		for _, id := range []string{"agendaitem/14", "agendaitem/13", "agendaitem/11"} {
			if !item(id).Public {
				t.Errorf("%s is withheld: the source published it", id)
			}
		}
	})
	t.Run("ClosedPartWithoutPublicFlags", func(t *testing.T) {
		if item("agendaitem/41").ClosedSession || !item("agendaitem/43").ClosedSession || !item("agendaitem/43").Public {
			t.Error("items after the heading \"- nicht öffentlicher Teil -\" must be closed-session, and published")
		}
	})
	t.Run("HeadingsAreNotItems", func(t *testing.T) {
		if ix.AgendaItems[ex+"agendaitem/42"] != nil {
			t.Fatal("the heading \"- nicht öffentlicher Teil -\" is an agenda item")
		}
		m := ix.MeetingOf[ex+"agendaitem/41"]
		if len(m.Headings) != 1 {
			t.Fatalf("headings = %+v, want the closed part's", m.Headings)
		}
		h := m.Headings[0]
		if h.ID != ex+"agendaitem/42" || !h.ClosedSession || h.Order <= item("agendaitem/41").Order || h.Order >= item("agendaitem/43").Order {
			t.Errorf("heading = %+v, want the closed part's, between items 41 and 43", h)
		}
		if rep.Agenda.Headings != 1 {
			t.Errorf("report counts %d headings, want 1", rep.Agenda.Headings)
		}
	})
	t.Run("ResultCategoryFromResult", func(t *testing.T) {
		for id, want := range map[string]record.ResultCategory{
			"agendaitem/12": record.ResultApproved, "agendaitem/13": record.ResultNoted,
			"agendaitem/14": record.ResultPostponed, "agendaitem/21": record.ResultApprovedAmended,
			"agendaitem/11": record.ResultNone,
		} {
			if got := item(id).ResultCategory; got != want {
				t.Errorf("%s: resultCategory = %q, want %q", id, got, want)
			}
		}
		if r := item("agendaitem/12").Result; r != "einstimmig beschlossen" {
			t.Errorf("result = %q, want the published text, trimmed", r)
		}
		if v := item("agendaitem/12").Votes; v == nil || !v.Unanimous {
			t.Errorf("votes = %+v, want unanimous from the result", v)
		}
		if v := item("agendaitem/13").Votes; v != nil {
			t.Errorf("votes = %+v, want none: the result names no vote", v)
		}
	})
	t.Run("ConsultationsCompletedFromTheAgenda", func(t *testing.T) {
		want := []record.Consultation{
			// names only its agenda item: meeting and organization come from it
			{Organization: ex + "organization/soz", Meeting: ex + "meeting/1", AgendaItem: ex + "agendaitem/12", Role: "Vorberatung"},
			{Organization: ex + "organization/rat", Meeting: ex + "meeting/2", AgendaItem: ex + "agendaitem/21", Role: "Entscheidung", Authoritative: true},
			// its meeting is deleted: the step stays, without the meeting
			{Organization: ex + "organization/rat", Role: "Kenntnisnahme"},
		}
		if got := paper("paper/1").Consultations; !reflect.DeepEqual(got, want) {
			t.Errorf("consultations =\n%+v\nwant\n%+v", got, want)
		}
		// names only its meeting; the agenda item names the consultation
		want2 := []record.Consultation{{Organization: ex + "organization/soz", Meeting: ex + "meeting/1", AgendaItem: ex + "agendaitem/13", Role: "Kenntnisnahme"}}
		if got := paper("paper/2").Consultations; !reflect.DeepEqual(got, want2) {
			t.Errorf("consultations =\n%+v\nwant\n%+v", got, want2)
		}
	})
	t.Run("AgendaItemsLinkedToPapers", func(t *testing.T) {
		for id, want := range map[string]string{"agendaitem/12": "paper/1", "agendaitem/21": "paper/1", "agendaitem/13": "paper/2", "agendaitem/11": ""} {
			got := item(id).Paper
			if want != "" {
				want = ex + want
			}
			if got != want {
				t.Errorf("%s: paper = %q, want %q", id, got, want)
			}
		}
	})
	t.Run("FileTextFromTheTextBesideItsJSON", func(t *testing.T) {
		p := paper("paper/1")
		if p.Text != "Der Rat beschließt die Gebührensatzung." {
			t.Errorf("paper text = %q, want the main file's text", p.Text)
		}
		if len(p.Files) != 2 || p.Files[0].Text != "" || !strings.HasPrefix(p.Files[1].Text, "Gebührentabelle\nKrippe") || p.Files[1].Name != "Anlage 1: Gebührentabelle" {
			t.Errorf("files = %+v", p.Files)
		}
	})
	t.Run("MeetingPlaceAsText", func(t *testing.T) {
		if l := ix.Meetings[ex+"meeting/1"].Location; l != "Sitzungssaal 2, Markt 1, 12345 Beispielstadt" {
			t.Errorf("location = %q", l)
		}
		if l := ix.Meetings[ex+"meeting/2"].Location; l != "Rathaus, Großer Saal" {
			t.Errorf("location = %q", l)
		}
	})
	t.Run("EndBeforeStartLeftOut", func(t *testing.T) {
		if m := ix.Meetings[ex+"meeting/2"]; !m.End.IsZero() || m.Start.IsZero() {
			t.Errorf("start %v end %v, want the end left out", m.Start, m.End)
		}
		if o := ix.Organizations[ex+"organization/soz"]; !o.End.IsZero() || o.Name != "Ausschuss für Soziales und Integration" {
			t.Errorf("organization = %+v", o)
		}
	})
	t.Run("MissingOrganizationNamedAfterItsMeeting", func(t *testing.T) {
		o := ix.Organizations[ex+"organization/bau"]
		if o == nil || o.Name != "Bauausschuss" {
			t.Errorf("organization = %+v, want one named Bauausschuss", o)
		}
	})
	t.Run("Persons", func(t *testing.T) {
		g, n := ix.Persons[ex+"person/gehrke"], ix.Persons[ex+"person/niemann"]
		if g.Title != "Dr." || len(g.Memberships) != 1 || g.Memberships[0].Role != "Vorsitzende" {
			t.Errorf("gehrke = %+v (the membership of an unknown organization is left out)", g)
		}
		if n.Title != "Prof. Dr." || n.Memberships[0].VotingRight {
			t.Errorf("niemann = %+v", n)
		}
	})
	t.Run("ProblemsReported", func(t *testing.T) {
		codes := map[string]Severity{}
		for _, p := range rep.Problems {
			codes[p.Code] = p.Severity
		}
		for code, sev := range map[string]Severity{
			"no-start": Error, "end-before-start": Warning, "organization-from-meetings": Warning,
			"unknown-ref": Warning, "legislative-terms": Warning, "closed-part": Warning,
		} {
			if got, ok := codes[code]; !ok || got != sev {
				t.Errorf("problem %q: got %v (reported %v), want a %v", code, got, ok, sev)
			}
		}
		if rep.NotOParl != 1 {
			t.Errorf("NotOParl = %d, want 1 (metadata.json)", rep.NotOParl)
		}
	})
}

// TestClosedPart: without `public` flags, the agenda's own part headings
// (any spelling sessionpart knows) decide which items were treated in
// closed session; the headings become headings, not items. A `public`
// flag on any item of the meeting decides instead; the headings stay
// headings.
func TestClosedPart(t *testing.T) {
	f, tr := false, true
	tests := []struct {
		name   string
		items  []string
		public []*bool // the source's flags; nil: none
		want   string  // per entry: h heading, H heading of the closed part, o item, c closed-session item
	}{
		{"NoHeadings", []string{"Eröffnung", "Bericht"}, nil, "oo"},
		{"LettersAsInHuertgenwald", []string{"Öffentliche Sitzung", "Bericht", "Nichtöffentliche Sitzung", "Grundstück"}, nil, "hoHc"},
		{"DashesAsInNordstemmen", []string{"- öffentlicher Teil -", "Bericht", "- nichtöffentlicher Teil -", "Personal"}, nil, "hoHc"},
		{"PublicAgainAfterwards", []string{"Nicht öffentlicher Teil", "Vertrag", "Öffentlicher Teil", "Bekanntgaben"}, nil, "Hcho"},
		{"OnlyExactHeadings", []string{"Bericht über die nichtöffentliche Sitzung", "Grundstück"}, nil, "oo"},
		// Hürtgenwald's other spelling, and meetings that start closed.
		{"AngleBrackets", []string{"Bericht", "< Sitzungsteil nichtöffentlich >", "Personal", "< Sitzungsteil öffentlich >", "Anfragen"}, nil, "oHcho"},
		{"ClosedFirst", []string{"A Nichtöffentliche Sitzung", "Vergabe", "B Öffentliche Sitzung", "Bericht"}, nil, "Hcho"},
		{"Enumerated", []string{"I. Öffentlicher Teil", "Bericht", "II. Nichtöffentlicher Teil", "Personal"}, nil, "hoHc"},
		// Flags win over the headings (Karlsruhe sends them for every item).
		{"Flags", []string{"Öffentliche Sitzung", "Bericht", "Nichtöffentliche Sitzung", "Grundstück", "Anfragen"}, []*bool{nil, &tr, &f, &tr, &f}, "hoHoc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []*AgendaItem
			for i, name := range tt.items {
				it := &AgendaItem{Name: name}
				it.ID = "item-" + string(rune('a'+i))
				if tt.public != nil {
					it.Public = tt.public[i]
				}
				items = append(items, it)
			}
			m := &mapper{rep: newReport(), items: map[string]*record.AgendaItem{}, itemMeeting: map[string]string{}, files: map[string]bool{}}
			rec := &record.Meeting{}
			m.agendaItems(&Meeting{}, rec, items)
			got := make([]byte, len(items))
			for _, h := range rec.Headings {
				got[h.Order-1] = "hH"[b2i(h.ClosedSession)]
			}
			for _, it := range rec.AgendaItems {
				got[it.Order-1] = "oc"[b2i(it.ClosedSession)]
				if !it.Public {
					t.Errorf("%q is withheld", it.Name)
				}
			}
			if string(got) != tt.want {
				t.Errorf("entries %q, want %q (h heading, H of the closed part, o item, c closed-session item)", got, tt.want)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestImportDumpGolden pins the records written from the dump, and the
// summary, byte for byte.
func TestImportDumpGolden(t *testing.T) {
	src := writeTxtar(t, "dump.txtar")
	out := filepath.Join(t.TempDir(), "records")
	rep, err := Import(context.Background(), Options{Source: src, Out: out, KeepGoing: true})
	if err != nil {
		t.Fatal(err)
	}
	got := txtarOf(t, out)
	var sum bytes.Buffer
	rep.WriteSummary(&sum)
	got.Files = append(got.Files, txtar.File{Name: "summary", Data: sum.Bytes()})
	golden := filepath.Join("testdata", "dump.golden")
	if *update {
		if err := os.WriteFile(golden, txtar.Format(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if g := txtar.Format(got); !bytes.Equal(g, want) {
		t.Errorf("records differ from %s (go test -update rewrites it):\n%s", golden, g)
	}

	t.Run("LoadsWithoutDiagnostics", func(t *testing.T) {
		_, diags, err := tomlrec.Load(out, tomlrec.Options{})
		if err != nil || len(diags) > 0 {
			t.Errorf("err %v, diagnostics:\n%v", err, diags)
		}
	})
	t.Run("SameBytesAgain", func(t *testing.T) {
		out2 := filepath.Join(t.TempDir(), "records")
		if _, err := Import(context.Background(), Options{Source: src, Out: out2, KeepGoing: true}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(txtar.Format(txtarOf(t, out2)), txtar.Format(txtarOf(t, out))) {
			t.Error("a second import wrote different bytes")
		}
	})
}

func TestImportFailsWithoutKeepGoing(t *testing.T) {
	src := writeTxtar(t, "dump.txtar")
	out := filepath.Join(t.TempDir(), "records")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(out, "old.toml")
	if err := os.WriteFile(old, []byte("# earlier import\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Import(context.Background(), Options{Source: src, Out: out})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("err = %v, want ErrFailed (a meeting has no start)", err)
	}
	if rep.Errors() != 1 || rep.Problems[0].Code != "no-start" {
		t.Errorf("problems = %v", rep.Problems)
	}
	if _, err := os.Stat(old); err != nil {
		t.Errorf("the earlier records were touched: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("staging left behind: %v", entries)
	}
}

// txtarOf reads a folder into an archive, files sorted by path.
func txtarOf(t *testing.T, dir string) *txtar.Archive {
	t.Helper()
	ar := &txtar.Archive{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		ar.Files = append(ar.Files, txtar.File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(ar.Files, func(a, b txtar.File) int { return strings.Compare(a.Name, b.Name) })
	return ar
}
