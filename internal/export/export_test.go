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

// TestDirKeep: a file Keep keeps is not written, one it does not is; both
// count, and Keep sees each file's whole content.
func TestDirKeep(t *testing.T) {
	root := t.TempDir()
	d := NewDir(root)
	seen := map[string]string{}
	d.Keep = func(rel string, data []byte) bool {
		seen[rel] = string(data)
		return rel == "kept.txt"
	}
	for _, rel := range []string{"kept.txt", "new/written.txt"} {
		if err := d.Write(rel, func(w io.Writer) error { _, err := io.WriteString(w, "content of "+rel); return err }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "kept.txt")); !os.IsNotExist(err) {
		t.Errorf("kept file written: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(root, "new", "written.txt")); err != nil || string(got) != "content of new/written.txt" {
		t.Errorf("written file: %q, %v", got, err)
	}
	if seen["kept.txt"] != "content of kept.txt" || len(seen) != 2 {
		t.Errorf("Keep saw %v", seen)
	}
	if d.Files() != 2 || d.Bytes() != int64(len("content of kept.txt")+len("content of new/written.txt")) {
		t.Errorf("counted %d files, %d bytes", d.Files(), d.Bytes())
	}
	// Paths are checked all the same.
	if err := d.Write("../x", func(w io.Writer) error { return nil }); err == nil {
		t.Error("a path outside the root was accepted")
	}
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
