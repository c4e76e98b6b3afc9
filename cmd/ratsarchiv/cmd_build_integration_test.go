package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
)

// The example archive's withheld texts, and what its closed-session item's
// record holds of its deliberation (see example/README.md): they must not
// appear in any output file, in any form.
var privatePhrases = []string{
	"Geheimsache Lindenfelder Mühlenweg 7",
	"Vertraulich Personalangelegenheit Kämmerei",
	"Glanzwerk Nordheide", // the closed-session item's resolution, minutes and file text
	// single distinctive words, also as the search analyzer would write them
	"Mühlenweg", "muhlenweg", "Geheimsache", "geheimsach", "Personalangelegenheit",
	"Glanzwerk", "glanzwerk", "Vergabevermerk", "Wertung der Angebote",
}

// publicPhrases are the privacy scan's positive control: public text of the
// same sorts (a phrase of a title, a word as the analyzer writes it), which
// the same scan must find on a page and inside the search index's shards;
// the title of the closed-session item is published too.
var publicPhrases = []string{"Radverkehrskonzept Lindenfeld 2030", "lindenhof", "Gebäudereinigung für die städtischen Schulen"}

// mustFindPublished fails unless Find sees phrase both on an HTML page and
// in a shard of the static search index of the site in out: a scan that
// finds nothing proves nothing until it finds what is there.
func mustFindPublished(t *testing.T, out, phrase string) {
	t.Helper()
	hits, err := sitecheck.Find(out, phrase)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(hits, func(h string) bool { return strings.HasSuffix(h, ".html") }) {
		t.Errorf("public %q is on no page: %v", phrase, hits)
	}
	if !slices.ContainsFunc(hits, func(h string) bool { return strings.HasPrefix(h, "search/s/") }) {
		t.Errorf("public %q is in no search shard: %v", phrase, hits)
	}
}

// mustNotFind fails for every file under out that holds any of phrases.
func mustNotFind(t *testing.T, out string, phrases ...string) {
	t.Helper()
	hits, err := sitecheck.FindEach(out, phrases...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range phrases {
		for _, h := range hits[p] {
			t.Errorf("withheld %q in %s", p, h)
		}
	}
}

// loadExample returns the example archive as the build publishes it.
func loadExample(t *testing.T) *record.Archive {
	t.Helper()
	cfg, err := config.Load(filepath.Join(repoRoot(t), "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	a, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example records: %v\n%v", err, diags)
	}
	pub, _ := gate.Public(a, cfg.Archive.Gate())
	return pub
}

func TestBuildExample(t *testing.T) {
	const baseURL = "https://example.org/rat/"
	out := MustBuild(t, filepath.Join(repoRoot(t), "config.toml"), "--base-url", baseURL)
	a := loadExample(t)
	pages, err := sitecheck.Pages(out)
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*sitecheck.Page{}
	for _, p := range pages {
		byFile[p.File] = p
	}
	page := func(permalink string) *sitecheck.Page {
		t.Helper()
		p := byFile[strings.TrimPrefix(permalink, "/")+"index.html"]
		if p == nil {
			t.Fatalf("no page for %s", permalink)
		}
		return p
	}
	linksTo := func(p *sitecheck.Page, permalink string) bool {
		want := "/rat" + permalink
		for _, l := range p.Links {
			if l == want {
				return true
			}
		}
		return false
	}

	t.Run("NoBrokenLinks", func(t *testing.T) {
		broken, err := sitecheck.BrokenLinks(out, baseURL, pages)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range broken {
			t.Errorf("%s: broken link %s", b.Page, b.Link)
		}
		// The sitemap lists absolute URLs under the base URL (the feeds'
		// links are checked by TestBuildFeeds).
		for _, f := range []string{"sitemap.xml"} {
			data, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range regexp.MustCompile(`<loc>([^<]+)</`).FindAllStringSubmatch(string(data), -1) {
				u := m[1]
				if !strings.HasPrefix(u, baseURL) {
					t.Errorf("%s: %s is not under %s", f, u, baseURL)
					continue
				}
				rel := strings.TrimPrefix(u, baseURL)
				if rel == "" || strings.HasSuffix(rel, "/") {
					rel += "index.html"
				}
				if _, err := os.Stat(filepath.Join(out, rel)); err != nil {
					t.Errorf("%s: %s has no file", f, u)
				}
			}
		}
	})

	t.Run("LinkedRecords", func(t *testing.T) {
		ix := record.NewIndex(a)
		items := 0
		for _, m := range a.Meetings {
			mp := page(permalink.Meeting(m.ID))
			if !strings.HasPrefix(mp.Title, m.Name) {
				t.Errorf("meeting %s: title %q, want %q", m.ID, mp.Title, m.Name)
			}
			for _, org := range m.Organizations {
				if !linksTo(mp, permalink.Organization(org)) {
					t.Errorf("meeting %s does not link to its committee %s", m.ID, org)
				}
				if !linksTo(page(permalink.Organization(org)), permalink.Meeting(m.ID)) {
					t.Errorf("committee %s does not link to meeting %s", org, m.ID)
				}
			}
			if !linksTo(page(permalink.Year(m.Start.Year())), permalink.Meeting(m.ID)) {
				t.Errorf("year %d does not link to meeting %s", m.Start.Year(), m.ID)
			}
			for _, it := range m.AgendaItems {
				items++
				ip := page(permalink.AgendaItem(it.ID))
				if !strings.Contains(ip.Title, it.Name) {
					t.Errorf("item %s: title %q does not contain %q", it.ID, ip.Title, it.Name)
				}
				if !linksTo(mp, permalink.AgendaItem(it.ID)) || !linksTo(ip, permalink.Meeting(m.ID)) {
					t.Errorf("meeting %s and item %s do not link to each other", m.ID, it.ID)
				}
				if it.Paper != "" {
					pp := page(permalink.Paper(it.Paper))
					if !linksTo(ip, permalink.Paper(it.Paper)) || !linksTo(pp, permalink.AgendaItem(it.ID)) {
						t.Errorf("item %s and paper %s do not link to each other", it.ID, it.Paper)
					}
				}
			}
		}
		for _, p := range a.Papers {
			page(permalink.Paper(p.ID))
			if n := len(ix.ItemsOfPaper[p.ID]); n > 1 {
				// A paper deliberated in several committees shows every step.
				pp := page(permalink.Paper(p.ID))
				for _, it := range ix.ItemsOfPaper[p.ID] {
					if !linksTo(pp, permalink.Meeting(ix.MeetingOf[it.ID].ID)) {
						t.Errorf("paper %s: path misses meeting of item %s", p.ID, it.ID)
					}
				}
			}
		}
		if items < 60 || len(a.Meetings) < 12 || len(a.Papers) == 0 {
			t.Errorf("example archive too small: %d meetings, %d items, %d papers", len(a.Meetings), items, len(a.Papers))
		}
		// Exactly the public records have pages: no more, no less.
		count := func(section string) int {
			n := 0
			for f := range byFile {
				if strings.HasPrefix(f, section+"/") && f != section+"/index.html" {
					n++
				}
			}
			return n
		}
		if got := count(permalink.ItemsSection); got != items {
			t.Errorf("%d item pages, want %d", got, items)
		}
		if got := count(permalink.MeetingsSection); got != len(a.Meetings) {
			t.Errorf("%d meeting pages, want %d", got, len(a.Meetings))
		}
		if got := count(permalink.PapersSection); got != len(a.Papers) {
			t.Errorf("%d paper pages, want %d", got, len(a.Papers))
		}
	})

	t.Run("NoPrivateText", func(t *testing.T) {
		mustNotFind(t, out, privatePhrases...)
		for _, p := range publicPhrases {
			mustFindPublished(t, out, p)
		}
	})

	t.Run("SubPath", func(t *testing.T) {
		home := byFile["index.html"]
		if home == nil {
			t.Fatal("no home page")
		}
		for _, l := range home.Links {
			if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "/rat/") {
				t.Errorf("home links to %s, outside the sub-path /rat/", l)
			}
		}
	})
}

// TestPrivacyGateInRecords makes sure the privacy test above tests
// something: the phrases are in the records, and only in non-public ones.
func TestPrivacyGateInRecords(t *testing.T) {
	cfg, err := config.Load(filepath.Join(repoRoot(t), "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	each, err := sitecheck.FindEach(cfg.RecordsDir(), privatePhrases[:3]...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range privatePhrases[:3] {
		if len(each[p]) == 0 {
			t.Errorf("the example records should contain %q", p)
		}
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	config := filepath.Join(repoRoot(t), "config.toml")
	a, err := sitecheck.Files(MustBuild(t, config))
	if err != nil {
		t.Fatal(err)
	}
	b, err := sitecheck.Files(MustBuild(t, config))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) || len(a) < 100 {
		t.Fatalf("builds differ in file count: %d vs %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds of the same records", name)
		}
	}
}

func TestBuildKeepsOutputOnFailure(t *testing.T) {
	root := repoRoot(t)
	out := MustBuild(t, filepath.Join(root, "config.toml"))
	before, err := sitecheck.Files(out)
	if err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "body.toml"), []byte("[body]\nname = \"x\"\n[[organization]]\nid = \"a\"\n"), 0o644)
	code, _, stderr := run(t, "build", "--config", filepath.Join(root, "config.toml"), "--records", bad, "--out", out, "--workdir", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "body.toml:3: organization.name: missing required field") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	after, err := sitecheck.Files(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("output changed after a failed build: %d files, was %d", len(after), len(before))
	}
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

// pageText is the visible text of a page.
func pageText(p *sitecheck.Page) string {
	var b strings.Builder
	p.Walk(func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	})
	return b.String()
}

// TestBuildEnglishUI builds the example with locale = "en": the interface
// follows the config's language, the records stay as written.
func TestBuildEnglishUI(t *testing.T) {
	root := repoRoot(t)
	config := siteWithConfig(t, func(cfg []byte) []byte {
		en := regexp.MustCompile(`(?m)^locale = "de".*$`).ReplaceAll(cfg, []byte(`locale = "en"`))
		en = regexp.MustCompile(`(?m)^defaultContentLanguage = "de"`).ReplaceAll(en, []byte(`defaultContentLanguage = "en"`))
		if bytes.Equal(en, cfg) {
			t.Fatal("config.toml has no locale line to switch")
		}
		return regexp.MustCompile(`(?m)^records = .*$`).ReplaceAll(en, []byte(fmt.Sprintf("records = %q", filepath.Join(root, "example", "records"))))
	})
	out := MustBuild(t, config)
	home, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="en"`, "Upcoming meetings", "Latest decisions", "January 26, 2027"} {
		if !bytes.Contains(home, []byte(want)) {
			t.Errorf("English home page lacks %q", want)
		}
	}
	if bytes.Contains(home, []byte("Nächste Sitzungen")) {
		t.Error("English home page has German interface text")
	}
	notFound, err := os.ReadFile(filepath.Join(out, "404.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(notFound, []byte("<title>Page not found – ")) || !bytes.Contains(notFound, []byte("<h1>Page not found</h1>")) {
		t.Errorf("English 404 page is not in English:\n%s", notFound)
	}
}

// siteWithConfig makes a site folder with the repository's theme and its
// config.toml changed by edit, and returns the config's path.
func siteWithConfig(t *testing.T, edit func(cfg []byte) []byte) string {
	t.Helper()
	root := repoRoot(t)
	site := t.TempDir()
	// Hugo does not follow symlinked folders: copy the theme.
	for _, d := range []string{"layouts", "i18n", "assets", "content", "static"} {
		testkit.CopyTree(t, filepath.Join(root, d), filepath.Join(site, d))
	}
	cfg, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(site, "config.toml")
	if err := os.WriteFile(config, edit(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return config
}
