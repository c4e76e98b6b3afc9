package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRedactLines: whatever a config file holds, finding the redact
// entries' lines never fails the load, and when the file loads, every
// entry has a line inside the file, in order.
func FuzzRedactLines(f *testing.F) {
	f.Add("[params.ratsarchiv]\nredact = [\"a\", 'b']\n")
	f.Add("[params]\nratsarchiv = { redact = [\n\"a\", # x\n'''b'''] }\n")
	f.Add("[params]\nratsarchiv.redact = [\"\"\"a\nb\"\"\", \"c\\\"]\"]\n")
	if src, err := os.ReadFile("../../config.toml"); err == nil {
		f.Add(string(src))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src string) {
		p := filepath.Join(dir, "config.toml")
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Load(p)
		if err != nil || len(c.Archive.Redact) == 0 {
			return
		}
		lines := c.Archive.RedactLines
		if len(lines) != len(c.Archive.Redact) {
			t.Fatalf("%d redact entries, %d lines", len(c.Archive.Redact), len(lines))
		}
		for i, l := range lines {
			if l < 1 || l > strings.Count(src, "\n")+1 || i > 0 && l < lines[i-1] {
				t.Fatalf("lines %v", lines)
			}
		}
	})
}
