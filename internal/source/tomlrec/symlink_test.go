//go:build unix

package tomlrec

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestLoadFollowsLinksInsideTheFolder: a symbolic link that stays inside
// the records folder is read; one that leaves it, loops, leads nowhere or
// to what is read already is reported with its path, never skipped
// silently.
func TestLoadFollowsLinksInsideTheFolder(t *testing.T) {
	outside := writeTree(t, map[string]string{"more/papers.toml": "[[paper]]\nid = \"out\"\nname = \"Draußen\"\n", "LICENSE": "x"})
	dir := writeTree(t, map[string]string{
		"body.toml":           bodyTOML,
		"organizations.toml":  orgsTOML,
		"meetings/m.toml":     "[meeting]\nid = \"m\"\nname = \"x\"\norganization = \"rat\"\nstart = 2024-01-01\n",
		".shared/papers.toml": "[[paper]]\nid = \"shared\"\nname = \"Geteilt\"\n",
	})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(dir, ".shared"), "linked")                 // inside: read
	link(filepath.Join(outside, "more"), "outside")               // leaves the folder
	link(filepath.Join(outside, "more", "papers.toml"), "x.toml") // a file outside
	link(filepath.Join(outside, "LICENSE"), "LICENSE")            // no record file: ignored
	link(dir, "loop")                                             // its own folder
	link("meetings", "again")                                     // read already
	link(filepath.Join(dir, "nowhere"), "dangling.toml")          // leads nowhere
	link("cycle-b", "cycle-a")                                    // two links in a circle
	link("cycle-a", "cycle-b")
	a, diags := MustLoad(t, dir)

	if len(a.Papers) != 1 || a.Papers[0].ID != "shared" {
		t.Errorf("papers = %v, want the one linked from inside", a.Papers)
	}
	if len(a.Meetings) != 1 {
		t.Errorf("%d meetings, want 1 (read once)", len(a.Meetings))
	}
	want := map[string]string{
		"again":         "read already as " + filepath.Join(dir, "meetings"),
		"cycle-a":       "cannot be followed",
		"cycle-b":       "cannot be followed",
		"dangling.toml": "cannot be followed",
		"loop":          "read already as " + dir,
		"outside":       "outside the records folder",
		"x.toml":        "outside the records folder",
	}
	for _, d := range diags {
		name := filepath.Base(d.Pos.File)
		if w, ok := want[name]; ok && strings.Contains(d.Message, w) && filepath.Dir(d.Pos.File) == dir {
			delete(want, name)
			continue
		}
		t.Errorf("unexpected diagnostic %s", d)
	}
	for name, w := range want {
		t.Errorf("no diagnostic for %s (%q)", name, w)
	}

	// A records folder that is itself a link is read through it.
	root := filepath.Join(t.TempDir(), "records")
	if err := os.Symlink(dir, root); err != nil {
		t.Fatal(err)
	}
	if b, diags2 := MustLoad(t, root); len(b.Papers) != 1 || len(diags2) != len(diags) {
		t.Errorf("through a linked folder: %d papers, %d diagnostics; want 1 and %d", len(b.Papers), len(diags2), len(diags))
	}
}

// TestLoadReportsPipes: a *.toml that is a named pipe would block the read.
func TestLoadReportsPipes(t *testing.T) {
	dir := writeTree(t, map[string]string{"body.toml": bodyTOML})
	fifo := filepath.Join(dir, "pipe.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := MustLoad(t, dir)
	if len(diags) != 1 || diags[0].Pos.File != fifo || !strings.Contains(diags[0].Message, "not a regular file") {
		t.Errorf("diagnostics = %v", diags)
	}
}
