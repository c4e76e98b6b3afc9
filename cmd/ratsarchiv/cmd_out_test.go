package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// snapshot maps every file below dir to its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.Walk(dir, func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		files[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// assertUnchanged fails when a file of before changed or vanished.
func assertUnchanged(t *testing.T, before map[string]string) {
	t.Helper()
	for path, data := range before {
		if got, err := os.ReadFile(path); err != nil || string(got) != data {
			t.Errorf("%s changed or vanished: %v", path, err)
		}
	}
}

// TestOutOverSourcesIsRefused: --out that would replace what a command
// reads fails with a message before anything is written, for build, serve
// and both importers.
func TestOutOverSourcesIsRefused(t *testing.T) {
	site := t.TempDir()
	testkit.CopyTree(t, filepath.Join(repoRoot(t), "example", "records"), filepath.Join(site, "records"))
	cfg, err := os.ReadFile(filepath.Join(repoRoot(t), "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg = []byte(strings.Replace(string(cfg), `records = "example/records"`, `records = "records"`, 1))
	if err := os.WriteFile(filepath.Join(site, "config.toml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	texts := filepath.Join(site, "texts")
	os.MkdirAll(texts, 0o755)
	os.WriteFile(filepath.Join(texts, "top1.txt"), []byte("Beratungsergebnis: einstimmig beschlossen\n"), 0o644)
	dump := filepath.Join(site, "dump")
	os.MkdirAll(dump, 0o755)
	os.WriteFile(filepath.Join(dump, "meeting.json"), []byte(`{"data":[]}`), 0o644)
	before := snapshot(t, site)
	t.Chdir(site)

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"BuildRecords", []string{"build", "--out", "records"}, "which is the records folder"},
		{"BuildDot", []string{"build", "--out", "."}, "which is the site folder"},
		{"ServeRecords", []string{"serve", "--addr", "127.0.0.1:0", "--out", "records"}, "which is the records folder"},
		{"ServeNotOurs", []string{"serve", "--addr", "127.0.0.1:0", "--out", "dump"}, "has no .ratsarchiv-output file"},
		{"ImportTextOverTexts", []string{"import", "text", "texts/top1.txt", "--out", "texts", "--body", "B", "--organization", "Rat", "--date", "2024-01-01"}, "which contains a minutes text to import"},
		{"ImportOParlIntoDump", []string{"import", "oparl", "dump", "--out", "dump/records"}, "which lies inside the OParl folder to import"},
		{"ImportOParlOverMinutes", []string{"import", "oparl", "dump", "--minutes", "texts", "--out", "."}, "which contains the --minutes folder"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Cancelled from the start, so that a serve that wrongly
			// started stops at once instead of serving on.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stderrb bytes.Buffer
			code := (&Main{Stdout: io.Discard, Stderr: &stderrb}).Run(ctx, tt.args)
			stderr := stderrb.String()
			if code == 0 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant %q", code, stderr, tt.want)
			}
		})
	}
	assertUnchanged(t, before)
}

// TestImportKeepsFoldersItDidNotWrite: an import replaces an earlier
// import's records, but not a folder of hand-written records.
func TestImportKeepsFoldersItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "top1.txt")
	os.WriteFile(text, []byte("Beratungsergebnis: einstimmig beschlossen\n"), 0o644)
	out := filepath.Join(dir, "records")
	args := []string{"import", "text", text, "--out", out, "--body", "B", "--organization", "Rat", "--date", "2024-01-01", "--item-number", "1", "-q"}
	for i := range 2 { // the second run replaces the first one's records
		if code, _, stderr := run(t, args...); code != 0 {
			t.Fatalf("run %d: exit %d\n%s", i+1, code, stderr)
		}
	}
	hand := filepath.Join(dir, "hand")
	testkit.CopyTree(t, filepath.Join(repoRoot(t), "example", "records"), hand)
	before := snapshot(t, hand)
	args[4] = hand
	code, _, stderr := run(t, args...)
	if code == 0 || !strings.Contains(stderr, "has no .ratsarchiv-records file") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
	assertUnchanged(t, before)
}
