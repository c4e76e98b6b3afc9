// Package site renders the archive's pages with Hugo, used as a Go library.
// It is the only package that imports Hugo: everything Hugo-specific (config
// loading, file systems, logging, static files) stays behind Build.
//
// Generated content never touches the disk: it lives in an in-memory
// filesystem layered over the site folder, so Hugo sees layouts/, i18n/,
// content/ and config.toml from disk and the generated pages as if they were
// files in content/.
//
// The theme embedded in the binary (package ratsarchiv at the module root)
// lies in the same in-memory filesystem, mounted as a Hugo theme: the site's
// own layouts/, i18n/, assets/, static/ and content/ files override the
// theme's of the same path, and its defaults.toml is read before the site's
// config, which overrides any setting in it.
package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	"github.com/gohugoio/hugo/resources/page"
	"github.com/spf13/afero"

	"github.com/ratsarchiv/ratsarchiv"
)

// File is one generated content file, with a path relative to content/.
type File struct {
	Path string
	Data []byte
}

// Options configure one build.
type Options struct {
	// ConfigFile is the site's config.toml; its folder may hold layouts/,
	// i18n/, assets/, static/ and content/ files that override the theme's.
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

	// theme is the theme under the site's files; nil means the one
	// embedded in the binary. Tests set their own.
	theme fs.FS
}

// The embedded theme lies, in memory only, in a themes folder of the site
// that no site has on disk (the overlay would mix the two otherwise).
const (
	themesDir = ".embedded-themes"
	themeName = "ratsarchiv"
	// themeConfig holds the Hugo settings the theme's templates need.
	themeConfig = "defaults.toml"
)

// Static files are copied by CopyStatic, once per output.

// Stats describes a finished build.
type Stats struct {
	Pages []PageInfo // every page Hugo rendered, by URL
}

// PageInfo is a rendered page, for the sitemap, the build's count of
// pages per section, and an incremental build's record of which files
// each generated page has.
type PageInfo struct {
	URL     string // absolute permalink
	LastMod time.Time
	Kind    string // Hugo's page kind: "home", "section" or "page"
	Section string // the first folder of its content path, "" for home
	// Content is the generated content file (Options.Content) the page
	// comes from, "" for the site's and the theme's own.
	Content string
	// Files are the files Hugo wrote for it, slash-separated relative to
	// the publish folder: one per output format.
	Files []string
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

	if strings.Contains(filepath.Base(opts.ConfigFile), ",") {
		// Hugo takes a comma as the separator of config files.
		return nil, fmt.Errorf("site: %s: a config file name must not contain a comma", opts.ConfigFile)
	}
	theme := opts.theme
	if theme == nil {
		theme = ratsarchiv.Theme
	}

	mem := afero.NewMemMapFs()
	if err := copyTo(mem, filepath.Join(siteDir, themesDir, themeName), theme); err != nil {
		return nil, fmt.Errorf("site: theme: %w", err)
	}
	contentDir := filepath.Join(siteDir, "content")
	generated := make(map[string]struct{}, len(opts.Content))
	for i, f := range opts.Content {
		generated[f.Path] = struct{}{}
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
	// Our theme only: a site's own files override it, not another theme.
	flags.Set("themesDir", filepath.Join(siteDir, themesDir))
	flags.Set("theme", themeName)
	if opts.BaseURL != "" {
		flags.Set("baseURL", opts.BaseURL)
	}

	// A warning Hugo gives per page (a missing template) is printed once.
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, DistinctLevel: logg.LevelWarn, StdOut: logOut, StdErr: logOut, StoreErrors: true})
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:     source,
		Logger: logger,
		Flags:  flags,
		// The theme's settings first, then the site's: the later file
		// overrides the earlier one key by key. The names are relative to
		// the site folder (workingDir), so a comma in its path is harmless;
		// a theme without the file has no settings.
		Filename:    filepath.Join(themesDir, themeName, themeConfig) + "," + filepath.Base(opts.ConfigFile),
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
	var pages page.Pages
	for _, p := range h.Sites[0].Pages() {
		if p.Kind() == "404" || p.Permalink() == "" {
			continue
		}
		pages = append(pages, p)
	}
	if err := checkWritten(pages, configs.Base.C.BaseURL.BasePath, publishDir); err != nil {
		return nil, err
	}
	stats := &Stats{}
	basePath := configs.Base.C.BaseURL.BasePath
	for _, p := range pages {
		info := PageInfo{URL: p.Permalink(), LastMod: p.Lastmod(), Kind: p.Kind(), Section: p.Section(), Files: outputFiles(p, basePath)}
		if f := p.File(); f != nil {
			if rel, err := filepath.Rel(contentDir, f.Filename()); err == nil && filepath.IsLocal(rel) {
				if _, ok := generated[filepath.ToSlash(rel)]; ok {
					info.Content = filepath.ToSlash(rel)
				}
			}
		}
		stats.Pages = append(stats.Pages, info)
	}
	slices.SortFunc(stats.Pages, func(a, b PageInfo) int { return strings.Compare(a.URL, b.URL) })
	return stats, nil
}

// CopyStatic copies the site's static/ folder and the theme's into
// publishDir, as the hugo command does (the library build does not); a
// theme file the site has a file of the same path for is left out. It
// returns the number of files copied. Everything is copied verbatim but
// hidden files (editor and system droppings); the search client's source
// lives in web/search and is bundled by the static index export. Call it
// once per output, after any partition.
func CopyStatic(configFile, publishDir string) (int, error) {
	return copyStatic(configFile, ratsarchiv.Theme, publishDir)
}

func copyStatic(configFile string, theme fs.FS, publishDir string) (int, error) {
	themeStatic, err := fs.Sub(theme, "static")
	if err != nil {
		return 0, err
	}
	copied := map[string]bool{} // by slash-separated path
	for _, src := range []struct {
		name string
		fsys fs.FS
	}{
		{"static/", os.DirFS(filepath.Join(filepath.Dir(configFile), "static"))},
		{"the theme's static/", themeStatic},
	} {
		err := walkVisible(src.fsys, func(p string) error {
			if copied[p] {
				return nil
			}
			data, err := fs.ReadFile(src.fsys, p)
			if err != nil {
				return err
			}
			out := filepath.Join(publishDir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return err
			}
			if existing, err := os.ReadFile(out); err == nil && !bytes.Equal(existing, data) {
				return fmt.Errorf("site: %s%s collides with a generated page", src.name, p)
			}
			copied[p] = true
			return os.WriteFile(out, data, 0o644)
		})
		if err != nil {
			return len(copied), err
		}
	}
	return len(copied), nil
}

// copyTo writes the files of fsys into dir of dst, which it makes even for
// an empty fsys.
func copyTo(dst afero.Fs, dir string, fsys fs.FS) error {
	if err := dst.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return walkVisible(fsys, func(p string) error {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return afero.WriteFile(dst, filepath.Join(dir, filepath.FromSlash(p)), data, 0o644)
	})
}

// walkVisible calls f with the path of every regular file of fsys, in
// lexical order, leaving out hidden files and folders. A missing fsys root
// has no files.
func walkVisible(fsys fs.FS, f func(path string) error) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		return f(p)
	})
}
