package main

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// browserFiles are the Node side of the bench: its package (Pagefind and
// playwright-core, pinned by the lock file) and the Chromium driver.
//
//go:embed browser/package.json browser/package-lock.json browser/bench.mjs browser/eval.mjs
var browserFiles embed.FS

// installNPM writes the Node package into the cache and installs its
// dependencies there, unless the same lock file is installed already.
func (b *bench) installNPM(ctx context.Context) error {
	b.npmDir = filepath.Join(b.opts.Cache, "browser")
	if err := os.MkdirAll(b.npmDir, 0o755); err != nil {
		return err
	}
	changed := false
	for _, name := range []string{"package.json", "package-lock.json", "bench.mjs", "eval.mjs"} {
		data, err := browserFiles.ReadFile("browser/" + name)
		if err != nil {
			return err
		}
		path := filepath.Join(b.npmDir, name)
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
			continue
		}
		if strings.HasSuffix(name, ".json") {
			changed = true
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	if _, err := os.Stat(b.pagefindBin()); err == nil && !changed {
		return nil
	}
	b.logf("installing Pagefind and playwright-core into %s", b.npmDir)
	cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = b.npmDir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("npm ci in %s: %v\n%s", b.npmDir, err, out)
	}
	return nil
}

// pagefindBin is Pagefind's own binary, run directly (not through its Node
// wrapper) so that its time and memory are Pagefind's alone.
func (b *bench) pagefindBin() string {
	return filepath.Join(b.npmDir, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended")
}

// pagefindResult is Pagefind indexing one built site.
type pagefindResult struct {
	Version    string
	Pages      int // HTML pages given to Pagefind
	Filtered   int // pages with a committee filter
	Wall       []time.Duration
	CPU        []time.Duration
	PeakRSS    []int64
	IndexFiles int // what search needs: entry, wasm, scripts, index, fragments, filters, metadata
	IndexBytes int64
	UIFiles    int // the prebuilt UI components, not needed for search
	UIBytes    int64
	OutDir     string
}

// runPagefind indexes the site with Pagefind --runs times.
func (b *bench) runPagefind(ctx context.Context, site, dir string) (*pagefindResult, error) {
	src := filepath.Join(dir, "pagefind-site")
	if err := b.discard(src); err != nil {
		return nil, err
	}
	pages, filtered, err := pagefindSource(site, src)
	if err != nil {
		return nil, fmt.Errorf("pagefind: copying the site: %w", err)
	}
	r := &pagefindResult{Pages: pages, Filtered: filtered, OutDir: filepath.Join(dir, "pagefind")}
	if out, err := exec.CommandContext(ctx, b.pagefindBin(), "--version").Output(); err == nil {
		r.Version = strings.TrimSpace(strings.TrimPrefix(string(out), "pagefind"))
	}
	for run := range b.opts.Runs {
		if err := b.discard(r.OutDir); err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, b.pagefindBin(), "--site", src, "--output-path", r.OutDir, "--quiet")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("pagefind: %v\n%s", err, out.String())
		}
		wall := time.Since(start)
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		var peak int64
		var cpu time.Duration
		if ru != nil {
			peak = ru.Maxrss << 10
			cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
		r.Wall, r.CPU, r.PeakRSS = append(r.Wall, wall), append(r.CPU, cpu), append(r.PeakRSS, peak)
		b.logf("pagefind %d/%d: %.1fs, peak %d MiB", run+1, b.opts.Runs, wall.Seconds(), peak>>20)
	}
	if r.IndexFiles, r.IndexBytes, err = dirSize(r.OutDir, func(rel string) bool { return !isPagefindUI(rel) }); err != nil {
		return nil, err
	}
	if r.UIFiles, r.UIBytes, err = dirSize(r.OutDir, isPagefindUI); err != nil {
		return nil, err
	}
	return r, nil
}

// isPagefindUI tells the files of Pagefind's prebuilt UI, which search
// does not need, from the rest of its bundle.
func isPagefindUI(rel string) bool {
	return strings.Contains(rel, "-ui") || strings.Contains(rel, "highlight") || strings.Contains(rel, "component")
}
