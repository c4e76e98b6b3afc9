// Package site renders the archive's pages with Hugo, used as a Go library.
// It is the only package that imports Hugo: everything Hugo-specific (config
// loading, file systems, logging, static files) stays behind Build.
//
// Generated content never touches the disk: it lives in an in-memory
// filesystem layered over the site folder, so Hugo sees layouts/, i18n/,
// content/ and config.toml from disk and the generated pages as if they were
// files in content/.
package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bep/logg"
	"github.com/bep/overlayfs"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"
)

// File is one generated content file, with a path relative to content/.
type File struct {
	Path string
	Data []byte
}

// Options configure one build.
type Options struct {
	// ConfigFile is the site's config.toml; its folder holds layouts/,
	// content/, static/ and i18n/.
	ConfigFile string
	// PublishDir receives the rendered site. It should be empty.
	PublishDir string
	// BaseURL overrides the config's baseURL when set.
	BaseURL string
	// Content is the generated content, added to content/ in memory. Build
	// takes it over: it drops each file's data once Hugo's in-memory
	// filesystem has a copy.
	Content []File
	// Log receives Hugo's warnings and errors.
	Log io.Writer
}

// Static files are copied by CopyStatic, once per output.

// Stats describes a finished build.
type Stats struct {
	Pages []PageInfo // every page Hugo rendered, by URL
}

// PageInfo is a rendered page, for the sitemap and the build's count of
// pages per section.
type PageInfo struct {
	URL     string // absolute permalink
	LastMod time.Time
	Kind    string // Hugo's page kind: "home", "section" or "page"
	Section string // the first folder of its content path, "" for home
}

// Build renders the site into opts.PublishDir.
func Build(ctx context.Context, opts Options) (*Stats, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	siteDir, err := filepath.Abs(filepath.Dir(opts.ConfigFile))
	if err != nil {
		return nil, err
	}
	publishDir, err := filepath.Abs(opts.PublishDir)
	if err != nil {
		return nil, err
	}
	logOut := opts.Log
	if logOut == nil {
		logOut = io.Discard
	}

	mem := afero.NewMemMapFs()
	contentDir := filepath.Join(siteDir, "content")
	for i, f := range opts.Content {
		p := filepath.Join(contentDir, filepath.FromSlash(f.Path))
		if !strings.HasPrefix(p, contentDir+string(filepath.Separator)) {
			return nil, fmt.Errorf("site: content path %q leaves content/", f.Path)
		}
		if err := afero.WriteFile(mem, p, f.Data, 0o644); err != nil {
			return nil, err
		}
		opts.Content[i].Data = nil
	}
	// Reads see memory first, then disk. The output goes to disk through
	// Hugo's separate destination filesystem; the few writes Hugo makes on
	// the source side (its cache folders) stay in memory.
	fs := overlayfs.New(overlayfs.Options{Fss: []afero.Fs{mem, hugofs.Os}, FirstWritable: true})
	source := afero.Fs(fs)

	flags := config.New()
	flags.Set("workingDir", siteDir)
	flags.Set("publishDir", publishDir)
	flags.Set("noBuildLock", true)
	// Page dates are meeting dates: scheduled meetings lie in the future and
	// must be published all the same.
	flags.Set("buildFuture", true)
	flags.Set("buildExpired", true)
	// Hugo insists on a cache folder; with the writable layer in memory it
	// never reaches the disk.
	flags.Set("cacheDir", filepath.Join(siteDir, ".hugo_cache"))
	if opts.BaseURL != "" {
		flags.Set("baseURL", opts.BaseURL)
	}

	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: logOut, StdErr: logOut, StoreErrors: true})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          source,
		Logger:      logger,
		Flags:       flags,
		Filename:    opts.ConfigFile,
		Environment: "production",
		// Keep HUGO_* variables of the user's shell out of the build.
		Environ: []string{},
	})
	if err != nil {
		return nil, fmt.Errorf("site: loading config: %w", err)
	}
	hfs := hugofs.NewFromSourceAndDestination(source, hugofs.Os, flags)
	h, err := hugolib.NewHugoSites(deps.DepsCfg{Configs: configs, Fs: hfs, StdOut: logOut, StdErr: logOut, LogLevel: logg.LevelWarn, TestLogger: logger})
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	defer h.Close()
	if err := h.Build(hugolib.BuildCfg{NoBuildLock: true}); err != nil {
		return nil, fmt.Errorf("site: hugo: %w", err)
	}
	if n := logger.LoggCount(logg.LevelError); n > 0 {
		return nil, fmt.Errorf("site: hugo reported %d error(s):\n%s", n, logger.Errors())
	}
	stats := &Stats{}
	for _, p := range h.Sites[0].Pages() {
		if p.Kind() == "404" || p.Permalink() == "" {
			continue
		}
		stats.Pages = append(stats.Pages, PageInfo{URL: p.Permalink(), LastMod: p.Lastmod(), Kind: p.Kind(), Section: p.Section()})
	}
	slices.SortFunc(stats.Pages, func(a, b PageInfo) int { return strings.Compare(a.URL, b.URL) })
	return stats, nil
}

// CopyStatic copies the site's static/ folder into publishDir, as the hugo
// command does (the library build does not); it returns the number of files.
// Everything in static/ is copied verbatim but hidden files (editor and
// system droppings); the search client's source lives in web/search and is
// bundled by the static index export. Call it once per output, after any
// partition.
func CopyStatic(configFile, publishDir string) (int, error) {
	src := filepath.Join(filepath.Dir(configFile), "static")
	dst := publishDir
	n := 0
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) && path == src {
				return filepath.SkipDir
			}
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && path != src {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		if existing, err := os.ReadFile(out); err == nil && !bytes.Equal(existing, data) {
			return fmt.Errorf("site: static/%s collides with a generated page", filepath.ToSlash(rel))
		}
		n++
		return os.WriteFile(out, data, 0o644)
	})
	return n, err
}
