package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
)

// TestThemeOnlySiteBuildsLikeTheExample builds the example's records in a
// folder that holds nothing but them and the example's config.toml: with
// the theme that comes with the binary, the site is the example's, file for
// file and byte for byte, styles, scripts and search client included, and
// the folder gains nothing but its output.
func TestThemeOnlySiteBuildsLikeTheExample(t *testing.T) {
	root := repoRoot(t)
	site := t.TempDir()
	testkit.CopyTree(t, filepath.Join(root, "example", "records"), filepath.Join(site, "records"))
	cfg, err := os.ReadFile(filepath.Join(root, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	own := regexp.MustCompile(`(?m)^records = .*$`).ReplaceAll(cfg, []byte(`records = "records"`))
	if bytes.Equal(own, cfg) {
		t.Fatal("config.toml has no records line to set")
	}
	if err := os.WriteFile(filepath.Join(site, "config.toml"), own, 0o644); err != nil {
		t.Fatal(err)
	}

	got := MustBuild(t, filepath.Join(site, "config.toml"))
	want := MustBuild(t, filepath.Join(root, "config.toml"))
	if d := diffTrees(t, want, got); d != "" {
		t.Errorf("the site differs from the example's: %s", d)
	}

	// What a reader's browser loads is there: the stylesheet, the search
	// page's script and the search client it imports.
	pages, err := sitecheck.Pages(got)
	if err != nil {
		t.Fatal(err)
	}
	broken, err := sitecheck.BrokenLinks(got, "http://127.0.0.1:1313/", pages)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range broken {
		t.Errorf("%s: broken link %s", b.Page, b.Link)
	}
	css, err := filepath.Glob(filepath.Join(got, "css", "ratsarchiv.*.css"))
	if err != nil || len(css) != 1 {
		t.Errorf("stylesheets %v (%v), want one", css, err)
	}
	if _, err := os.Stat(filepath.Join(got, "search", "ratsarchiv-search.js")); err != nil {
		t.Errorf("no search client: %v", err)
	}

	entries, err := os.ReadDir(site)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"config.toml", "records"}) {
		t.Errorf("the site folder holds %v after the build, want only config.toml and records", names)
	}
}
