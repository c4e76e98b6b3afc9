package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

// searchWorkdir builds an index of a generated archive in a work directory.
func searchWorkdir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := searchindex.Build(context.Background(), filepath.Join(dir, searchindex.WorkDirName), searchtest.Archive(5, 200), searchindex.Options{BasePath: "/rat/"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runMain(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestSearchCommand(t *testing.T) {
	dir := searchWorkdir(t)

	t.Run("JSON", func(t *testing.T) {
		code, out, errs := runMain("search", "--workdir", dir, "--json", "--limit", "3", "Fördermittel", "Landes")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		for _, k := range []string{"total", "hits", "facets"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("no %q in %s", k, out)
			}
		}
		var r searchindex.Result
		json.Unmarshal([]byte(out), &r)
		if r.Total == 0 || len(r.Hits) != 3 {
			t.Fatalf("total %d, %d hits", r.Total, len(r.Hits))
		}
		var hit map[string]any
		var hits []json.RawMessage
		json.Unmarshal(raw["hits"], &hits)
		json.Unmarshal(hits[0], &hit)
		for _, k := range []string{"id", "url", "kind", "title", "date", "committee", "result", "resultCategory", "score", "excerpt"} {
			if _, ok := hit[k]; !ok {
				t.Errorf("hit has no %q: %s", k, hits[0])
			}
		}
		if !strings.HasPrefix(r.Hits[0].URL, "/rat/") || !strings.Contains(r.Hits[0].Excerpt, "<mark>") {
			t.Errorf("hit %+v", r.Hits[0])
		}
	})

	t.Run("Filters", func(t *testing.T) {
		_, all, _ := runMain("search", "--workdir", dir, "--json", "Sitzung")
		code, out, errs := runMain("search", "--workdir", dir, "--json", "--committee", "Ausschuss für Bauen, Planen und Umwelt", "--kind", "item", "--year", "2019", "Sitzung")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var a, f searchindex.Result
		json.Unmarshal([]byte(all), &a)
		json.Unmarshal([]byte(out), &f)
		if f.Total == 0 || f.Total >= a.Total {
			t.Errorf("filtered total %d, unfiltered %d", f.Total, a.Total)
		}
		for _, h := range f.Hits {
			if h.Committee != "Ausschuss für Bauen, Planen und Umwelt" || h.Kind != "item" || !strings.HasPrefix(h.Date, "2019") {
				t.Errorf("hit outside the filters: %+v", h)
			}
		}
	})

	t.Run("Text", func(t *testing.T) {
		code, out, errs := runMain("search", "--workdir", dir, "--limit", "2", `"Kenntnis genommen"`)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if !strings.Contains(out, " results\n") || !strings.Contains(out, "\n1. ") || !strings.Contains(out, "»") || strings.Contains(out, "<mark>") {
			t.Errorf("output:\n%s", out)
		}
	})

	t.Run("ErrMalformedQuery", func(t *testing.T) {
		code, _, errs := runMain("search", "--workdir", dir, `"Kenntnis`)
		if code != 2 || !strings.Contains(errs, "quote") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})

	t.Run("ErrNoIndex", func(t *testing.T) {
		code, _, errs := runMain("search", "--workdir", t.TempDir(), "Kita")
		if code != 1 || !strings.Contains(errs, "ratsarchiv build") {
			t.Errorf("exit %d: %s", code, errs)
		}
	})
}
