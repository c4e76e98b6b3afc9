package atomicdir

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

func TestCommit(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	for i, content := range []string{"first", "second"} {
		s, err := Stage(target)
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
	s, err := Stage(target)
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
	s, err := Stage(target)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Abort()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale staging folder kept: %v", err)
	}
}
