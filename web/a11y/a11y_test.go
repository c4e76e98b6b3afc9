package a11y_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// pageTypes are the pages checked: one of each kind, chosen where the
// example has the longest texts, and the extra meeting of longRecords. The
// search page waits for its results; prep runs on the site before the
// page opens (a saved search in localStorage).
var pageTypes = []struct{ name, path, wait, prep string }{
	{"home", "/", "", ""},
	{"meeting", "/meetings/rat-2025-12/", "", ""},
	{"meeting-long", "/meetings/rat-lang/", "", ""},
	{"item", "/items/rat-2025-12-5/", "", ""},
	{"item-long", "/items/rat-lang-1/", "", ""},
	{"paper", "/papers/v-048-2025/", "", ""},
	{"committee", "/committees/rat/", "", ""},
	{"person", "/persons/wellmann/", "", ""},
	{"year", "/years/2025/", "", ""},
	{"meetings", "/meetings/", "", ""},
	{"papers", "/papers/", "", ""},
	{"committees", "/committees/", "", ""},
	{"persons", "/persons/", "", ""},
	{"years", "/years/", "", ""},
	{"items", "/items/", "", ""},
	{"search", "/search/?q=Kita", `document.querySelectorAll("#search-results .hit").length > 0 && document.querySelector("#search-results[aria-busy=true], #search-results.stale, .counting") === null && document.getAnimations().length === 0`, ""},
	{"search-saved", "/search/", `document.querySelector("#saved-list li .badge, #saved-list li .meta") !== null`,
		`localStorage.setItem("ratsarchiv.saved:/search/", JSON.stringify([{params: "q=Kita", newest: "2025-01-01", total: 3}, {params: "q=Haushalt&committee=Rat", newest: "2030-01-01", total: 1}]))`},
	{"about", "/about/", "", ""},
	{"data", "/data/", "", ""},
	{"404", "/404.html", "", ""},
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
				if p.prep != "" {
					do(t, ctx, "prepare", chromedp.Navigate(s.url+"/"), chromedp.Evaluate[chromedp.Void](p.prep))
				}
				open(t, ctx, s, p.path, p.wait)
				if shots != "" {
					shot(t, ctx, filepath.Join(shots, fmt.Sprintf("%s-desktop-%s.png", p.name, scheme)))
				}
				do(t, ctx, "inject axe", chromedp.Evaluate[chromedp.Void](axe))
				for _, v := range axeRun(t, ctx) {
					t.Errorf("%s: %s", p.path, v)
				}
				if bad := run(t, ctx, chromedp.Evaluate[[]string](navNamesJS)); len(bad) > 0 {
					t.Errorf("%s: navigation landmarks named like a link or not in the page's language: %v", p.path, bad)
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

// navNamesJS lists the names of navigation landmarks that are also the text
// of a link (the main navigation was named "Startseite", the home link's
// text) or English words on a German page: a screen reader announces them.
const navNamesJS = `(() => {
  const links = new Set([...document.querySelectorAll("a")].map(a => a.textContent.trim()));
  const english = document.documentElement.lang === "de" ? /^(Breadcrumbs?|Navigation|Main|Pages?)$/ : /^$/;
  return [...document.querySelectorAll("nav")].map(n => n.getAttribute("aria-label") ?? "").filter(l => links.has(l) || english.test(l));
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
