package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBuildReaderPages checks what the example's pages give readers beside
// the records: Open Graph tags, the localized 404 page, the person list in
// the main navigation, a paper's outcome at the top of its page and the
// citation box.
func TestBuildReaderPages(t *testing.T) {
	const base = "https://example.org/rat/"
	out := MustBuild(t, filepath.Join(repoRoot(t), "config.toml"), "--base-url", base)
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	mustHave := func(page, html string, wants ...string) {
		t.Helper()
		for _, w := range wants {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %s", page, w)
			}
		}
	}

	item := read("items/rat-2025-12-5/index.html")
	mustHave("item page", item,
		`<meta property="og:title" content="TOP 5: Anpassung der Elternbeiträge`,
		`<meta property="og:url" content="`+base+`items/rat-2025-12-5/">`,
		`<meta property="og:description" content="`,
		`<p class="print-source">Ratsarchiv Lindenfeld · `+base+`items/rat-2025-12-5/</p>`,
		`Stadt Lindenfeld, Rat der Stadt Lindenfeld: Sitzung vom 9. Dezember 2025, TOP 5: „Anpassung der Elternbeiträge`,
	)

	nf := read("404.html")
	mustHave("404 page", nf, `<html lang="de"`, `<title>Seite nicht gefunden – Ratsarchiv Lindenfeld</title>`, `<meta name="robots" content="noindex">`)
	if strings.Contains(nf, "og:url") || strings.Contains(nf, "Page not found") {
		t.Error("the 404 page has an og:url or Hugo's English title")
	}

	mustHave("header", read("meetings/index.html"), `<a href="/rat/persons/">Personen</a>`, `<nav class="site-nav" aria-label="Hauptnavigation">`)
	mustHave("person list", read("persons/index.html"), `Fraktion: Fraktion Bürgerbündnis Lindenfeld`, `>Oliver Tebbe</a>`)
	// Names without "Herr"/"Frau"; periods as people write them.
	tags := regexp.MustCompile(`<[^>]+>`)
	person := tags.ReplaceAllString(read("persons/tebbe/index.html"), "")
	mustHave("person page", person, "Oliver Tebbe", "1. November 2021 – 31. Dezember 2024", "seit 1. November 2021")
	for _, page := range []string{"persons/index.html", "persons/tebbe/index.html"} {
		if text := tags.ReplaceAllString(read(page), ""); strings.Contains(text, "Herr Oliver Tebbe") || strings.Contains(text, " bis 31. Dezember 2024") {
			t.Errorf("%s: a form of address in a name, or \"seit … bis\"", page)
		}
	}

	// V 048/2025 was rejected by the Rat, its deciding consultation, after
	// two committees recommended it: the outcome is the Rat's, above the path.
	paper := read("papers/v-048-2025/index.html")
	outcome := strings.Index(paper, `<p class="outcome outcome--paper"><span class="outcome-label">Ergebnis:</span> <span class="badge badge--rejected">abgelehnt</span>`)
	path := strings.Index(paper, `<h2>Beratungsfolge</h2>`)
	if outcome < 0 || path < 0 || outcome > path {
		t.Errorf("paper page: outcome at %d, path at %d", outcome, path)
	}
	mustHave("paper list", read("papers/index.html"), `V 048/2025`, `badge--rejected`)
}
