package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// bench is one run of the bench command.
type bench struct {
	m        *Main
	opts     benchOptions
	started  time.Time
	elapsed  time.Duration
	machine  machine
	datasets []dataset
	results  []*result
	npmDir   string // where package.json and node_modules live
	networks []network
	trash    string // outputs to delete when the bench is done
}

// result is everything measured on one archive.
type result struct {
	Dataset  dataset
	Builds   []buildReport
	Site     siteSizes
	Pagefind *pagefindResult
	Queries  []query
	Browser  []browserRun
}

// stamp marks a records folder as complete, with what made it.
const stampFile = ".ratsarchiv-bench"

// generate writes the records of a generated archive, unless the work dir
// has them already from the same generator settings.
func (b *bench) generate(items int) (string, error) {
	dir := filepath.Join(b.opts.Work, fmt.Sprintf("records-%s-s%d", sizeName(items), b.opts.Seed))
	stamp := fmt.Sprintf("gen --items %d --seed %d\n", items, b.opts.Seed)
	if data, err := os.ReadFile(filepath.Join(dir, stampFile)); err == nil && string(data) == stamp {
		return dir, nil
	}
	b.logf("generating %d agenda items into %s", items, dir)
	start := time.Now()
	if err := gen.WriteRecords(dir, gen.Options{Items: items, Seed: b.opts.Seed}); err != nil {
		return "", err
	}
	b.logf("generated in %s", time.Since(start).Round(time.Millisecond))
	return dir, os.WriteFile(filepath.Join(dir, stampFile), []byte(stamp), 0o644)
}

// karlsruhe finds the Karlsruhe corpus and imports it; nil when skipped.
func (b *bench) karlsruhe(ctx context.Context) (*dataset, error) {
	src := b.opts.Karlsruhe
	switch src {
	case "none":
		return nil, nil
	case "":
		root := testcorpus.Root()
		if root == "" {
			b.logf("Karlsruhe corpus not found (../shared/corpus or $RATSARCHIV_CORPUS); skipping it")
			return nil, nil
		}
		src = filepath.Join(root, "karlsruhe-oparl")
		if _, err := os.Stat(src); err != nil {
			b.logf("Karlsruhe corpus not found at %s; skipping it", src)
			return nil, nil
		}
	}
	dir, err := b.importOParl(ctx, src, filepath.Join(b.opts.Work, "records-karlsruhe"))
	if errors.Is(err, errSkipped) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("karlsruhe: %w", err)
	}
	return &dataset{Name: "karlsruhe", Records: dir}, nil
}

// measure builds one archive --runs times, then indexes and searches it;
// without builds, it searches the site an earlier bench left.
func (b *bench) measure(ctx context.Context, ds dataset) (*result, error) {
	r := &result{Dataset: ds}
	dir := filepath.Join(b.opts.Work, ds.Name)
	site, err := b.buildAll(ctx, r, dir)
	if err != nil {
		return nil, err
	}
	if r.Site, err = measureSite(site); err != nil {
		return nil, err
	}
	switch {
	case !b.opts.Pagefind:
	case !b.opts.Builds:
		// Pagefind's bundle from the earlier bench, if it made one.
		if _, err := os.Stat(filepath.Join(dir, "pagefind", "pagefind.js")); err == nil {
			r.Pagefind = &pagefindResult{OutDir: filepath.Join(dir, "pagefind")}
			if r.Pagefind.IndexFiles, r.Pagefind.IndexBytes, err = dirSize(r.Pagefind.OutDir, func(rel string) bool { return !isPagefindUI(rel) }); err != nil {
				return nil, err
			}
		}
	case b.opts.PagefindMax > 0 && r.Site.HTMLFiles > b.opts.PagefindMax:
		b.logf("%s: %d pages, more than --pagefind-max-pages %d: Pagefind skipped", ds.Name, r.Site.HTMLFiles, b.opts.PagefindMax)
	default:
		if r.Pagefind, err = b.runPagefind(ctx, site, dir); err != nil {
			return nil, err
		}
	}
	if b.opts.Browser {
		if r.Queries, err = pickQueries(ds.Records, b.opts.Config); err != nil {
			return nil, err
		}
		if r.Browser, err = b.runBrowser(ctx, site, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// buildAll builds the archive --runs times into dir and returns the last
// site; without builds, it returns the last site an earlier bench built.
func (b *bench) buildAll(ctx context.Context, r *result, dir string) (string, error) {
	if !b.opts.Builds {
		sites, _ := filepath.Glob(filepath.Join(dir, "site-*"))
		slices.SortFunc(sites, func(a, b string) int { return cmp.Compare(siteNumber(a), siteNumber(b)) })
		if len(sites) == 0 {
			return "", fmt.Errorf("--builds=false: no site of an earlier bench in %s", dir)
		}
		return sites[len(sites)-1], nil
	}
	if err := b.discard(dir); err != nil {
		return "", err
	}
	var site string
	for run := range b.opts.Runs {
		// Every run writes a new folder: on ext4, creating files within
		// seconds of deleting many costs several times the CPU (the inode
		// allocator skips recently deleted inodes), which would measure the
		// bench's own cleanup. Old outputs are deleted when the bench ends.
		if site != "" {
			if err := b.discard(site); err != nil {
				return "", err
			}
		}
		site = filepath.Join(dir, fmt.Sprintf("site-%d", run+1))
		rep, err := b.buildOnce(ctx, r.Dataset, dir, site, run)
		if err != nil {
			return "", err
		}
		b.logf("%s: build %d/%d: %.1fs, peak %d MiB", r.Dataset.Name, run+1, b.opts.Runs, rep.Duration.Seconds(), rep.MaxRSS>>20)
		r.Builds = append(r.Builds, *rep)
	}
	return site, nil
}

// siteNumber is N of a folder site-N.
func siteNumber(path string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(filepath.Base(path), "site-"))
	return n
}

// buildOnce runs one build in a child process (a fresh heap, its own peak
// memory) and returns its report.
func (b *bench) buildOnce(ctx context.Context, ds dataset, dir, site string, run int) (*buildReport, error) {
	work := filepath.Join(dir, fmt.Sprintf("workdir-%d", run+1))
	args := []string{"build-once", "--config", b.opts.Config, "--records", ds.Records, "--out", site, "--workdir", work, "--now", b.opts.Now}
	if b.opts.Sequential {
		args = append(args, "--sequential")
	}
	if b.opts.CPUProfile != "" {
		args = append(args, "--cpuprofile", filepath.Join(b.opts.CPUProfile, fmt.Sprintf("%s-%d.pprof", ds.Name, run+1)))
	}
	logPath := filepath.Join(dir, fmt.Sprintf("build-%d.log", run+1))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	self, err := selfPath()
	if err != nil {
		return nil, err
	}
	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Stdout, cmd.Stderr = &stdout, logFile
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("build failed: %v (log: %s)\n%s", err, logPath, tail(logPath, 20))
	}
	var rep buildReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	return &rep, nil
}

// discard moves path out of the way, into the trash folder that Close
// deletes: renaming is cheap, deleting many files is not (see measure).
func (b *bench) discard(path string) error {
	if _, err := os.Lstat(path); os.IsNotExist(err) {
		return nil
	}
	if b.trash == "" {
		b.trash = filepath.Join(b.opts.Work, fmt.Sprintf(".trash-%d", os.Getpid()))
		if err := os.MkdirAll(b.trash, 0o755); err != nil {
			return err
		}
	}
	n, _ := os.ReadDir(b.trash)
	return os.Rename(path, filepath.Join(b.trash, fmt.Sprint(len(n))))
}

// cleanup deletes what was discarded, after all measurements.
func (b *bench) cleanup() {
	if b.trash != "" {
		b.logf("deleting old outputs")
		os.RemoveAll(b.trash)
	}
}

// selfPath is this program, to run build-once in a child process. Args[0]
// is looked up like a shell would, so a symlinked or test-installed binary
// runs under the name its dispatcher expects.
func selfPath() (string, error) {
	if p, err := exec.LookPath(os.Args[0]); err == nil {
		return filepath.Abs(p)
	}
	return os.Executable()
}

func tail(path string, lines int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	ls := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.m.Stderr, "[%6.1fs] %s\n", time.Since(b.started).Seconds(), fmt.Sprintf(format, args...))
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
