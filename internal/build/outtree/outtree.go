// Package outtree describes the files of a built site — a tree — by their
// content, so that the next build can tell what changed, and brings a
// folder to a new tree with as few file operations as it can: files the
// live site has already are hard links to its files, so that they keep
// their inode and modification time (a deploy that compares them uploads
// only what changed), and a folder that held an earlier version
// (atomicdir.StageReuse) changes only where it differs.
package outtree

import (
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Sum is a file's content: the first 16 bytes of its SHA-256.
type Sum [16]byte

// SumOf is the sum of data.
func SumOf(data []byte) Sum {
	h := sha256.Sum256(data)
	return Sum(h[:16])
}

// File is a file of a tree: its content, and the identity of the file in
// the folder it was recorded in (to tell that it was not changed since).
type File struct {
	Sum     Sum
	Size    int64
	Ino     uint64
	ModTime int64 // nanoseconds
}

// Tree is the files of a folder, by slash-separated path relative to it,
// and the folder's own identity (its inode: a rename keeps it).
type Tree struct {
	Ino   uint64
	Files map[string]File
}

// identity returns the inode, size and modification time of a file.
func identity(fi fs.FileInfo) (ino uint64, size, mtime int64) {
	return inode(fi), fi.Size(), fi.ModTime().UnixNano()
}

// FolderID identifies the folder dir (its inode), as Tree.Ino does.
func FolderID(dir string) (uint64, error) { return dirIno(dir) }

// dirIno is the inode of the folder dir.
func dirIno(dir string) (uint64, error) {
	fi, err := os.Lstat(dir)
	if err != nil {
		return 0, err
	}
	if !fi.IsDir() {
		return 0, fmt.Errorf("outtree: %s is not a folder", dir)
	}
	ino, _, _ := identity(fi)
	return ino, nil
}

// Scan records the files below dir, but for the paths in skip (files or
// folders). A file whose sum known holds is taken to have it; the others are
// read and hashed, on all cores.
func Scan(dir string, known map[string]Sum, skip ...string) (*Tree, error) {
	ino, err := dirIno(dir)
	if err != nil {
		return nil, err
	}
	t := &Tree{Ino: ino, Files: map[string]File{}}
	type job struct {
		rel string
		f   File
	}
	var todo []job
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel := filepath.ToSlash(p[len(dir)+1:])
		if slices.Contains(skip, rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("outtree: %s is not a regular file", p)
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		var f File
		f.Ino, f.Size, f.ModTime = identity(fi)
		if s, ok := known[rel]; ok {
			f.Sum = s
			t.Files[rel] = f
			return nil
		}
		todo = append(todo, job{rel, f})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outtree: %w", err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	workers := max(1, runtime.GOMAXPROCS(0))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(todo); i += workers {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(todo[i].rel)))
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				todo[i].f.Sum = SumOf(data)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, fmt.Errorf("outtree: %w", first)
	}
	for _, j := range todo {
		t.Files[j.rel] = j.f
	}
	return t, nil
}

// Verify checks t against the folder dir it describes: an error when dir
// is another folder, and the entries whose file is missing or not the one
// recorded (another inode, size or modification time: someone changed it)
// are dropped. It returns how many were.
func (t *Tree) Verify(dir string) (int, error) {
	ino, err := dirIno(dir)
	if err != nil {
		return 0, err
	}
	if ino != t.Ino {
		return 0, fmt.Errorf("outtree: %s is not the folder recorded", dir)
	}
	// A stat per file, on every core: Karlsruhe's 165,311 took 0.52–0.63 s
	// on one and 0.29–0.36 s on two (docs/benchmarks.md, round 10).
	rels := slices.Collect(maps.Keys(t.Files))
	n := runtime.GOMAXPROCS(0)
	changed := make([][]string, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(rels); i += n {
				rel := rels[i]
				f := t.Files[rel]
				fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
				if err == nil && fi.Mode().IsRegular() {
					ino, size, mtime := identity(fi)
					if ino == f.Ino && size == f.Size && mtime == f.ModTime {
						continue
					}
				}
				changed[w] = append(changed[w], rel)
			}
		})
	}
	wg.Wait()
	dropped := 0
	for _, gone := range changed {
		for _, rel := range gone {
			delete(t.Files, rel)
			dropped++
		}
	}
	return dropped, nil
}

// Write encodes t.
func (t *Tree) Write(w io.Writer) error { return gob.NewEncoder(w).Encode(t) }

// Read decodes a tree Write wrote.
func Read(r io.Reader) (*Tree, error) {
	var t Tree
	if err := gob.NewDecoder(r).Decode(&t); err != nil {
		return nil, fmt.Errorf("outtree: %w", err)
	}
	if t.Files == nil {
		t.Files = map[string]File{}
	}
	return &t, nil
}

// Want is a file of the tree to make: the live tree's file of the same
// path (Live), or of another path (From), or a new file in the scratch
// folder; with its sum (but for Live).
type Want struct {
	Live bool
	From string
	Sum  Sum
}

// Stats count what Apply did.
type Stats struct {
	Files   int // in the new tree
	Kept    int // already there: a link to the live file
	Linked  int // made a link to the live file
	Moved   int // made a link to the live file of another path (Want.From)
	Written int // new content: moved in from the scratch folder
	Removed int // not in the new tree
}

// Add adds what o counts: Apply's and ApplyWithin's of one tree.
func (s *Stats) Add(o *Stats) {
	s.Files += o.Files
	s.Kept += o.Kept
	s.Linked += o.Linked
	s.Moved += o.Moved
	s.Written += o.Written
	s.Removed += o.Removed
}

// Changed is the number of files a deploy of the new tree sends: those
// not in the live tree as they are, at their path.
func (s *Stats) Changed() int { return s.Written + s.Moved }

// Apply makes the folder dst hold exactly the files of want, but for the
// paths in keep (files or folders, left as they are): dst is empty or
// holds the tree old (a reused earlier version, verified file by file
// before it is trusted), live is the live folder and liveTree its tree
// (verified), scratch the folder holding the new files. A file whose
// content the live tree has at the same path becomes a hard link to it; a
// new one is moved in from scratch. Nothing is written into a file of
// dst: a path that changes gets a new file, since dst's files may be the
// live folder's. A file wanted From another path of the live tree becomes
// a hard link to that one, which must have the sum wanted. It returns the
// new tree.
func Apply(dst string, old *Tree, live string, liveTree *Tree, scratch string, want map[string]Want, keep ...string) (*Tree, *Stats, error) {
	return apply(dst, old, live, liveTree, scratch, want, keep, nil)
}

// ApplyWithin is Apply for a part of dst: the files and folders roots
// name (paths, which need not exist), and what lies below them. Every
// path of want lies there; the rest of dst is left as it is. A build
// applies the files its pages and exports wrote while its search index
// is still being written (Apply with the index's roots kept), then the
// index's (ApplyWithin those roots).
func ApplyWithin(dst string, old *Tree, live string, liveTree *Tree, scratch string, want map[string]Want, roots ...string) (*Tree, *Stats, error) {
	for rel := range want {
		if !within(rel, roots) {
			return nil, nil, fmt.Errorf("outtree: %s lies outside %q", rel, roots)
		}
	}
	if roots == nil {
		roots = []string{}
	}
	return apply(dst, old, live, liveTree, scratch, want, nil, roots)
}

// within reports whether rel is one of roots or lies below one.
func within(rel string, roots []string) bool {
	for _, r := range roots {
		if rel == r || strings.HasPrefix(rel, r+"/") {
			return true
		}
	}
	return false
}

// apply is Apply (roots nil: all of dst) and ApplyWithin.
func apply(dst string, old *Tree, live string, liveTree *Tree, scratch string, want map[string]Want, keep, roots []string) (*Tree, *Stats, error) {
	ino, err := dirIno(dst)
	if err != nil {
		return nil, nil, err
	}
	if old == nil {
		old = &Tree{Files: map[string]File{}}
	}
	if liveTree == nil {
		liveTree = &Tree{Files: map[string]File{}}
	}
	nt := &Tree{Ino: ino, Files: make(map[string]File, len(want))}
	st := &Stats{Files: len(want)}
	a := &applier{dst: dst, made: map[string]bool{}, inos: map[string]uint64{}}
	// Whatever dst holds that the new tree has not goes first, so that a
	// file can take the place of a folder and the other way round.
	if err := a.prune(want, old, keep, roots, st); err != nil {
		return nil, nil, err
	}
	for _, rel := range slices.Sorted(maps.Keys(want)) {
		w := want[rel]
		lf, inLive := liveTree.Files[rel]
		if w.Live && !inLive {
			return nil, nil, fmt.Errorf("outtree: %s: wanted from the live tree, which lacks it", rel)
		}
		if w.From != "" && !(inLive && lf.Sum == w.Sum) {
			ff, ok := liveTree.Files[w.From]
			if !ok || ff.Sum != w.Sum {
				return nil, nil, fmt.Errorf("outtree: %s: wanted from the live tree's %s, which lacks it", rel, w.From)
			}
			if err := a.link(filepath.Join(live, filepath.FromSlash(w.From)), rel); err != nil {
				return nil, nil, err
			}
			nt.Files[rel] = ff
			st.Moved++
			continue
		}
		if inLive && (w.Live || lf.Sum == w.Sum) {
			nt.Files[rel] = lf
			if of, ok := old.Files[rel]; ok && of.Ino == lf.Ino && a.is(rel, lf.Ino) {
				st.Kept++
				continue
			}
			if err := a.link(filepath.Join(live, filepath.FromSlash(rel)), rel); err != nil {
				return nil, nil, err
			}
			st.Linked++
			continue
		}
		f, err := a.move(filepath.Join(scratch, filepath.FromSlash(rel)), rel)
		if err != nil {
			return nil, nil, err
		}
		f.Sum = w.Sum
		nt.Files[rel] = f
		st.Written++
	}
	return nt, st, nil
}

type applier struct {
	dst  string
	made map[string]bool // folders known to exist
	// inos are the inodes of the regular files prune left in dst for
	// Apply to check, as their directory entries name them (readDir).
	inos map[string]uint64
}

func (a *applier) abs(rel string) string { return filepath.Join(a.dst, filepath.FromSlash(rel)) }

// is reports whether dst's file at rel is the file ino: by the inode its
// directory entry named when prune read the folder, or else by a stat.
// Where the two disagree (overlayfs may name another inode in a directory
// entry than its stat reports) the stat decides.
func (a *applier) is(rel string, ino uint64) bool {
	if got, ok := a.inos[rel]; ok && got == ino {
		return true
	}
	fi, err := os.Lstat(a.abs(rel))
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	got, _, _ := identity(fi)
	return got == ino
}

// parent makes the folder of rel.
func (a *applier) parent(rel string) error {
	dir := path.Dir(rel)
	if dir == "." || a.made[dir] {
		return nil
	}
	if err := os.MkdirAll(a.abs(dir), 0o755); err != nil {
		return fmt.Errorf("outtree: %w", err)
	}
	for d := dir; d != "." && !a.made[d]; d = path.Dir(d) {
		a.made[d] = true
	}
	return nil
}

// link puts a hard link to src at rel, in place of what is there.
func (a *applier) link(src, rel string) error {
	if err := a.parent(rel); err != nil {
		return err
	}
	dst := a.abs(rel)
	// Most paths are free (prune left only the files the tree had): a
	// link needs no temporary name there. A file in the way is replaced.
	err := os.Link(src, dst)
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("outtree: %w", err)
	}
	tmp := dst + ".outtree-new"
	_ = os.Remove(tmp)
	if err := os.Link(src, tmp); err != nil {
		return fmt.Errorf("outtree: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("outtree: %w", err)
	}
	return nil
}

// move renames src to rel, in place of what is there, and returns the
// file's identity.
func (a *applier) move(src, rel string) (File, error) {
	if err := a.parent(rel); err != nil {
		return File{}, err
	}
	dst := a.abs(rel)
	if err := os.Rename(src, dst); err != nil {
		return File{}, fmt.Errorf("outtree: %w", err)
	}
	fi, err := os.Lstat(dst)
	if err != nil {
		return File{}, fmt.Errorf("outtree: %w", err)
	}
	var f File
	f.Ino, f.Size, f.ModTime = identity(fi)
	return f, nil
}

// prune removes from dst every file and folder that is not in want (nor
// in keep, at any depth), and the files of old that want has but old does
// not hold as recorded (they are made again); with roots (not nil), only
// those paths and what lies below them. Folders are read, files not
// stat'ed: what a reused folder holds beyond old's record goes too. The
// inodes of the files it leaves are recorded for is.
func (a *applier) prune(want map[string]Want, old *Tree, keep, roots []string, st *Stats) error {
	// Folders that some wanted file needs.
	need := map[string]bool{}
	for rel := range want {
		for d := path.Dir(rel); d != "." && !need[d]; d = path.Dir(d) {
			need[d] = true
		}
	}
	var walk func(dir, rel string) error
	// visit prunes the entry e of the folder dir, whose path is rel.
	visit := func(dir, rel string, e entry) error {
		r := e.name
		if rel != "" {
			r = rel + "/" + r
		}
		if slices.Contains(keep, r) {
			return nil
		}
		p := filepath.Join(dir, e.name)
		if e.dir {
			if need[r] {
				a.made[r] = true
				return walk(p, r)
			}
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("outtree: %w", err)
			}
			st.Removed++
			return nil
		}
		if _, ok := want[r]; ok {
			if _, recorded := old.Files[r]; recorded {
				if e.regular && e.ino != 0 {
					a.inos[r] = e.ino
				}
				return nil // checked against the live file when applied
			}
		}
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("outtree: %w", err)
		}
		if _, ok := want[r]; !ok {
			st.Removed++
		}
		return nil
	}
	walk = func(dir, rel string) error {
		ents, err := readDir(dir)
		if err != nil {
			return fmt.Errorf("outtree: %w", err)
		}
		for _, e := range ents {
			if err := visit(dir, rel, e); err != nil {
				return err
			}
		}
		return nil
	}
	if roots == nil {
		return walk(a.dst, "")
	}
	for _, root := range roots {
		fi, err := os.Lstat(a.abs(root))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("outtree: %w", err)
		}
		e := entry{name: path.Base(root), dir: fi.IsDir(), regular: fi.Mode().IsRegular()}
		e.ino, _, _ = identity(fi)
		parent := path.Dir(root)
		if parent == "." {
			parent = ""
		}
		if err := visit(filepath.Dir(a.abs(root)), parent, e); err != nil {
			return err
		}
	}
	return nil
}

// Delta is a tree told by how it differs from another, its base: a folder
// kept beside the live one shares most of its files, so its record is
// small.
type Delta struct {
	Ino     uint64
	Changed map[string]File // files the base lacks or has otherwise
	Missing []string        // files of the base it lacks, sorted
}

// DeltaFrom tells t by how it differs from base.
func (t *Tree) DeltaFrom(base *Tree) *Delta {
	d := &Delta{Ino: t.Ino, Changed: map[string]File{}}
	for rel, f := range t.Files {
		if bf, ok := base.Files[rel]; !ok || bf != f {
			d.Changed[rel] = f
		}
	}
	for rel := range base.Files {
		if _, ok := t.Files[rel]; !ok {
			d.Missing = append(d.Missing, rel)
		}
	}
	slices.Sort(d.Missing)
	return d
}

// On returns the tree d tells, on its base.
func (d *Delta) On(base *Tree) *Tree {
	t := &Tree{Ino: d.Ino, Files: maps.Clone(base.Files)}
	if t.Files == nil {
		t.Files = map[string]File{}
	}
	for _, rel := range d.Missing {
		delete(t.Files, rel)
	}
	maps.Copy(t.Files, d.Changed)
	return t
}
