package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
)

// siteOptions are the flags shared by build, check, serve and search.
type siteOptions struct {
	Config  string
	Records string
	Out     string
	Workdir string
	Quiet   bool
}

// AddFlags registers the shared flags.
func (o *siteOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Config, "config", "config.toml", "site configuration `file` (Hugo's config.toml with [params.ratsarchiv])")
	fs.StringVar(&o.Records, "records", "", "records `dir` (default: params.ratsarchiv.records from the config)")
	fs.StringVar(&o.Out, "out", "", "output `dir` (default: public/ beside the config)")
	fs.StringVar(&o.Workdir, "workdir", "", "work `dir` for the search index and build state (default: .ratsarchiv/ beside the config)")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no progress output")
}

// site is the resolved configuration of one run.
type site struct {
	cfg        *config.Config
	recordsDir string
	outDir     string
	workDir    string
}

// resolve loads the config and fills in defaults: paths given as flags are
// relative to the working directory, defaults to the config's folder.
func (o *siteOptions) resolve() (*site, error) {
	cfg, err := config.Load(o.Config)
	if err != nil {
		return nil, err
	}
	s := &site{
		cfg:        cfg,
		recordsDir: cfg.RecordsDir(),
		outDir:     filepath.Join(cfg.SiteDir, "public"),
		workDir:    filepath.Join(cfg.SiteDir, ".ratsarchiv"),
	}
	for _, f := range []struct {
		flag string
		dst  *string
	}{{o.Records, &s.recordsDir}, {o.Out, &s.outDir}, {o.Workdir, &s.workDir}} {
		if f.flag != "" {
			abs, err := filepath.Abs(f.flag)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.flag, err)
			}
			*f.dst = abs
		}
	}
	return s, nil
}
