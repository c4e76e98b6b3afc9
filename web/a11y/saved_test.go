package a11y_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// before is the archive as it was on day cut: a's meetings and papers
// dated after it are not there yet, nor the references to them.
func before(a *record.Archive, cut time.Time) *record.Archive {
	b := *a
	b.Meetings, b.Papers = nil, nil
	items := map[string]bool{}
	meetings := map[string]bool{}
	papers := map[string]bool{}
	for _, p := range a.Papers {
		if !p.Date.After(cut) {
			papers[p.ID] = true
		}
	}
	for _, m := range a.Meetings {
		if m.Start.After(cut) {
			continue
		}
		mc := *m
		mc.AgendaItems = nil
		for _, it := range m.AgendaItems {
			ic := *it
			if !papers[ic.Paper] {
				ic.Paper = ""
			}
			mc.AgendaItems = append(mc.AgendaItems, &ic)
			items[it.ID] = true
		}
		meetings[m.ID] = true
		b.Meetings = append(b.Meetings, &mc)
	}
	for _, p := range a.Papers {
		if !papers[p.ID] {
			continue
		}
		pc := *p
		pc.Consultations = nil
		for _, c := range p.Consultations {
			if (c.Meeting == "" || meetings[c.Meeting]) && (c.AgendaItem == "" || items[c.AgendaItem]) {
				pc.Consultations = append(pc.Consultations, c)
			}
		}
		b.Papers = append(b.Papers, &pc)
	}
	return &b
}

// TestSavedSearches saves a search, lets the archive grow, and comes back:
// the search page counts the hits that are new, opening the search marks
// them, and then nothing is new. Removing it empties the browser's storage.
func TestSavedSearches(t *testing.T) {
	ctx := browser(t)
	cfg, err := config.Load(testkit.RepoFile("config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	full, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example: %v %v", err, diags)
	}
	root := t.TempDir()
	out := filepath.Join(root, "public")
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	publish := func(a *record.Archive, name string) {
		t.Helper()
		records := filepath.Join(root, name)
		if err := tomlrec.Write(records, a); err != nil {
			t.Fatal(err)
		}
		if _, err := build.Run(context.Background(), build.Options{
			Config: cfg, RecordsDir: records, OutDir: out, WorkDir: filepath.Join(root, "work"), BaseURL: srv.URL + "/",
			Now: time.Date(2026, 1, 1, 0, 0, 0, 0, cfg.Archive.Location),
		}); err != nil {
			t.Fatal(err)
		}
	}
	s := &site{url: srv.URL, dir: out}
	total := func() int {
		t.Helper()
		st := run(t, ctx, chromedp.Text(chromedp.ID("search-status")))
		n, err := strconv.Atoi(strings.Fields(strings.ReplaceAll(st, ".", ""))[0])
		if err != nil {
			t.Fatalf("status %q: %v", st, err)
		}
		return n
	}
	const hits = `document.querySelectorAll("#search-results .hit").length > 0`

	publish(before(full, time.Date(2025, 6, 30, 0, 0, 0, 0, cfg.Archive.Location)), "records-june")
	open(t, ctx, s, "/search/?q=Kita", hits)
	then := total()
	do(t, ctx, "save", chromedp.Click(chromedp.ID("search-save")),
		chromedp.Poll[chromedp.Void](`document.getElementById("search-save").getAttribute("aria-pressed") === "true" && !document.getElementById("saved-searches").hidden`))
	stored := run(t, ctx, chromedp.Evaluate[string](`JSON.stringify(Object.entries(localStorage))`))
	if !strings.Contains(stored, `\"params\":\"q=Kita\"`) {
		t.Fatalf("localStorage after saving: %s", stored)
	}

	publish(full, "records-all")
	open(t, ctx, s, "/search/", `document.querySelector("#saved-list li .badge, #saved-list li .meta") !== null`)
	item := run(t, ctx, chromedp.Text(chromedp.CSS("#saved-list li")))
	m := regexp.MustCompile(`(\d+) neue Treffer`).FindStringSubmatch(item)
	if m == nil {
		t.Fatalf("saved search after the archive grew: %q", item)
	}
	fresh, _ := strconv.Atoi(m[1])
	open(t, ctx, s, "/search/?q=Kita&sort=newest", hits)
	now := total()
	// The records added are all dated after the first archive's newest hit.
	if fresh != now-then || fresh == 0 {
		t.Errorf("%d new hits counted; the search found %d, then %d", fresh, then, now)
	}
	t.Logf("Kita: %d hits, then %d; %d counted new", then, now, fresh)
	marked := run(t, ctx, chromedp.Evaluate[[]bool](`[...document.querySelectorAll("#search-results .hit")].map(h => h.querySelector(".badge--new") !== null)`))
	for i, isNew := range marked {
		if isNew != (i < fresh) {
			t.Errorf("hit %d (newest first) marked new: %v, with %d new hits", i+1, isNew, fresh)
		}
	}

	open(t, ctx, s, "/search/", `document.querySelector("#saved-list li .meta") !== null`)
	if item := run(t, ctx, chromedp.Text(chromedp.CSS("#saved-list li"))); !strings.Contains(item, "nichts Neues") {
		t.Errorf("saved search after opening it: %q", item)
	}
	do(t, ctx, "remove", chromedp.Click(chromedp.CSS("#saved-list .saved-remove")),
		chromedp.Poll[chromedp.Void](`document.getElementById("saved-searches").hidden`))
	if n := run(t, ctx, chromedp.Evaluate[int](`localStorage.length`)); n != 0 {
		t.Errorf("%d entries left in localStorage after removing the only saved search", n)
	}
}
