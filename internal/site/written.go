package site

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gohugoio/hugo/resources/page"
)

// checkWritten fails unless every output of every page has its file in
// publishDir. Hugo only warns when no template renders a page (the site's
// layouts/ lacks it, or the theme does), and a site without, say, its
// meeting pages, while every link to them stays, must not be published.
// basePath is the path of the site's base URL, which the files lack.
func checkWritten(pages page.Pages, basePath, publishDir string) error {
	type group struct {
		n       int
		example string
	}
	missing := map[string]*group{}
	for _, p := range pages {
		for _, of := range p.OutputFormats() {
			rel := of.RelPermalink()
			if _, err := os.Stat(filepath.Join(publishDir, filepath.FromSlash(outputFile(rel, basePath)))); err == nil {
				continue
			}
			what := fmt.Sprintf("page(s) of kind %q", p.Kind())
			if s := p.Section(); s != "" {
				what += " in " + s + "/"
			}
			what += " as " + of.Name()
			g := missing[what]
			if g == nil {
				g = &group{example: rel}
				missing[what] = g
			}
			g.n++
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var lines []string
	for what, g := range missing {
		lines = append(lines, fmt.Sprintf("%d %s, e.g. %s", g.n, what, g.example))
	}
	slices.Sort(lines)
	return fmt.Errorf("site: no template rendered %s: neither the site's layouts/ nor the theme has one for them", strings.Join(lines, "; "))
}

// outputFile is the file, relative to the publish folder, of a page's
// output at rel (a relative permalink); basePath is the path of the site's
// base URL, which the files lack.
func outputFile(rel, basePath string) string {
	file := strings.TrimPrefix(rel, basePath)
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	return strings.TrimPrefix(path.Clean("/"+file), "/")
}

// outputFiles are the files of p's outputs, relative to the publish
// folder.
func outputFiles(p page.Page, basePath string) []string {
	var out []string
	for _, of := range p.OutputFormats() {
		out = append(out, outputFile(of.RelPermalink(), basePath))
	}
	return out
}
