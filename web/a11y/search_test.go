package a11y_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// searchReady holds when the search page shows its hits and their counts.
const searchReady = `document.querySelectorAll("#search-results .hit").length > 0 && document.querySelector("#search-results[aria-busy=true], #search-results.stale, .counting") === null`

// facetsJS lists each facet's values as shown: [facet, label, count].
const facetsJS = `[...document.querySelectorAll(".search-filters fieldset.facet")].filter(f => !f.hidden).flatMap(f =>
  [...f.querySelectorAll("li")].map(li => [f.dataset.facet, li.querySelector("label").firstChild.textContent.trim(), li.querySelector(".count").textContent]))`

// TestSearchPagePhone opens a search on a 360 px phone: the filters are
// collapsed behind a button and the first hits are on the first screen;
// the button opens them.
func TestSearchPagePhone(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	do(t, ctx, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	open(t, ctx, s, "/search/?q=Kita", searchReady)
	shots := os.Getenv("RATSARCHIV_SCREENSHOTS")
	if shots != "" {
		do(t, ctx, "screenshot", chromedp.Evaluate[chromedp.Void](`document.fonts.ready`))
		screen(t, ctx, filepath.Join(shots, "search-phone-first-screen.png"))
	}

	// The first hit whole and the second begun, above the fold.
	tops := run(t, ctx, chromedp.Evaluate[[]float64](`[...document.querySelectorAll("#search-results .hit")].slice(0, 2).flatMap(h => { const r = h.getBoundingClientRect(); return [r.top, r.bottom]; })`))
	height := run(t, ctx, chromedp.Evaluate[float64](`innerHeight`))
	if len(tops) < 4 || tops[1] > height || tops[2] > height-40 {
		t.Errorf("hits at %v on a screen of %v px: the first two are not on the first screen", tops, height)
	}
	panel := `document.getElementById("filters-panel").checkVisibility()`
	if run(t, ctx, chromedp.Evaluate[bool](panel)) {
		t.Error("the filters are open on a phone before the button is pressed")
	}
	if !run(t, ctx, chromedp.Evaluate[bool](`document.getElementById("filters-toggle").checkVisibility()`)) {
		t.Fatal("no filters button on a phone")
	}
	do(t, ctx, "open the filters", chromedp.Click(chromedp.ID("filters-toggle")))
	if !run(t, ctx, chromedp.Evaluate[bool](panel)) || run(t, ctx, chromedp.Evaluate[string](`document.getElementById("filters-toggle").getAttribute("aria-expanded")`)) != "true" {
		t.Error("the button does not open the filters")
	}
	if shots != "" {
		screen(t, ctx, filepath.Join(shots, "search-phone-filters-open.png"))
	}
	do(t, ctx, "close the filters", chromedp.Click(chromedp.ID("filters-toggle")))
	if run(t, ctx, chromedp.Evaluate[bool](panel)) {
		t.Error("the button does not close the filters")
	}

	// On a wide screen there is no button, and the filters are shown.
	do(t, ctx, "desktop", chromedp.EmulateViewport(1280, 900))
	if run(t, ctx, chromedp.Evaluate[bool](`document.getElementById("filters-toggle").checkVisibility()`)) || !run(t, ctx, chromedp.Evaluate[bool](panel)) {
		t.Error("a wide screen shows the filters' button, or hides the filters")
	}
}

// TestSearchPageKeyboard: from the search field, a keyboard user reaches
// the results with the skip link, without tabbing through the filters.
func TestSearchPageKeyboard(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	open(t, ctx, s, "/search/?q=Kita", searchReady)
	do(t, ctx, "focus the search field", chromedp.Focus(chromedp.ID("q")))
	active := `document.activeElement.id || document.activeElement.tagName`
	var path []string
	for range 3 {
		do(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		path = append(path, run(t, ctx, chromedp.Evaluate[string](active)))
		if path[len(path)-1] == "skip-results" {
			break
		}
	}
	if path[len(path)-1] != "skip-results" {
		t.Fatalf("tabbing from the search field reaches %v, not the skip link", path)
	}
	if !run(t, ctx, chromedp.Evaluate[bool](`document.getElementById("skip-results").getBoundingClientRect().left >= 0`)) {
		t.Error("the focused skip link is out of sight")
	}
	do(t, ctx, "follow the skip link", chromedp.KeyEvent(kb.Enter))
	if got := run(t, ctx, chromedp.Evaluate[string](active)); got != "search-main" {
		t.Errorf("the skip link moves the focus to %q, want the results (search-main)", got)
	}
	// Then the results' own controls (saving the search) and the first hit,
	// no filter between.
	reached := false
	for range 3 {
		do(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		if run(t, ctx, chromedp.Evaluate[bool](`document.activeElement.closest(".search-filters") !== null`)) {
			t.Fatal("tabbing on from the results reaches a filter")
		}
		if reached = run(t, ctx, chromedp.Evaluate[bool](`document.activeElement === document.querySelector("#search-results .hit a")`)); reached {
			break
		}
	}
	if !reached {
		t.Errorf("three tabs after the skip link do not reach the first hit but %q", run(t, ctx, chromedp.Evaluate[string](`document.activeElement.outerHTML.slice(0, 120)`)))
	}
}

// TestSearchPageKindFacet: the kind is a facet, every facet's values are
// sorted by count, and choosing a kind keeps only hits of that kind.
func TestSearchPageKindFacet(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	open(t, ctx, s, "/search/?q=Kita", searchReady)
	values := run(t, ctx, chromedp.Evaluate[[][]string](facetsJS))
	kinds := map[string]string{}
	last := map[string]int{}
	for _, v := range values {
		n := atoi(t, v[2])
		if p, ok := last[v[0]]; ok && n > p {
			t.Errorf("facet %s: %q (%d) after a value of %d: not sorted by count", v[0], v[1], n, p)
		}
		last[v[0]] = n
		if v[0] == "kind" {
			kinds[v[1]] = v[2]
		}
	}
	if len(kinds) < 2 {
		t.Fatalf("kind facet %v: want at least two kinds for Kita", kinds)
	}
	for k := range kinds {
		if !slices.Contains([]string{"Sitzung", "Tagesordnungspunkt", "Vorlage"}, k) {
			t.Errorf("kind facet value %q is not a kind's German name", k)
		}
	}
	do(t, ctx, "choose Vorlage",
		chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('[data-facet="kind"] li')].find(li => li.textContent.startsWith("Vorlage")).querySelector("input").click()`),
		chromedp.Poll[chromedp.Void](`location.search.includes("kind=paper") && `+searchReady, chromedp.WithPollingTimeout(20*time.Second)))
	metas := run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results .hit .meta")].map(m => m.textContent)`))
	status := run(t, ctx, chromedp.Text(chromedp.ID("search-status")))
	if !strings.HasPrefix(status, kinds["Vorlage"]+" ") && !(kinds["Vorlage"] == "1" && status == "1 Treffer") {
		t.Errorf("status %q after choosing Vorlage, whose facet said %s", status, kinds["Vorlage"])
	}
	for _, m := range metas {
		if !strings.HasPrefix(m, "Vorlage") {
			t.Errorf("a hit of another kind shown with kind=paper: %q", m)
		}
	}
	loc := run(t, ctx, chromedp.Location())
	if u, _ := url.Parse(loc); u.Query().Get("kind") != "paper" {
		t.Errorf("address %s does not keep the kind", loc)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		t.Fatalf("count %q: %v", s, err)
	}
	return n
}

// screen saves what the window shows (not the whole page) as a PNG.
func screen(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	png := run(t, ctx, chromedp.CaptureScreenshot())
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSearchPageShowsPath: a paper deliberated in several committees is
// one hit, which shows its path through them (date, committee, each a
// link to the agenda item), not a hit per agenda item.
func TestSearchPageShowsPath(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	open(t, ctx, s, "/search/?q=Radverkehrskonzept+Endfassung", searchReady)
	type hitView struct {
		Title string   `json:"title"`
		Path  []string `json:"path"`
		Links []string `json:"links"`
	}
	hits := run(t, ctx, chromedp.Evaluate[[]hitView](`[...document.querySelectorAll("#search-results .hit")].map(h => ({
  title: h.querySelector(".hit-title").textContent,
  path: [...h.querySelectorAll(".hit-path li")].map(li => li.textContent),
  links: [...h.querySelectorAll(".hit-path a")].map(a => a.getAttribute("href"))}))`))
	// Each matter once: before, the paper and each of its agenda items
	// (which bear its title) were hits of their own.
	var titles []string
	var paper *hitView
	for i, h := range hits {
		if slices.Contains(titles, h.Title) {
			t.Errorf("hits %q: %q twice", titles, h.Title)
		}
		titles = append(titles, h.Title)
		if paper == nil || len(h.Path) > len(paper.Path) {
			paper = &hits[i]
		}
	}
	if paper == nil || len(paper.Path) == 0 {
		t.Fatalf("hits %q: none shows a path", titles)
	}
	if len(paper.Path) < 2 || len(paper.Links) != len(paper.Path) || !strings.Contains(strings.Join(paper.Path, " "), "2024") {
		t.Errorf("path %q (links %q): want its stations, dated, each a link", paper.Path, paper.Links)
	}
	if label := run(t, ctx, chromedp.Evaluate[string](`document.querySelector(".hit-path").getAttribute("aria-label")`)); label != "Beratungsfolge" {
		t.Errorf("path labelled %q", label)
	}
}

// TestSearchPagePreloads: the search page has the browser fetch the index
// client and index.json while it loads, and the first search takes those
// very responses: each is fetched once, index.json by the page's link, and
// the client before the page's own script has even arrived (a dynamic
// import would start after it ran).
func TestSearchPagePreloads(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	open(t, ctx, s, "/search/?q=Kita", searchReady)
	type entry struct {
		Path      string  `json:"path"`
		Initiator string  `json:"initiator"`
		Start     float64 `json:"start"`
		End       float64 `json:"end"`
	}
	got := run(t, ctx, chromedp.Evaluate[[]entry](`performance.getEntriesByType("resource")
	  .filter(e => /\/(search\/index\.json|search\/ratsarchiv-search\.js|js\/search\.[^/]*js)$/.test(e.name))
	  .map(e => ({path: new URL(e.name).pathname, initiator: e.initiatorType, start: e.startTime, end: e.responseEnd}))`))
	by := map[string][]entry{}
	for _, e := range got {
		key := e.Path
		if strings.HasPrefix(key, "/js/search.") {
			key = "page script"
		}
		by[key] = append(by[key], e)
	}
	for _, k := range []string{"/search/index.json", "/search/ratsarchiv-search.js", "page script"} {
		if len(by[k]) != 1 {
			t.Fatalf("%s fetched %d times: %+v", k, len(by[k]), got)
		}
	}
	if ix := by["/search/index.json"][0]; ix.Initiator != "link" {
		t.Errorf("index.json fetched by %q, not by the page's preload link", ix.Initiator)
	}
	if c, p := by["/search/ratsarchiv-search.js"][0], by["page script"][0]; c.Start >= p.End {
		t.Errorf("the client's fetch started at %.1f ms, after the page's script arrived at %.1f ms: not preloaded", c.Start, p.End)
	}
}
