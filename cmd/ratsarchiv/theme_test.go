package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/BurntSushi/toml"

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

// TestConfigsHoldOnlySiteSettings keeps the Hugo settings the templates
// need (outputs, output formats, kinds) in the theme's defaults.toml: in the
// example's config.toml they would work for the example and silently miss
// from every site that ratsarchiv init starts.
func TestConfigsHoldOnlySiteSettings(t *testing.T) {
	site := []string{"baseURL", "defaultContentLanguage", "locale", "params", "title"}
	for _, file := range []string{filepath.Join(repoRoot(t), "config.toml"), filepath.Join("starter", "config.toml")} {
		var cfg map[string]any
		if _, err := toml.DecodeFile(file, &cfg); err != nil {
			t.Fatal(err)
		}
		keys := slices.Sorted(maps.Keys(cfg))
		for _, k := range keys {
			if !slices.Contains(site, k) {
				t.Errorf("%s sets %s: a setting the templates need belongs in defaults.toml", file, k)
			}
		}
		if !slices.Contains(keys, "title") || !slices.Contains(keys, "params") {
			t.Errorf("%s: keys %v lack title or params: the file was not read as a site config", file, keys)
		}
	}
}
