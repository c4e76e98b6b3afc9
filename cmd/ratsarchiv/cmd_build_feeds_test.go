package main

import (
	"encoding/xml"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// atomFeed is what the tests read of an Atom feed.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  string      `xml:"author>name"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Content struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	} `xml:"content"`
}

// readFeeds parses the site feed and every committee feed of the site in
// out: each must be well-formed XML in Atom's namespace, with the fields
// RFC 4287 requires and every link inside baseURL on a file of the site.
func readFeeds(t *testing.T, out, baseURL string) map[string]*atomFeed {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(out, "committees", "*", "index.xml"))
	files = append(files, filepath.Join(out, "index.xml"))
	feeds := map[string]*atomFeed{}
	for _, file := range files {
		rel, _ := filepath.Rel(out, file)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var f atomFeed
		dec := xml.NewDecoder(strings.NewReader(string(data)))
		dec.Strict = true
		if err := dec.Decode(&f); err != nil {
			t.Errorf("%s: not an Atom feed: %v", rel, err)
			continue
		}
		feeds[rel] = &f
		if f.ID == "" || f.Title == "" || f.Author == "" {
			t.Errorf("%s: feed lacks id, title or author: %q %q %q", rel, f.ID, f.Title, f.Author)
		}
		checkTime(t, rel, f.Updated)
		links := f.Links
		for _, e := range f.Entries {
			if e.ID == "" || e.Title == "" || e.Content.Text == "" || e.Content.Type != "html" {
				t.Errorf("%s: entry %q lacks id, title or content", rel, e.ID)
			}
			checkTime(t, rel, e.Updated)
			if len(e.Links) != 1 || e.Links[0].Rel != "alternate" {
				t.Errorf("%s: entry %s: links %v", rel, e.ID, e.Links)
			}
			links = append(links, e.Links...)
		}
		for _, l := range links {
			if !strings.HasPrefix(l.Href, baseURL) {
				t.Errorf("%s: link %s is not under %s", rel, l.Href, baseURL)
				continue
			}
			p := strings.TrimPrefix(l.Href, baseURL)
			if p == "" || strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			if _, err := os.Stat(filepath.Join(out, p)); err != nil {
				t.Errorf("%s: link %s has no file", rel, l.Href)
			}
		}
	}
	return feeds
}

func checkTime(t *testing.T, file, s string) {
	t.Helper()
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		t.Errorf("%s: updated %q: %v", file, s, err)
	}
}

// TestBuildFeeds builds the example twice, under two addresses: the site
// feed and each committee's are Atom, hold feedLimit entries (the site feed
// held 10: it listed the home page's latest decisions), give every decision
// its result, and keep their IDs when the site moves.
func TestBuildFeeds(t *testing.T) {
	const base1, base2 = "https://example.org/rat/", "https://archiv.example.net/"
	config := filepath.Join(repoRoot(t), "config.toml")
	out1 := MustBuild(t, config, "--base-url", base1)
	out2 := MustBuild(t, config, "--base-url", base2)
	feeds1, feeds2 := readFeeds(t, out1, base1), readFeeds(t, out2, base2)
	a := loadExample(t)
	// The build day: SOURCE_DATE_EPOCH (TestMain) in the config's zone.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, berlin)
	if len(feeds1) < 7 {
		t.Fatalf("%d feeds, want the site's and one per committee with meetings", len(feeds1))
	}

	t.Run("FeedLimit", func(t *testing.T) {
		// The example has more than 50 meetings and decisions before now.
		if n := len(feeds1["index.xml"].Entries); n != 50 {
			t.Errorf("site feed has %d entries, want feedLimit = 50", n)
		}
		for _, o := range a.Organizations {
			want := 0
			for _, m := range a.Meetings {
				if !slices.Contains(m.Organizations, o.ID) || !m.Start.Before(now) {
					continue
				}
				want++
				for _, it := range m.AgendaItems {
					if it.ResultCategory != record.ResultNone {
						want++
					}
				}
			}
			want = min(want, 50)
			f := feeds1[strings.TrimPrefix(permalink.Organization(o.ID), "/")+"index.xml"]
			switch {
			case f == nil && want > 0:
				t.Errorf("committee %s: no feed, want %d entries", o.ID, want)
			case f != nil && len(f.Entries) != want:
				t.Errorf("committee %s: %d entries, want %d", o.ID, len(f.Entries), want)
			}
		}
	})

	t.Run("ResultsAndLinks", func(t *testing.T) {
		items := map[string]*record.AgendaItem{}
		for _, m := range a.Meetings {
			for _, it := range m.AgendaItems {
				items[base1+strings.TrimPrefix(permalink.AgendaItem(it.ID), "/")] = it
			}
		}
		decisions := 0
		for _, e := range feeds1["index.xml"].Entries {
			it := items[e.Links[0].Href]
			if it == nil {
				continue
			}
			decisions++
			if !strings.Contains(e.Content.Text, html.EscapeString(it.Result)) {
				t.Errorf("entry of %s does not give its result %q:\n%s", it.ID, it.Result, e.Content.Text)
			}
		}
		if decisions < 20 {
			t.Errorf("%d decisions in the site feed", decisions)
		}
	})

	t.Run("IDsStableWhenTheSiteMoves", func(t *testing.T) {
		for name, f1 := range feeds1 {
			f2 := feeds2[name]
			if f2 == nil || f2.ID != f1.ID || len(f2.Entries) != len(f1.Entries) {
				t.Errorf("%s differs between the two builds", name)
				continue
			}
			for i, e := range f1.Entries {
				if e2 := f2.Entries[i]; e2.ID != e.ID || strings.TrimPrefix(e2.Links[0].Href, base2) != strings.TrimPrefix(e.Links[0].Href, base1) {
					t.Errorf("%s: entry %d: %s %s, then %s %s", name, i, e.ID, e.Links[0].Href, e2.ID, e2.Links[0].Href)
				}
			}
		}
	})

	t.Run("ClosedSessionMarked", func(t *testing.T) {
		// The example's item 9 of 2024-06-25 was treated in closed session:
		// its meeting's entry lists it marked as such, with no result.
		link := base1 + strings.TrimPrefix(permalink.AgendaItem("rat-2024-06-9"), "/")
		found := 0
		for name, f := range feeds1 {
			for _, e := range f.Entries {
				_, rest, ok := strings.Cut(e.Content.Text, link)
				if !ok {
					continue
				}
				found++
				li, _, _ := strings.Cut(rest, "</li>")
				if !strings.Contains(li, "nicht öffentlich") || strings.Contains(li, "beschlossen") {
					t.Errorf("%s: entry %s lists the closed-session item as %q", name, e.ID, li)
				}
			}
		}
		if found == 0 {
			t.Error("no feed lists the closed-session item rat-2024-06-9")
		}
	})

	t.Run("AlternateLinks", func(t *testing.T) {
		for page, feed := range map[string]string{"index.html": "/rat/index.xml", "committees/rat/index.html": "/rat/committees/rat/index.xml"} {
			data, err := os.ReadFile(filepath.Join(out1, page))
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf(`<link rel="alternate" type="application/atom+xml" href="%s"`, feed)
			if !strings.Contains(string(data), want) {
				t.Errorf("%s lacks %s", page, want)
			}
		}
	})
}

// TestBuildFeedsUntrusted builds records whose texts hold characters XML
// 1.0 forbids and markup, with feedLimit = 3: the feeds stay well-formed,
// hold three entries and show the text as text.
func TestBuildFeedsUntrusted(t *testing.T) {
	config := siteWithConfig(t, func(cfg []byte) []byte {
		limited := regexp.MustCompile(`(?m)^feedLimit = .*$`).ReplaceAll(cfg, []byte("feedLimit = 3"))
		if string(limited) == string(cfg) {
			t.Fatal("config.toml has no feedLimit line")
		}
		return limited
	})
	records := filepath.Join(filepath.Dir(config), "records")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	bad := "Kita\x01\x0b\x1f<b>&amp;</b>\ufffe]]>"
	a := &record.Archive{
		Body:          record.Body{Name: "Stadt " + bad},
		Organizations: []*record.Organization{{ID: "rat", Name: "Rat " + bad}},
		Meetings: []*record.Meeting{{ID: "m1", Name: "Sitzung " + bad, Organizations: []string{"rat"}, Public: true, Location: bad,
			Start: time.Date(2024, 1, 10, 17, 0, 0, 0, berlin), AgendaItems: []*record.AgendaItem{
				{ID: "m1-1", Number: "1\x02", Order: 1, Name: "Punkt " + bad, Public: true, Result: "beschlossen " + bad, ResultCategory: record.ResultApproved},
				{ID: "m1-2", Number: "2", Order: 2, Name: "Punkt zwei", Public: true, Result: "abgelehnt", ResultCategory: record.ResultRejected},
			}},
			// older, beyond the limit
			{ID: "m0", Name: "Sitzung null", Organizations: []string{"rat"}, Public: true, Start: time.Date(2023, 1, 10, 17, 0, 0, 0, berlin)},
		},
	}
	if err := tomlrec.Write(records, a); err != nil {
		t.Fatal(err)
	}
	out := MustBuild(t, config, "--records", records, "--base-url", "https://example.org/")
	feeds := readFeeds(t, out, "https://example.org/")
	for _, name := range []string{"index.xml", "committees/rat/index.xml"} {
		f := feeds[name]
		if f == nil {
			t.Fatalf("no feed %s", name)
		}
		if len(f.Entries) != 3 {
			t.Errorf("%s: %d entries, want feedLimit = 3", name, len(f.Entries))
		}
		if !strings.Contains(f.Entries[1].Title, "Punkt Kita<b>&amp;</b>]]>") {
			t.Errorf("%s: title %q does not show the record's text as text", name, f.Entries[1].Title)
		}
		if !strings.Contains(f.Entries[1].Content.Text, "Kita&lt;b&gt;&amp;amp;&lt;/b&gt;") {
			t.Errorf("%s: content %q does not escape the record's markup", name, f.Entries[1].Content.Text)
		}
	}
}
