package export

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestDirWrite(t *testing.T) {
	root := t.TempDir()
	d := NewDir(root)
	t.Run("OK", func(t *testing.T) {
		for _, rel := range []string{"/meetings/calendar.ics", "data/a.csv"} {
			if err := d.Write(rel, func(w io.Writer) error { _, err := io.WriteString(w, "abc"); return err }); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(filepath.Join(root, "meetings", "calendar.ics"))
		if err != nil || string(got) != "abc" {
			t.Fatalf("read %q, %v", got, err)
		}
		if d.Files() != 2 || d.Bytes() != 6 {
			t.Errorf("counted %d files, %d bytes; want 2, 6", d.Files(), d.Bytes())
		}
	})
	t.Run("ErrOutside", func(t *testing.T) {
		for _, rel := range []string{"", "/", "../x", "a/../../x", "a/./b", "a//b", "a/"} {
			err := d.Write(rel, func(w io.Writer) error { return nil })
			if err == nil {
				t.Errorf("Write(%q) succeeded", rel)
			}
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(root), "x")); err == nil {
			t.Error("a file was written beside the root")
		}
	})
}

func TestURL(t *testing.T) {
	for _, c := range []struct{ base, path, want string }{
		{"https://example.org/", "/meetings/x/", "https://example.org/meetings/x/"},
		{"https://example.org/rat/", "meetings/calendar.ics", "https://example.org/rat/meetings/calendar.ics"},
		{"https://example.org/rat", "/oparl/system.json", "https://example.org/rat/oparl/system.json"},
	} {
		if got := URL(c.base, c.path); got != c.want {
			t.Errorf("URL(%q, %q) = %q, want %q", c.base, c.path, got, c.want)
		}
	}
}
