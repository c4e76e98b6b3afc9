package analysis_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// analyzerFiles lists the texts of the parity suite: the edge cases, and
// when the shared corpus is there every Karlsruhe attachment text, every
// Nordstemmen minutes text and the seeds.
func analyzerFiles(t *testing.T) []string {
	files := []string{testkit.RepoFile("web/search/testdata/edgecases.txt")}
	if testing.Short() {
		return files
	}
	add := func(pattern string) {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	add(filepath.Join(testcorpus.Dir(t, "karlsruhe-oparl"), "file-texts-2025-2026", "*.txt"))
	nord := testcorpus.Dir(t, "nordstemmen")
	filepath.WalkDir(filepath.Join(nord, "documents", "meetings"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txt") {
			files = append(files, p)
		}
		return nil
	})
	add(filepath.Join(filepath.Dir(testcorpus.Root()), "seeds", "*.txt"))
	return files
}

// tokenLines is the canonical form both sides hash.
func tokenLines(text string, d *analysis.Dictionary) []string {
	var out []string
	for _, mode := range []string{"q", "i"} {
		var ts []analysis.Token
		if mode == "q" {
			ts = analysis.Analyze(text)
		} else {
			ts = analysis.AnalyzeIndex(text, d)
		}
		for _, t := range ts {
			out = append(out, fmt.Sprintf("%s\t%s\t%d\t%d\t%d\n", mode, t.Term, t.Position, t.Start, t.End))
		}
	}
	return out
}

// TestAnalyzerParity feeds every text of the corpora and the edge cases
// through the Go analyzer and the JavaScript one (with the decompounding
// dictionary of all those texts) and requires identical terms, positions
// and offsets.
func TestAnalyzerParity(t *testing.T) {
	node := testkit.Node(t)
	files := analyzerFiles(t)
	tmp := t.TempDir()
	texts := make([]string, len(files))
	b := analysis.NewDictionaryBuilder()
	for i, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(raw) {
			// Both sides must read the same text; give node the repaired file.
			raw = bytes.ToValidUTF8(raw, []byte("\uFFFD"))
			files[i] = filepath.Join(tmp, fmt.Sprintf("repaired-%d.txt", i))
			if err := os.WriteFile(files[i], raw, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		texts[i] = string(raw)
		b.Add(texts[i])
	}
	dict := b.Dictionary()
	dj, err := json.Marshal(dict.Words())
	if err != nil {
		t.Fatal(err)
	}
	dictFile := filepath.Join(tmp, "dict.json")
	listFile := filepath.Join(tmp, "files.txt")
	os.WriteFile(dictFile, dj, 0o644)
	os.WriteFile(listFile, []byte(strings.Join(files, "\n")+"\n"), 0o644)

	js := testkit.RunNode(t, node, testkit.RepoFile("web/search/testdata/analyze.mjs"), dictFile, listFile)
	sc := bufio.NewScanner(bytes.NewReader(js))
	sc.Buffer(nil, 1<<20)
	tokens, differ := 0, 0
	for i := 0; sc.Scan(); i++ {
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 3 || parts[0] != files[i] {
			t.Fatalf("analyze.mjs: unexpected line %q for %s", sc.Text(), files[i])
		}
		lines := tokenLines(texts[i], dict)
		h := sha256.New()
		for _, l := range lines {
			h.Write([]byte(l))
		}
		tokens += len(lines)
		if got := hex.EncodeToString(h.Sum(nil)); got != parts[2] || fmt.Sprint(len(lines)) != parts[1] {
			differ++
			if differ <= 5 || os.Getenv("ANALYZER_DIFFS") != "" {
				t.Errorf("%s: tokens differ (Go %d, JS %s): %s", files[i], len(lines), parts[1], firstDiff(t, node, dictFile, files[i], lines))
			}
		}
	}
	t.Logf("%d files, %d tokens (query and index analysis), %d dictionary stems: %d files differ", len(files), tokens, dict.Len(), differ)
}

// firstDiff dumps one file's JS tokens and shows where they part.
func firstDiff(t *testing.T, node, dictFile, file string, goLines []string) string {
	list := filepath.Join(t.TempDir(), "one.txt")
	os.WriteFile(list, []byte(file+"\n"), 0o644)
	js := strings.SplitAfter(string(testkit.RunNode(t, node, testkit.RepoFile("web/search/testdata/analyze.mjs"), dictFile, list, "--dump")), "\n")
	for i := range max(len(goLines), len(js)) {
		var g, j string
		if i < len(goLines) {
			g = goLines[i]
		}
		if i < len(js) {
			j = js[i]
		}
		if g != j {
			return fmt.Sprintf("token %d: Go %q, JS %q", i, g, j)
		}
	}
	return "same when dumped"
}
