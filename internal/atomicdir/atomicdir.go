// Package atomicdir replaces a directory as a whole: a build or an import
// writes into a staging folder beside the target and swaps it in only when it
// succeeded, so a failed or killed run leaves the previous output untouched.
//
// Replacing a folder deletes what it held, so atomicdir replaces only
// folders that carry its caller's marker file (or are empty or missing), and
// CheckClear lets callers refuse targets that overlap their sources.
//
// A caller that updates its output in small steps keeps the folder a
// commit replaced (CommitKeep) and stages the next version in it
// (StageReuse): it then changes only what differs, with hard links to the
// live folder's files for what it shares with it, so that files whose
// content did not change keep their inode and modification time, and the
// two versions share their disk space.
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
	marker string
	done   bool
	reused bool
}

// ErrNotMarked is returned for a target that is not empty and lacks the
// marker file: not a folder an earlier run wrote, so not one to delete.
var ErrNotMarked = errors.New("not a folder ratsarchiv wrote")

// markerText is what a marker file says to a person who finds it.
const markerText = "Written by ratsarchiv, which replaces this folder as a whole on its next run.\n"

// Stage creates an empty staging folder beside target (same filesystem, so
// the swap is a rename). marker names the file that marks the folders of one
// kind that ratsarchiv writes (".ratsarchiv-output"); Commit puts it into
// the new folder unless the caller wrote it. A target that exists must be a
// folder, and empty or marked with the same file: anything else is refused
// with ErrNotMarked, so that a mistyped path never deletes a folder of
// someone else's. Staging folders left by killed runs are removed.
func Stage(target, marker string) (*Staging, error) {
	target = filepath.Clean(target)
	if err := CheckMarked(target, marker); err != nil {
		return nil, err
	}
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
	return &Staging{target: target, dir: dir, marker: marker}, nil
}

// CheckMarked returns nil when Stage may replace target: it is missing, an
// empty folder, or a folder holding marker. Otherwise the error says why
// not, and wraps ErrNotMarked when target is a folder of someone else's.
func CheckMarked(target, marker string) error {
	if marker == "" || marker == "." || marker == ".." || strings.ContainsAny(marker, `/\`) {
		return fmt.Errorf("atomicdir: bad marker file name %q", marker)
	}
	fi, err := os.Lstat(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("atomicdir: %w", err)
	case fi.Mode()&os.ModeSymlink != 0:
		return fmt.Errorf("atomicdir: %s is a symbolic link, which would be replaced by a folder: give the folder it points to instead", target)
	case !fi.IsDir():
		return fmt.Errorf("atomicdir: %s is a file, not a folder", target)
	}
	if _, err := os.Lstat(filepath.Join(target, marker)); err == nil {
		return nil
	}
	f, err := os.Open(target)
	if err != nil {
		return fmt.Errorf("atomicdir: %w", err)
	}
	defer f.Close()
	if names, _ := f.Readdirnames(1); len(names) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s is not empty and has no %s file, so it is not replaced (which would delete what it holds). "+
		"If an earlier ratsarchiv wrote it, before it marked its folders, delete the folder or create the file %s, and run again; "+
		"otherwise choose another folder",
		ErrNotMarked, target, marker, filepath.Join(target, marker))
}

func stagePrefix(base string) string { return "." + base + ".staging-" }

// PreviousDir is where CommitKeep keeps the folder a commit replaced:
// hidden, beside target.
func PreviousDir(target string) string {
	parent, base := filepath.Split(filepath.Clean(target))
	return filepath.Join(parent, "."+base+".previous")
}

// StageReuse is Stage, but for the staging folder: it is the folder the
// last CommitKeep of target replaced, when there is one that holds the
// marker (Reused then reports true), and otherwise empty. The caller
// brings it up to date: it must write a new file, or rename one in, for
// every path it changes, never write into a file it holds, since its files
// may be hard links to the live folder's.
func StageReuse(target, marker string) (*Staging, error) {
	s, err := Stage(target, marker)
	if err != nil {
		return nil, err
	}
	prev := PreviousDir(s.target)
	if fi, err := os.Lstat(filepath.Join(prev, marker)); err != nil || !fi.Mode().IsRegular() {
		return s, nil
	}
	// The empty staging folder makes way for the kept one, under its name.
	if err := os.Remove(s.dir); err != nil {
		return nil, err
	}
	if err := os.Rename(prev, s.dir); err != nil {
		os.RemoveAll(s.dir)
		return nil, err
	}
	s.reused = true
	return s, nil
}

// Reused reports whether the staging folder is a kept earlier output (see
// StageReuse) rather than an empty folder.
func (s *Staging) Reused() bool { return s.reused }

// Dir is the staging folder to write into.
func (s *Staging) Dir() string { return s.dir }

// Commit puts the staging folder in place of the target, if the target may
// still be replaced (see Stage); otherwise it removes the staging folder and
// leaves the target alone. On Linux the two are exchanged in one atomic
// rename(2), so readers never see a missing folder; elsewhere the old folder
// is moved aside first. The old folder is removed.
func (s *Staging) Commit() error { return s.commit(false) }

// CommitKeep is Commit, but the old folder is kept, at PreviousDir, for
// the next StageReuse (an older one kept there is removed). Keep it only
// when it shares most files with the new one (hard links): it takes the
// disk space of the files it does not share.
func (s *Staging) CommitKeep() error { return s.commit(true) }

func (s *Staging) commit(keep bool) error {
	if s.done {
		return errors.New("atomicdir: staging already committed or aborted")
	}
	s.done = true
	// Check again: the target may have changed while the stage was filled.
	if err := CheckMarked(s.target, s.marker); err != nil {
		os.RemoveAll(s.dir)
		return err
	}
	if err := s.mark(); err != nil {
		os.RemoveAll(s.dir)
		return fmt.Errorf("atomicdir: %w", err)
	}
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
		s.retire(s.dir, keep)
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
	s.retire(old, keep) // as above: the next Stage removes what is left
	return nil
}

// retire removes the replaced folder old, or with keep keeps it for the
// next StageReuse. A folder kept earlier goes either way: it is older than
// the live one's predecessor. Only a marked folder is removed there.
func (s *Staging) retire(old string, keep bool) {
	prev := PreviousDir(s.target)
	if _, err := os.Lstat(prev); err == nil && CheckMarked(prev, s.marker) == nil {
		_ = os.RemoveAll(prev)
	}
	if keep && os.Rename(old, prev) == nil {
		return
	}
	_ = os.RemoveAll(old)
}

// Mark writes the marker file into the staging folder now, unless it is
// there (Commit writes it otherwise), for a caller that lists the folder's
// files before the commit.
func (s *Staging) Mark() error { return s.mark() }

// mark writes the marker file, unless the caller wrote its own (an index
// marks itself with its description).
func (s *Staging) mark() error {
	path := filepath.Join(s.dir, s.marker)
	if _, err := os.Lstat(path); err == nil {
		return nil
	}
	return os.WriteFile(path, []byte(markerText), 0o644)
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
