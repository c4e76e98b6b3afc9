package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// TestBuildRedactsEveryKind redacts an organization that hosts meetings, a
// faction that writes papers, a person, a meeting, an agenda item and a
// paper, and searches every output file (pages, feed, sitemap, the search
// index's decoded shards, JSON) for their names and addresses: none may be
// left. The same records built without the redactions show every one of
// them, on a page and in the search index, and the public names stay.
//
// The records to redact are renamed to made-up words first ("Quokka…"), so
// that a name found in the output came from the record itself, through a
// reference, and not from another record's free text that happens to
// mention it (which the gate does not rewrite; see docs/records.md).
func TestBuildRedactsEveryKind(t *testing.T) {
	t.Run("Example", func(t *testing.T) {
		cfg, err := config.Load(filepath.Join(repoRoot(t), "config.toml"))
		if err != nil {
			t.Fatal(err)
		}
		a, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
		if err != nil || len(diags) > 0 {
			t.Fatalf("example records: %v\n%v", err, diags)
		}
		testRedactions(t, a)
	})
	t.Run("Generated", func(t *testing.T) {
		testRedactions(t, gen.Generate(gen.Options{Items: 100, Seed: 5}))
	})
}

func testRedactions(t *testing.T, a *record.Archive) {
	r := chooseRedactions(t, a)
	site := redactSite(t, a, nil)
	open := MustBuild(t, filepath.Join(site, "config.toml"))
	for _, name := range r.canaries {
		mustFindPublished(t, open, name) // else the test below proves nothing
	}

	site = redactSite(t, a, r.ids)
	out := filepath.Join(t.TempDir(), "public")
	code, _, stderr := run(t, "build", "--config", filepath.Join(site, "config.toml"), "--out", out, "--workdir", t.TempDir())
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	mustNotFind(t, out, slices.Concat(r.canaries, r.addresses)...)
	for _, name := range r.public {
		mustFindPublished(t, out, name)
	}
	// The build says what it redacted.
	if !regexp.MustCompile(`(?m)^gate .*; redacted 2 organizations \(.+\), 1 person \(.+\), 1 meeting \(.+\), 1 agenda item \(.+\), 1 paper \(.+\)`).MatchString(stderr) {
		t.Errorf("the build does not report the redactions:\n%s", stderr)
	}
}

// redactions are the records a test redacts, renamed to words found
// nowhere else, and what must and must not be found in the output.
type redactions struct {
	ids       []string // the redact list
	canaries  []string // words of the records' names: prefixes the analyzer keeps whole
	addresses []string // the permalinks of every record that must go (items of withheld meetings too)
	public    []string // names of public records of the same kinds, which must stay
}

// chooseRedactions picks from a, and renames in place: an organization
// that alone hosts meetings, one that hosts none but has members, a person
// named in agenda items and with memberships, a meeting, an agenda item of
// another meeting and a paper of a third, all linked from elsewhere.
func chooseRedactions(t *testing.T, a *record.Archive) redactions {
	t.Helper()
	ix := record.NewIndex(a)
	var r redactions
	hosted := map[string]int{}
	for _, m := range a.Meetings {
		if len(m.Organizations) == 1 {
			hosted[m.Organizations[0]]++
		}
	}
	members := map[string]int{}
	for _, p := range a.Persons {
		for _, ms := range p.Memberships {
			members[ms.Organization]++
		}
	}
	originated := map[string]int{} // organization → papers it wrote
	for _, p := range a.Papers {
		for _, o := range p.Originators {
			originated[o]++
		}
	}
	named := map[string]int{} // person → agenda items naming them
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			for _, p := range it.Persons {
				named[p]++
			}
		}
	}

	var host, faction *record.Organization
	for _, o := range a.Organizations {
		switch {
		case hosted[o.ID] > 0 && (host == nil || hosted[o.ID] < hosted[host.ID]):
			host = o // the host of the fewest meetings, to keep most of the archive
		case hosted[o.ID] == 0 && members[o.ID] > 0 && originated[o.ID] > 0 && faction == nil:
			faction = o
		}
	}
	var person *record.Person
	for _, p := range a.Persons {
		if person == nil && named[p.ID] > 0 && len(p.Memberships) > 0 && !slices.ContainsFunc(p.Memberships, func(ms record.Membership) bool {
			return ms.Organization == host.ID || ms.Organization == faction.ID
		}) {
			person = p
		}
	}
	if host == nil || faction == nil || person == nil {
		t.Fatalf("no organization, faction or person to redact: %v %v %v", host, faction, person)
	}
	hostedByHost := func(m *record.Meeting) bool { return slices.Contains(m.Organizations, host.ID) }

	// A meeting, an item of another and a paper of a third: public, with
	// papers on their agendas, so that paper pages link to them.
	var meeting, itemMeeting *record.Meeting
	var item *record.AgendaItem
	var paper *record.Paper
	for _, m := range a.Meetings {
		if !m.Public || hostedByHost(m) || !slices.ContainsFunc(m.AgendaItems, func(it *record.AgendaItem) bool { return it.Public && it.Paper != "" }) {
			continue
		}
		switch {
		case meeting == nil:
			meeting = m
		case item == nil:
			for _, it := range m.AgendaItems {
				if item == nil && it.Public && it.Paper != "" {
					item, itemMeeting = it, m
				}
			}
		case paper == nil:
			for _, it := range m.AgendaItems {
				if p := ix.Papers[it.Paper]; paper == nil && it.Public && p != nil && p.Public && p.ID != item.Paper {
					paper = p
				}
			}
		}
	}
	if meeting == nil || item == nil || paper == nil {
		t.Fatalf("no meeting, item or paper to redact: %v %v %v", meeting, item, paper)
	}

	// Rename them, and what names them (speakers are written as in the
	// minutes), to words the records do not hold yet.
	canaries := []string{"quokka", "wombat", "zoltan", "zaunkiwi", "quagga", "tapir", "axolotl"}
	if text := strings.ToLower(testkit.JSON(t, a)); slices.ContainsFunc(canaries, func(c string) bool { return strings.Contains(text, c) }) {
		t.Fatal("the records already hold a word the test gives the records it redacts")
	}
	family := person.FamilyName
	host.Name, host.ShortName = "Ausschuss Quokkafeld", "Quokkaausschuss"
	faction.Name, faction.ShortName = "Fraktion Wombatliste", "Wombatliste"
	person.Name, person.GivenName, person.FamilyName = "Zoltan Zaunkiwi", "Zoltan", "Zaunkiwi"
	meeting.Name = "Quaggasitzung im Sondersaal"
	item.Name = "Tapirgehege: Erweiterung"
	paper.Name = "Axolotlbecken im Stadtpark"
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			if slices.Contains(it.Persons, person.ID) {
				for i, s := range it.Speakers {
					if strings.HasSuffix(s, " "+family) {
						it.Speakers[i] = strings.TrimSuffix(s, family) + "Zaunkiwi"
					}
				}
			}
		}
	}
	r.ids = []string{host.ID, faction.ID, person.ID, meeting.ID, item.ID, paper.ID}
	r.canaries = canaries
	r.addresses = []string{permalink.Organization(host.ID), permalink.Organization(faction.ID), permalink.Person(person.ID),
		permalink.AgendaItem(item.ID), permalink.Paper(paper.ID)}
	for _, m := range a.Meetings {
		if m == meeting || len(m.Organizations) == 1 && hostedByHost(m) {
			r.addresses = append(r.addresses, permalink.Meeting(m.ID))
			for _, it := range m.AgendaItems {
				r.addresses = append(r.addresses, permalink.AgendaItem(it.ID))
			}
		}
	}

	// Public controls of the same kinds: the host of the item's meeting,
	// a person named beside the redacted one, the item's own meeting.
	other := ix.Organizations[itemMeeting.Organizations[0]]
	r.public = []string{other.Name, itemMeeting.Name}
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			for _, pid := range it.Persons {
				if p := ix.Persons[pid]; len(r.public) == 2 && p != person && it.Public && m.Public && !hostedByHost(m) && m != meeting {
					r.public = append(r.public, p.Name)
				}
			}
		}
	}
	return r
}

// redactSite writes a site of its own for a: the project's theme, a's
// records and the project's config with redact set.
func redactSite(t *testing.T, a *record.Archive, redact []string) string {
	t.Helper()
	root := repoRoot(t)
	site := t.TempDir()
	for _, d := range []string{"layouts", "i18n", "assets", "content", "static"} {
		testkit.CopyTree(t, filepath.Join(root, d), filepath.Join(site, d))
	}
	if err := tomlrec.Write(filepath.Join(site, "records"), a); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	list := make([]string, len(redact))
	for i, id := range redact {
		list[i] = fmt.Sprintf("%q", id)
	}
	c := regexp.MustCompile(`(?m)^records = .*$`).ReplaceAllLiteralString(string(cfg), `records = "records"`)
	c = regexp.MustCompile(`(?m)^redact = .*$`).ReplaceAllLiteralString(c, "redact = ["+strings.Join(list, ", ")+"]")
	if !strings.Contains(c, `records = "records"`) || !strings.Contains(c, "redact = [") {
		t.Fatal("config.toml has no records or redact line to set")
	}
	if err := os.WriteFile(filepath.Join(site, "config.toml"), []byte(c), 0o644); err != nil {
		t.Fatal(err)
	}
	return site
}
