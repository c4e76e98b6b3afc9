package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
)

// siteOptions are the site flags of build, check, serve and search; each
// command registers only those it uses.
type siteOptions struct {
	Config  string
	Records string
	Out     string
	Workdir string
	Quiet   bool
}

// siteFlag names one of the site flags besides --config, which every
// command that reads a site has.
type siteFlag uint8

const (
	recordsFlag siteFlag = 1 << iota
	outFlag
	workdirFlag
	quietFlag
)

// AddFlags registers --config and the flags in which.
func (o *siteOptions) AddFlags(fs *pflag.FlagSet, which siteFlag) {
	fs.StringVar(&o.Config, "config", "config.toml", "site configuration `file` (Hugo's config.toml with [params.ratsarchiv])")
	if which&recordsFlag != 0 {
		fs.StringVar(&o.Records, "records", "", "records `dir` (default: params.ratsarchiv.records from the config)")
	}
	if which&outFlag != 0 {
		fs.StringVar(&o.Out, "out", "", "output `dir` (default: public/ beside the config)")
	}
	if which&workdirFlag != 0 {
		fs.StringVar(&o.Workdir, "workdir", "", "work `dir` for the search index and build state (default: .ratsarchiv/ beside the config)")
	}
	if which&quietFlag != 0 {
		fs.BoolVarP(&o.Quiet, "quiet", "q", false, "print only problems: no progress, no summary")
	}
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
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (to start an archive, run ratsarchiv init DIR; or give --config FILE)", err)
	}
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
