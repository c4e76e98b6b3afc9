// Package atomicdir replaces a directory as a whole: a build or an import
// writes into a staging folder beside the target and swaps it in only when it
// succeeded, so a failed or killed run leaves the previous output untouched.
package atomicdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Staging is a folder being filled to replace a target folder.
type Staging struct {
	target string
	dir    string
	done   bool
}

// Stage creates an empty staging folder beside target (same filesystem, so
// the swap is a rename). Staging folders left by killed runs are removed.
func Stage(target string) (*Staging, error) {
	target = filepath.Clean(target)
	parent, base := filepath.Split(target)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStale(parent, base)
	dir, err := os.MkdirTemp(parent, stagePrefix(base)+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	// MkdirTemp creates 0700; the output is for a web server to read.
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Staging{target: target, dir: dir}, nil
}

func stagePrefix(base string) string { return "." + base + ".staging-" }

// Dir is the staging folder to write into.
func (s *Staging) Dir() string { return s.dir }

// Commit puts the staging folder in place of the target. On Linux the two
// are exchanged in one atomic rename(2), so readers never see a missing
// folder; elsewhere the old folder is moved aside first.
func (s *Staging) Commit() error {
	if s.done {
		return errors.New("atomicdir: staging already committed or aborted")
	}
	s.done = true
	old := s.dir + ".old"
	if _, err := os.Lstat(s.target); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(s.dir, s.target); err != nil {
			return fmt.Errorf("atomicdir: %w", err)
		}
		return nil
	}
	if err := exchange(s.dir, s.target); err == nil {
		// s.dir now holds the previous output. The new output is live
		// whatever happens next; what cannot be removed now is a stale
		// staging folder that the next Stage removes.
		_ = os.RemoveAll(s.dir)
		return nil
	}
	if err := os.Rename(s.target, old); err != nil {
		return fmt.Errorf("atomicdir: moving old output aside: %w", err)
	}
	if err := os.Rename(s.dir, s.target); err != nil {
		// Put the old output back; the new one stays for inspection.
		_ = os.Rename(old, s.target)
		return fmt.Errorf("atomicdir: %w", err)
	}
	_ = os.RemoveAll(old) // as above: the next Stage removes what is left
	return nil
}

// Abort removes the staging folder; the target is untouched. It is safe to
// call after Commit (it then does nothing), so callers can defer it.
func (s *Staging) Abort() error {
	if s.done {
		return nil
	}
	s.done = true
	return os.RemoveAll(s.dir)
}

// removeStale deletes staging folders of processes that no longer run.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := stagePrefix(base)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, prefix) {
			continue
		}
		pidStr, _, _ := strings.Cut(strings.TrimPrefix(name, prefix), "-")
		pid, err := strconv.Atoi(pidStr)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.RemoveAll(filepath.Join(parent, name))
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
