package staticindex_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// TestSearchPageInBrowser builds the example site, serves it as static
// files, and uses the search page in headless Chromium: type a query, see
// results, choose a facet, check the address and the count, open the
// shared address, page, get a message for a malformed query, and see the
// hits before they are counted. Screenshots go to $RATSARCHIV_SCREENSHOTS
// when set.
func TestSearchPageInBrowser(t *testing.T) {
	browser := testkit.Chromium(t)
	root := t.TempDir()
	siteDir := filepath.Join(root, "public")
	// The server holds back the files named in held until release is
	// closed; nothing is cached, so every page load asks again.
	var held sync.Map
	release := make(chan struct{})
	files := http.FileServer(http.Dir(siteDir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if _, ok := held.Load(r.URL.Path); ok {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg, err := config.Load(testkit.RepoFile("config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := build.Run(context.Background(), build.Options{
		Config: cfg, OutDir: siteDir, WorkDir: filepath.Join(root, "work"), BaseURL: srv.URL + "/",
	}); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("RATSARCHIV_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		png := run(t, ctx, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// results waits until the page shows a count different from prev.
	results := func(prev string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](`(() => { const s = document.getElementById("search-status").textContent;
			return /Treffer/.test(s) && document.getElementById("search-results").getAttribute("aria-busy") === "false" && s !== `+strconv.Quote(prev)+` })()`,
			chromedp.WithPollingTimeout(20*time.Second))
	}
	status := func() string { return run(t, ctx, chromedp.Text(chromedp.ID("search-status"))) }
	count := func(s string) int {
		n, _ := strconv.Atoi(strings.Fields(strings.ReplaceAll(s, ".", ""))[0])
		return n
	}

	do("type a query", chromedp.Navigate(srv.URL+"/search/"), chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "Kita"), results(""))
	first := status()
	hits := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results .hit").length`))
	firstHit := run(t, ctx, chromedp.Text(chromedp.CSS("#search-results .hit-title a")))
	mark := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("#search-results mark")?.textContent ?? ""`))
	location := run(t, ctx, chromedp.Location())
	shot("search-kita")
	total := count(first)
	if total < 2 || hits == 0 || hits > 10 || firstHit == "" {
		t.Fatalf("after typing Kita: status %q, %d hits, first %q", first, hits, firstHit)
	}
	if !strings.Contains(strings.ToLower(mark), "kita") {
		t.Errorf("no highlighted match in the excerpts (first mark %q)", mark)
	}
	if u, _ := url.Parse(location); u.Query().Get("q") != "Kita" {
		t.Errorf("address %s does not carry the query", location)
	}

	// Choose the first committee and check address and count.
	facet := run(t, ctx, chromedp.Evaluate[string](`document.querySelector('[data-facet="committee"] input').value`))
	do("choose a committee", chromedp.Click(chromedp.CSS(`[data-facet="committee"] input`)), results(first))
	filtered := status()
	hitsAfter := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results .hit").length`))
	location = run(t, ctx, chromedp.Location())
	shot("search-kita-committee")
	u, _ := url.Parse(location)
	if u.Query().Get("committee") != facet || u.Query().Get("q") != "Kita" {
		t.Errorf("address %s after choosing committee %q", location, facet)
	}
	if n := count(filtered); n == 0 || n > total || hitsAfter == 0 {
		t.Errorf("after choosing %q: %q (%d hits), before %d", facet, filtered, hitsAfter, total)
	}
	// A hit is in the committee, or is a paper whose path passes through
	// it (one hit per matter: its agenda item there matched).
	for _, m := range run(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results .hit")].map(h => h.querySelector(".meta").textContent + " | " + [...h.querySelectorAll(".hit-path li")].map(li => li.textContent).join(" → "))`)) {
		if !strings.Contains(m, facet) {
			t.Errorf("hit outside committee %q: %q", facet, m)
		}
	}

	// The address is shareable: opening it gives the same result.
	do("open the shared address", chromedp.Navigate(location), results(""))
	if shared := status(); shared != filtered {
		t.Errorf("shared address shows %q, want %q", shared, filtered)
	}

	// Pages: the second page is in the address, and the count gets the
	// focus, so a screen reader reads where it is.
	do("page 2", chromedp.Navigate(srv.URL+"/search/?q=Sitzung"), results(""),
		chromedp.Click(chromedp.CSS(`#search-pages button[data-page="2"]`)),
		chromedp.Poll[chromedp.Void](`location.search.includes("page=2") && document.activeElement.id === "search-status"`, chromedp.WithPollingTimeout(20*time.Second)))
	shot("search-page2")

	// Keyboard: "/" focuses the search field; a malformed query gives a
	// message, not an exception.
	do("keyboard", chromedp.Navigate(srv.URL+"/search/?q=Sitzung"), results(""),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), chromedp.KeyEvent("/"))
	if focused := run(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "q" {
		t.Errorf(`"/" focused %q, want the search field`, focused)
	}
	do("malformed query", chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`), chromedp.SendKeys(chromedp.ID("q"), `Sitzung "Kenntnis`),
		chromedp.Poll[chromedp.Void](`document.getElementById("search-status").textContent.includes("Anführungszeichen")`, chromedp.WithPollingTimeout(20*time.Second)))
	shot("search-error")
	if n := run(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results.stale .hit").length`)); n == 0 {
		t.Error("a malformed query removed the last results; they should stay, dimmed")
	}

	// The hits show before they are counted: with the facet blocks held
	// back, a query of two words shows its hits and says it is still
	// searching; its count follows once they arrive.
	b, err := os.ReadFile(filepath.Join(siteDir, "search", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entry struct {
		Facets struct{ Files, FineFiles []string } `json:"facets"`
	}
	if err := json.Unmarshal(b, &entry); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(entry.Facets.Files, entry.Facets.FineFiles...) {
		held.Store("/search/"+name, true)
	}
	// On a phone's width, where the page must not scroll sideways before
	// the filters show either.
	do("hits before counts", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(srv.URL+"/search/?q=Kita+Sitzung"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#search-results .hit").length > 0 && document.getElementById("search-status").textContent === "Suche …" &&
			document.getElementById("search-results").getAttribute("aria-busy") === "false"`,
			chromedp.WithPollingTimeout(20*time.Second)))
	shot("search-hits-first")
	if w := run(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("the hits before their counts: the page is %d px wide at 360 px", w)
	}
	const firstTop = `document.querySelector("#search-results .hit").getBoundingClientRect().top`
	before := run(t, ctx, chromedp.Evaluate[float64](firstTop))
	close(release)
	do("counts after the hits", results("Suche …"))
	if after := run(t, ctx, chromedp.Evaluate[float64](firstTop)); after != before {
		t.Errorf("the first hit moved from %.0f to %.0f px when the counts came", before, after)
	}
	if n := count(status()); n == 0 {
		t.Errorf("after the facet blocks: %q", status())
	}
	t.Logf("Kita: %s; with %s: %s; %s; screenshots in %s", first, facet, filtered, status(), shots)
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
