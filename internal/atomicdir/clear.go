package atomicdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrOverlap is what CheckClear's errors wrap: the target would take a kept
// path with it.
var ErrOverlap = errors.New("folder to replace overlaps a kept path")

// Keep is a path that a folder to be replaced must keep clear of: a source
// the run reads, or its own state.
type Keep struct {
	Path string // a folder or a file; need not exist
	What string // how messages name it: "the records folder"
	// MayHold lets the target lie inside Path, as public/ lies inside the
	// site folder; the target still must not be or contain it.
	MayHold bool
}

// overlapError says how the target lies to a kept path.
type overlapError struct {
	target, rel string
	keep        Keep
}

func (e *overlapError) Error() string {
	return fmt.Sprintf("refusing to replace %s, which %s %s (%s)", e.target, e.rel, e.keep.What, e.keep.Path)
}

func (e *overlapError) Unwrap() error { return ErrOverlap }

// CheckClear returns an error wrapping ErrOverlap when target is, contains
// or (unless MayHold) lies inside a kept path: replacing target would then
// delete it, or write into it. Paths are compared after resolving symbolic
// links, and by file identity where they exist, so neither a link nor a
// second name of a folder hides an overlap. Of several overlaps, one the
// target is comes first, then the first kept path's.
func CheckClear(target string, keep ...Keep) error {
	var first *overlapError
	for _, k := range keep {
		if k.Path == "" {
			continue
		}
		in, holds := within(target, k.Path), within(k.Path, target)
		rel := ""
		switch {
		case in && holds:
			rel = "is"
		case holds:
			rel = "contains"
		case in && !k.MayHold:
			rel = "lies inside"
		default:
			continue
		}
		e := &overlapError{target: target, rel: rel, keep: k}
		if abs, err := filepath.Abs(target); err == nil {
			e.target = abs
		}
		if rel == "is" {
			return e
		}
		if first == nil {
			first = e
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// within tells whether path is dir or lies below it.
func within(path, dir string) bool {
	p, d := resolve(path), resolve(dir)
	if p == d || d == filepath.Dir(d) || strings.HasPrefix(p, d+string(filepath.Separator)) {
		return true
	}
	// Another name of the same folder: a bind mount, or a case-insensitive
	// file system.
	di, err := os.Stat(d)
	if err != nil {
		return false
	}
	for q := p; ; q = filepath.Dir(q) {
		if qi, err := os.Stat(q); err == nil && os.SameFile(qi, di) {
			return true
		}
		if filepath.Dir(q) == q {
			return false
		}
	}
}

// resolve makes path absolute and resolves the symbolic links of the part
// of it that exists.
func resolve(path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}
