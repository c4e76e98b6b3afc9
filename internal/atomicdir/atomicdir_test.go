package atomicdir

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const testMarker = ".test-output"

func TestCommit(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	for i, content := range []string{"first", "second"} {
		s, err := Stage(target, testMarker)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s.Dir(), "index.html"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit(); err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
		got, err := os.ReadFile(filepath.Join(target, "index.html"))
		if err != nil || string(got) != content {
			t.Fatalf("after commit %d: %q, %v", i, got, err)
		}
		if err := s.Abort(); err != nil {
			t.Fatalf("abort after commit: %v", err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(target))
	if len(entries) != 1 {
		t.Errorf("leftovers beside the target: %v", entries)
	}
}

func TestAbortKeepsOldOutput(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	os.MkdirAll(target, 0o755)
	os.WriteFile(filepath.Join(target, "index.html"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(target, testMarker), nil, 0o644)
	s, err := Stage(target, testMarker)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(s.Dir(), "index.html"), []byte("half"), 0o644)
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(target, "index.html")); string(got) != "old" {
		t.Errorf("target = %q, want old output", got)
	}
	if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
		t.Errorf("staging folder still there: %v", err)
	}
}

func TestStageRemovesStaleFolders(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	// A process that has exited: its staging folder is stale.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(parent, stagePrefix("public")+strconv.Itoa(cmd.Process.Pid)+"-123")
	os.MkdirAll(stale, 0o755)
	s, err := Stage(target, testMarker)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale staging folder kept: %v", err)
	}
}

// TestStageRefusesUnmarkedFolders: only a missing or empty folder, or one
// with the marker an earlier run left, is replaced.
func TestStageRefusesUnmarkedFolders(t *testing.T) {
	t.Run("ErrNotMarked", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "records")
		os.MkdirAll(target, 0o755)
		os.WriteFile(filepath.Join(target, "body.toml"), []byte("precious"), 0o644)
		_, err := Stage(target, testMarker)
		if !errors.Is(err, ErrNotMarked) {
			t.Fatalf("err = %v, want ErrNotMarked", err)
		}
		// The message tells an earlier version's user what to do.
		for _, want := range []string{target, "has no " + testMarker + " file", "create the file " + filepath.Join(target, testMarker), "delete the folder"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
		if got, _ := os.ReadFile(filepath.Join(target, "body.toml")); string(got) != "precious" {
			t.Errorf("target changed: %q", got)
		}
		if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 1 {
			t.Errorf("staging left behind: %v", entries)
		}
	})
	t.Run("OtherMarker", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "public")
		os.MkdirAll(target, 0o755)
		os.WriteFile(filepath.Join(target, ".other-output"), nil, 0o644)
		if _, err := Stage(target, testMarker); !errors.Is(err, ErrNotMarked) {
			t.Fatalf("err = %v, want ErrNotMarked", err)
		}
	})
	t.Run("File", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(target, []byte("x"), 0o644)
		if _, err := Stage(target, testMarker); err == nil || !strings.Contains(err.Error(), "not a folder") {
			t.Fatalf("err = %v, want not a folder", err)
		}
	})
	t.Run("Symlink", func(t *testing.T) {
		parent := t.TempDir()
		real := filepath.Join(parent, "real")
		os.MkdirAll(real, 0o755)
		os.WriteFile(filepath.Join(real, testMarker), nil, 0o644)
		target := filepath.Join(parent, "public")
		if err := os.Symlink(real, target); err != nil {
			t.Fatal(err)
		}
		if _, err := Stage(target, testMarker); err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Fatalf("err = %v, want a refused symbolic link", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		parent := t.TempDir()
		empty := filepath.Join(parent, "empty")
		os.MkdirAll(empty, 0o755)
		marked := filepath.Join(parent, "marked")
		os.MkdirAll(marked, 0o755)
		os.WriteFile(filepath.Join(marked, testMarker), nil, 0o644)
		os.WriteFile(filepath.Join(marked, "old.html"), nil, 0o644)
		for _, target := range []string{empty, marked, filepath.Join(parent, "missing")} {
			s, err := Stage(target, testMarker)
			if err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			if err := s.Commit(); err != nil {
				t.Fatalf("%s: %v", target, err)
			}
			// The new folder is marked, so the next run may replace it.
			if _, err := os.Stat(filepath.Join(target, testMarker)); err != nil {
				t.Errorf("%s: no marker after commit: %v", target, err)
			}
			if _, err := os.Stat(filepath.Join(target, "old.html")); !os.IsNotExist(err) {
				t.Errorf("%s: old content kept: %v", target, err)
			}
		}
	})
}

// TestCommitChecksTheTargetAgain: a folder put in place of the target while
// the stage was filled is not replaced, by a commit that keeps the folder
// it replaces (an incremental build's) or by one that does not.
func TestCommitChecksTheTargetAgain(t *testing.T) {
	for name, commit := range map[string]func(*Staging) error{"Commit": (*Staging).Commit, "CommitKeep": (*Staging).CommitKeep} {
		t.Run(name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "public")
			s, err := Stage(target, testMarker)
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(target, 0o755)
			os.WriteFile(filepath.Join(target, "notes.txt"), []byte("mine"), 0o644)
			refusedUnmarked(t, s, commit(s), target)
		})
	}
}

// refusedUnmarked fails unless err (of s's Commit or CommitKeep) refused to
// replace dir, someone else's folder holding notes.txt, left it as it was
// and removed the staging folder.
func refusedUnmarked(t *testing.T, s *Staging, err error, dir string) {
	t.Helper()
	if !errors.Is(err, ErrNotMarked) {
		t.Fatalf("err = %v, want ErrNotMarked", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(got) != "mine" {
		t.Errorf("%s replaced: notes.txt %q", dir, got)
	}
	if _, err := os.Stat(s.Dir()); !os.IsNotExist(err) {
		t.Errorf("staging folder kept: %v", err)
	}
}

func TestCheckClear(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	records := filepath.Join(site, "records")
	os.MkdirAll(records, 0o755)
	link := filepath.Join(root, "link")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	keep := []Keep{
		{Path: records, What: "the records folder"},
		{Path: site, What: "the site folder", MayHold: true},
	}
	for _, tt := range []struct {
		target, want string
	}{
		{records, "is the records folder"},
		{site, "is the site folder"}, // what the target is comes first
		{root, "contains the records folder"},
		{filepath.Join(records, "out"), "lies inside the records folder"},
		{filepath.Join(site, "records", ".", "sub", ".."), "is the records folder"},
		{filepath.Join(link, "records"), "is the records folder"},               // through a symlink
		{filepath.Join(link, "records", "new", "x"), "lies inside the records"}, // missing below a symlink
		{link, "is the site folder"},
		{filepath.Join(site, "public"), ""}, // the site folder may hold the output
		{filepath.Join(root, "public"), ""},
		{filepath.Join(site, "records-public"), ""},
	} {
		err := CheckClear(tt.target, keep...)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v, want no error", tt.target, err)
		case tt.want != "" && (!errors.Is(err, ErrOverlap) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: err = %v, want %q", tt.target, err, tt.want)
		}
	}
	// Without the site as a kept path, the records are what it contains.
	if err := CheckClear(link, keep[0]); err == nil || !strings.Contains(err.Error(), "contains the records folder") {
		t.Errorf("site through a link: err = %v", err)
	}
}

// TestCommitKeepAndReuse: the folder CommitKeep replaced is the next
// StageReuse's staging folder, with its files (and their inodes) as they
// were; Commit removes it, and an unmarked folder in its place is neither
// reused nor removed.
func TestCommitKeepAndReuse(t *testing.T) {
	parent := t.TempDir()
	target := filepath.Join(parent, "public")
	write := func(dir, name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := StageReuse(target, testMarker)
	if err != nil {
		t.Fatal(err)
	}
	if s.Reused() {
		t.Fatal("first stage reused a folder")
	}
	write(s.Dir(), "a.html", "v1")
	if err := s.CommitKeep(); err != nil {
		t.Fatal(err)
	}
	// Nothing was replaced: nothing kept.
	if _, err := os.Stat(PreviousDir(target)); !os.IsNotExist(err) {
		t.Fatalf("kept a folder after the first commit: %v", err)
	}

	s, err = StageReuse(target, testMarker)
	if err != nil {
		t.Fatal(err)
	}
	if s.Reused() {
		t.Fatal("reused a folder before any was kept")
	}
	// The second version shares a.html with the live folder.
	if err := os.Link(filepath.Join(target, "a.html"), filepath.Join(s.Dir(), "a.html")); err != nil {
		t.Fatal(err)
	}
	write(s.Dir(), "b.html", "v2")
	live, _ := os.Stat(filepath.Join(target, "a.html"))
	if err := s.CommitKeep(); err != nil {
		t.Fatal(err)
	}
	prev := PreviousDir(target)
	if got, _ := os.ReadFile(filepath.Join(prev, "a.html")); string(got) != "v1" {
		t.Fatalf("kept folder's a.html = %q", got)
	}

	s, err = StageReuse(target, testMarker)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Reused() {
		t.Fatal("the kept folder was not reused")
	}
	if _, err := os.Stat(prev); !os.IsNotExist(err) {
		t.Errorf("the kept folder is still there besides the staging folder: %v", err)
	}
	got, err := os.Stat(filepath.Join(s.Dir(), "a.html"))
	if err != nil || !os.SameFile(got, live) {
		t.Errorf("reused a.html is not the file it was: %v", err)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), "b.html")); !os.IsNotExist(err) {
		t.Errorf("reused folder holds the live folder's b.html: %v", err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(prev); !os.IsNotExist(err) {
		t.Errorf("Commit kept the old folder: %v", err)
	}

	// A folder of someone else's where the kept one would be.
	if err := os.MkdirAll(prev, 0o755); err != nil {
		t.Fatal(err)
	}
	write(prev, "notes.txt", "mine")
	s, err = StageReuse(target, testMarker)
	if err != nil {
		t.Fatal(err)
	}
	if s.Reused() {
		t.Error("reused an unmarked folder")
	}
	if err := s.CommitKeep(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(prev, "notes.txt")); string(got) != "mine" {
		t.Errorf("unmarked folder changed: %q", got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 2 {
		t.Errorf("beside the target: %v, want the target and the unmarked folder", entries)
	}
}
