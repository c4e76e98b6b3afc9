package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
)

// buildOnceOptions are the flags of the hidden `build-once` command, which
// bench runs as a child process for every measured build, so that each
// build starts with a fresh heap and its own peak memory.
type buildOnceOptions struct {
	Config, Records, Out, Workdir string
	CPUProfile, MemProfile        string
	HeapProfile                   string
	Partition                     int
	MemoryLimitMiB                int64
	HeapAfter                     time.Duration
	Sequential                    bool
	// Now fixes the build day, so the runs of one bench are alike.
	Now string
}

// AddFlags registers the flags.
func (o *buildOnceOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Config, "config", "config.toml", "site configuration `file`")
	fs.StringVar(&o.Records, "records", "", "records `dir`")
	fs.StringVar(&o.Out, "out", "", "output `dir`")
	fs.StringVar(&o.Workdir, "workdir", "", "work `dir` for the search index")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the build to `file`")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write a heap profile (allocations) at the end to `file`")
	fs.StringVar(&o.HeapProfile, "heapprofile", "", "write the live heap to `file` --heap-after into the build")
	fs.DurationVar(&o.HeapAfter, "heap-after", 10*time.Second, "when to write --heapprofile")
	fs.StringVar(&o.Now, "now", "", "build day, YYYY-MM-DD (default today)")
	fs.IntVar(&o.Partition, "partition", 0, "pages Hugo renders at a time (default: the build's)")
	fs.BoolVar(&o.Sequential, "sequential", false, "run the search stages after the render, not beside it")
	fs.Int64Var(&o.MemoryLimitMiB, "memory-limit", 0, "soft memory limit in `MiB` (default: the build's; -1: none)")
}

// buildReport is what build-once prints on stdout, as JSON.
type buildReport struct {
	Pages    int                `json:"pages"`
	Rendered int                `json:"rendered"`
	Duration time.Duration      `json:"duration"`
	CPU      time.Duration      `json:"cpu"`
	MaxRSS   int64              `json:"maxRSS"`
	Stages   []build.StageStats `json:"stages"`
}

// overlapped tells whether the build ran its search stages beside the
// render: the index started before the sitemap, which follows the render,
// was done.
func (r buildReport) overlapped() bool {
	var index, sitemap *build.StageStats
	for i, s := range r.Stages {
		switch s.Name {
		case "index":
			index = &r.Stages[i]
		case "sitemap":
			sitemap = &r.Stages[i]
		}
	}
	return index != nil && sitemap != nil && index.Start < sitemap.Start+sitemap.Wall
}

func (m *Main) buildOnceCommand() *cobra.Command {
	var opts buildOnceOptions
	cmd := &cobra.Command{
		Use:    "build-once --config FILE --records DIR --out DIR --workdir DIR",
		Short:  "Run one build and print its stage costs as JSON (used by bench)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runBuildOnce(cmd, opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func (m *Main) runBuildOnce(cmd *cobra.Command, opts buildOnceOptions) error {
	if opts.Out == "" || opts.Workdir == "" {
		return fmt.Errorf("%w: build-once needs --out and --workdir", cli.ErrUsage)
	}
	cfg, err := config.Load(opts.Config)
	if err != nil {
		return err
	}
	var now time.Time
	if opts.Now != "" {
		if now, err = time.ParseInLocation(time.DateOnly, opts.Now, cfg.Archive.Location); err != nil {
			return fmt.Errorf("%w: --now: %v", cli.ErrUsage, err)
		}
	}
	if opts.CPUProfile != "" {
		stop, err := cli.StartCPUProfile(opts.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if opts.HeapProfile != "" {
		t := time.AfterFunc(opts.HeapAfter, func() {
			if f, err := os.Create(opts.HeapProfile); err == nil {
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		})
		defer t.Stop()
	}
	res, err := build.Run(cmd.Context(), build.Options{
		Config: cfg, RecordsDir: opts.Records, OutDir: opts.Out, WorkDir: opts.Workdir,
		Now: now, Progress: m.Stderr, HugoLog: m.Stderr, PartitionPages: opts.Partition,
		MemoryLimit: max(opts.MemoryLimitMiB<<20, opts.MemoryLimitMiB), Sequential: opts.Sequential,
		MeasureStages: true,
	})
	if err != nil {
		if res != nil {
			for _, d := range res.Diagnostics {
				fmt.Fprintln(m.Stderr, d)
			}
		}
		return err
	}
	if opts.MemProfile != "" {
		if err := writeHeapProfile(opts.MemProfile); err != nil {
			return err
		}
	}
	return json.NewEncoder(m.Stdout).Encode(buildReport{
		Pages: res.Pages, Rendered: res.Rendered, Duration: res.Duration, CPU: res.CPU, MaxRSS: res.MaxRSS, Stages: res.Stages,
	})
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
