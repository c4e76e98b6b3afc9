package serve

import (
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch calls onChange (debounced) with the changed paths, sorted, whenever
// files under the roots change, until ctx ends. Roots may be folders
// (watched recursively, new sub-folders included) or single files; missing
// roots are skipped. Editors' temporary files and hidden folders are
// ignored.
func Watch(ctx context.Context, roots []string, debounce time.Duration, onChange func(changed []string)) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, root := range roots {
		if err := addTree(w, root); err != nil {
			return err
		}
	}
	var (
		pending = map[string]bool{}
		timer   = time.NewTimer(time.Hour)
	)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ignored(ev.Name) {
				continue
			}
			if ev.Op&fsnotify.Create != 0 {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					addTree(w, ev.Name)
				}
			}
			pending[ev.Name] = true
			timer.Reset(debounce)
		case <-timer.C:
			changed := slices.Sorted(maps.Keys(pending))
			pending = map[string]bool{}
			onChange(changed)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			return err
		}
	}
}

func addTree(w *fsnotify.Watcher, root string) error {
	fi, err := os.Stat(root)
	if err != nil {
		return nil // not there (yet): nothing to watch
	}
	if !fi.IsDir() {
		return w.Add(root)
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if path != root && strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return w.Add(path)
		}
		return nil
	})
}

// ignored is true for editor swap and backup files.
func ignored(path string) bool {
	base := filepath.Base(path)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".tmp")
}
