// Package a11y_test checks every kind of page of a built site in Chromium:
// axe-core finds no accessibility violation in the light or the dark colour
// scheme, and no page scrolls sideways on a 360 px wide phone. axe-core is
// an npm package installed here by `npm ci` (.ci/run does it); without it
// the test skips, or fails when RATSARCHIV_REQUIRE_BROWSER is set.
// Screenshots of every page (desktop and phone, light and dark) go to
// $RATSARCHIV_SCREENSHOTS when set.
package a11y_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/chromedp/cdproto/cdp"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// pageTypes are the pages checked: one of each kind, chosen where the
// example has the longest texts, and the extra meeting of longRecords. The
// search page waits for its results.
var pageTypes = []struct{ name, path, wait string }{
	{"home", "/", ""},
	{"meeting", "/meetings/rat-2025-12/", ""},
	{"meeting-long", "/meetings/rat-lang/", ""},
	{"item", "/items/rat-2025-12-5/", ""},
	{"item-long", "/items/rat-lang-1/", ""},
	{"paper", "/papers/v-048-2025/", ""},
	{"committee", "/committees/rat/", ""},
	{"person", "/persons/wellmann/", ""},
	{"year", "/years/2025/", ""},
	{"meetings", "/meetings/", ""},
	{"papers", "/papers/", ""},
	{"committees", "/committees/", ""},
	{"persons", "/persons/", ""},
	{"years", "/years/", ""},
	{"items", "/items/", ""},
	{"search", "/search/?q=Kita", `document.querySelectorAll("#search-results .hit").length > 0`},
	{"about", "/about/", ""},
	{"404", "/404.html", ""},
}

// longRecords adds to the example a meeting of the Rat whose texts are as
// long as real ones get: a result of several motions in one run, a title
// and a URL without spaces.
func longRecords(a *record.Archive) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	long := "1. Antrag der Fraktion Bürgerbündnis Lindenfelda) einstimmig, 0 Enthaltungenb) 1 Ja-Stimme, 13 Nein-Stimmen, 2 Enthaltungen2. Beschlussvorschlag der Verwaltung in der Fassung der Beschlussempfehlung des Haupt- und Finanzausschusses https://ratsinfo.lindenfeld.example.org/vorlagen/2025/beschlussempfehlung-haupt-und-finanzausschuss-anlage-3.pdf"
	a.Meetings = append(a.Meetings, &record.Meeting{
		ID: "rat-lang", Name: "Sondersitzung des Rates der Stadt Lindenfeld zur Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung",
		Organizations: []string{"rat", "hfa"}, Public: true, Start: time.Date(2025, 10, 7, 18, 0, 0, 0, berlin), Location: "Rathaus",
		AgendaItems: []*record.AgendaItem{{
			ID: "rat-lang-1", Number: "Ö 10.1.2", Order: 1, Public: true,
			Name:   "Bebauungsplan Nr. 117 „Nördlich der Mühlenstraße/Westlich der Bahnhofstraße“ – Abwägungsbeschluss und Satzungsbeschluss (Rechtsgrundlage: https://www.lindenfeld.example.org/satzungen/bebauungsplaene/nr-117-noerdlich-der-muehlenstrasse)",
			Result: long, ResultCategory: record.ResultOther, ResolutionText: long,
		}},
	})
	a.Sort()
}

type site struct {
	url string
}

// buildSite builds the example with longRecords into a temporary folder
// and serves it.
func buildSite(t *testing.T) *site {
	t.Helper()
	cfg, err := config.Load(testkit.RepoFile("config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	a, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil || len(diags) > 0 {
		t.Fatalf("example: %v %v", err, diags)
	}
	longRecords(a)
	root := t.TempDir()
	records := filepath.Join(root, "records")
	if err := tomlrec.Write(records, a); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "public")
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	if _, err := build.Run(context.Background(), build.Options{
		Config: cfg, RecordsDir: records, OutDir: out, WorkDir: filepath.Join(root, "work"), BaseURL: srv.URL + "/",
		Now: time.Date(2026, 1, 1, 0, 0, 0, 0, cfg.Archive.Location),
	}); err != nil {
		t.Fatal(err)
	}
	return &site{url: srv.URL}
}

// axeSource is axe-core's browser build, installed by npm ci in this folder.
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if testkit.Required() {
			t.Fatalf("axe-core is missing and %s is set: run npm ci in web/a11y (%v)", testkit.RequireToolsEnv, err)
		}
		t.Skipf("axe-core is missing (npm ci in web/a11y): %v", err)
	}
	return string(src)
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(testkit.Chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// colorScheme emulates prefers-color-scheme.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

// violation is what the test reports of an axe result.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n      … %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n      %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page and waits until it is ready for checking.
func open(t *testing.T, ctx context.Context, s *site, path, wait string) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(s.url + path), chromedp.WaitReady(chromedp.CSS("body"))}
	if wait != "" {
		steps = append(steps, chromedp.Poll[chromedp.Void](wait, chromedp.WithPollingTimeout(20*time.Second)))
	}
	do(t, ctx, path, steps...)
}

// TestAccessibility runs axe-core on every page type in both colour
// schemes, and checks that none scrolls sideways at 360 px.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	ctx := browser(t)
	s := buildSite(t)
	shots := os.Getenv("RATSARCHIV_SCREENSHOTS")

	// Positive control: axe finds what it should on a page known to be
	// wrong, so that "0 violations" means something.
	do(t, ctx, "control", chromedp.Navigate("data:text/html,<html><body><img src=x><a href=%23></a></body></html>"),
		chromedp.Evaluate[chromedp.Void](axe))
	if vs := axeRun(t, ctx); len(vs) < 2 {
		t.Fatalf("axe found %d violations on a page without lang, alt text or link text", len(vs))
	}

	for _, scheme := range []string{"light", "dark"} {
		for _, p := range pageTypes {
			t.Run(scheme+"/"+p.name, func(t *testing.T) {
				do(t, ctx, "scheme", colorScheme(scheme), chromedp.EmulateViewport(1280, 900))
				open(t, ctx, s, p.path, p.wait)
				if shots != "" {
					shot(t, ctx, filepath.Join(shots, fmt.Sprintf("%s-desktop-%s.png", p.name, scheme)))
				}
				do(t, ctx, "inject axe", chromedp.Evaluate[chromedp.Void](axe))
				for _, v := range axeRun(t, ctx) {
					t.Errorf("%s: %s", p.path, v)
				}
				if bad := run(t, ctx, chromedp.Evaluate[[]string](controlSchemeJS)); len(bad) > 0 {
					t.Errorf("%s: controls drawn for the other colour scheme than their background: %s", p.path, strings.Join(bad, ", "))
				}

				// A phone: the page fits its width.
				do(t, ctx, "phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
				open(t, ctx, s, p.path, p.wait)
				if wide := run(t, ctx, chromedp.Evaluate[[]string](overflowJS)); len(wide) > 0 {
					t.Errorf("%s scrolls sideways at 360 px; too wide: %s", p.path, strings.Join(wide, ", "))
				}
				if shots != "" {
					shot(t, ctx, filepath.Join(shots, fmt.Sprintf("%s-phone-%s.png", p.name, scheme)))
				}
			})
		}
	}
}

// controlSchemeJS names the form fields whose native parts (the clear
// button of a search field, the calendar icon of a date field) are drawn
// for a colour scheme other than their background's: a white search field
// in dark mode draws a light clear button, invisible on white.
const controlSchemeJS = `(() => {
  const dark = matchMedia("(prefers-color-scheme: dark)").matches, out = [];
  const lum = (c) => { const m = c.match(/[\d.]+/g).map(Number); return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255; };
  for (const e of document.querySelectorAll("input, select, textarea")) {
    const cs = getComputedStyle(e);
    if (cs.display === "none" || cs.backgroundColor === "rgba(0, 0, 0, 0)") continue;
    const used = cs.colorScheme.includes("dark") && (dark || !cs.colorScheme.includes("light")) ? "dark" : "light";
    const bg = lum(cs.backgroundColor) > 0.5 ? "light" : "dark";
    if (used !== bg) out.push((e.id ? "#" + e.id : e.tagName.toLowerCase()) + " (" + bg + " background, " + used + " controls)");
  }
  return out;
})()`

// axeRun runs axe (injected before) on the current page with the WCAG 2.1
// AA rules and best practices, and returns its violations.
func axeRun(t *testing.T, ctx context.Context) []violation {
	t.Helper()
	raw := run(t, ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	var vs []violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

// overflowJS is empty when the page is not wider than the window, and
// otherwise names the innermost elements that stick out.
const overflowJS = `(() => {
  const se = document.scrollingElement;
  if (se.scrollWidth <= se.clientWidth) return [];
  const w = se.clientWidth, out = [];
  for (const e of document.body.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.right > w + 0.5 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 0.5)) {
      out.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " (" + Math.round(r.right) + " px)");
    }
  }
  return [se.scrollWidth + " > " + se.clientWidth + " px", ...out.slice(0, 8)];
})()`

func shot(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	png := run(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
