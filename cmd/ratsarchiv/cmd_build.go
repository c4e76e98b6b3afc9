package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
)

// buildOptions are the flags of `ratsarchiv build`.
type buildOptions struct {
	siteOptions
	BaseURL     string
	EmitContent string
	Sequential  bool
	CPUProfile  string
}

// AddFlags registers the flags.
func (o *buildOptions) AddFlags(fs *pflag.FlagSet) {
	o.siteOptions.AddFlags(fs, recordsFlag|outFlag|workdirFlag|quietFlag)
	fs.StringVar(&o.BaseURL, "base-url", "", "public `URL` of the site, e.g. https://example.org/rat/ (default: baseURL from the config)")
	fs.StringVar(&o.EmitContent, "emit-content", "", "also write the generated content files to `dir`, for debugging templates")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the build to `file`, its samples labelled by stage (go tool pprof -tagfocus stage=index)")
	fs.BoolVar(&o.Sequential, "sequential", false, "build the search index after the pages, not beside them: slower, but less memory at once (archives of more than 50,000 documents always build so)")
}

func (m *Main) buildCommand() *cobra.Command {
	var opts buildOptions
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Build the static archive into public/",
		Long: `build validates the records, generates a page for every meeting, agenda
item, paper, committee, person and year, renders them with Hugo, builds the
search index and writes the site to --out. The output is replaced only when
the build succeeds; a failed build leaves the previous site untouched.

Bad records are reported as file:line: field: message and exit status 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runBuild(cmd.Context(), opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func (m *Main) runBuild(ctx context.Context, opts buildOptions) error {
	s, err := opts.resolve()
	if err != nil {
		return err
	}
	var progress io.Writer = m.Stderr
	if opts.Quiet {
		progress = nil
	}
	if opts.CPUProfile != "" {
		stop, err := cli.StartCPUProfile(opts.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := build.Run(ctx, build.Options{
		Config:      s.cfg,
		RecordsDir:  s.recordsDir,
		OutDir:      s.outDir,
		WorkDir:     s.workDir,
		BaseURL:     opts.BaseURL,
		EmitContent: opts.EmitContent,
		Sequential:  opts.Sequential,
		Progress:    progress,
		HugoLog:     m.Stderr,
	})
	if errors.Is(err, build.ErrInvalidRecords) {
		for _, d := range res.Diagnostics {
			fmt.Fprintln(m.Stderr, m.relative(d.String()))
		}
		fmt.Fprintf(m.Stderr, "%d problem(s); nothing was written\n", len(res.Diagnostics))
		return cli.ExitError{Code: 1}
	}
	return err
}
