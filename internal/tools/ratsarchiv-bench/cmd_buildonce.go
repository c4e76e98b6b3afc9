package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
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
	HeapPeak                      bool
	MemTrace                      string
	MemTraceEvery                 time.Duration
	HeapMappedMiB                 int64
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
	fs.BoolVar(&o.HeapPeak, "heap-peak", false, "write --heapprofile whenever the live heap has grown a twentieth since the last one, so that it ends holding the largest (instead of --heap-after)")
	fs.StringVar(&o.MemTrace, "memtrace", "", "write the process's memory every --memtrace-every to `file` (tab-separated: seconds, RssAnon, RssFile, live heap, heap goal, heap held, heap free, heap released, in MiB; the limit in MiB; the collector's CPU seconds so far)")
	fs.DurationVar(&o.MemTraceEvery, "memtrace-every", time.Second, "how often --memtrace writes a line")
	fs.Int64Var(&o.HeapMappedMiB, "heap-mapped", 0, "with --memtrace, write --heapprofile once the files mapped have grown by `MiB` since the start (Bleve's segments, while merged)")
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
	switch {
	case opts.HeapProfile != "" && opts.HeapPeak:
		stop := m.writeLiveHeapAtPeak(opts.HeapProfile)
		defer stop()
	case opts.HeapProfile != "" && opts.HeapMappedMiB == 0:
		t := time.AfterFunc(opts.HeapAfter, func() { writeProfile(opts.HeapProfile, "heap") })
		defer t.Stop()
	}
	if opts.MemTrace != "" {
		heap := ""
		if opts.HeapMappedMiB > 0 {
			heap = opts.HeapProfile
		}
		stop, err := traceMemory(opts.MemTrace, opts.MemTraceEvery, heap, opts.HeapMappedMiB<<20)
		if err != nil {
			return err
		}
		defer stop()
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
		if err := writeProfile(opts.MemProfile, "allocs"); err != nil {
			return err
		}
	}
	return json.NewEncoder(m.Stdout).Encode(buildReport{
		Pages: res.Pages, Rendered: res.Rendered, Duration: res.Duration, CPU: res.CPU, MaxRSS: res.MaxRSS, Stages: res.Stages,
	})
}

// writeProfile writes the runtime's profile of that name to path: "heap"
// is the live heap as of the last garbage collection, "allocs" what was
// allocated since the start.
func writeProfile(path, name string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeLiveHeapAtPeak polls the live heap (as the last garbage collection
// marked it) every half second, and once more when stopped, and writes its
// profile to path whenever it has grown a twentieth past the last one
// written, noting each in the build's log beside the stage lines.
func (m *Main) writeLiveHeapAtPeak(path string) (stop func()) {
	start := time.Now()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var written uint64
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for stopped := false; !stopped; {
			select {
			case <-done:
				stopped = true
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); written == 0 || live > written+written/20 {
				if err := writeProfile(path, "heap"); err != nil {
					fmt.Fprintf(m.Stderr, "heap profile: %v\n", err)
					return
				}
				written = max(live, 1)
				fmt.Fprintf(m.Stderr, "heap profile after %s: %d MiB live\n", time.Since(start).Round(time.Second), live>>20)
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// traceMemory writes a line of the process's memory to path every
// interval until stopped: seconds since the start; the resident anonymous
// memory and the resident file pages (mapped files: Bleve's segments), from
// /proc/self/status; the live heap as the last collection marked it, the
// collector's goal, the heap's spans held from the OS (in use and free)
// and those of them free, and what the runtime released to the OS — all in
// MiB. With heap set, it writes the live heap's profile there once the
// file pages resident have grown by heapMapped bytes. The resident
// anonymous memory is about the heap held plus the runtime's own; what it
// holds beyond the live heap is garbage and free spans not yet returned.
func traceMemory(path string, interval time.Duration, heap string, heapMapped int64) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(f, "s\trssAnon\trssFile\tlive\tgoal\theld\tfree\treleased\tlimit\tgcCPU")
	start, file0 := time.Now(), procstat.MappedFiles()
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/gc/gomemlimit:bytes"},
		{Name: "/cpu/classes/gc/total:cpu-seconds"},
	}
	line := func() {
		metrics.Read(samples)
		v := make([]uint64, len(samples)-1)
		for i, s := range samples[:len(v)] {
			v[i] = s.Value.Uint64() >> 20
		}
		anon, file := procstat.Anonymous(), procstat.MappedFiles()
		if heap != "" && file-file0 >= heapMapped {
			runtime.GC() // the live heap of now, not of the last collection
			if err := writeProfile(heap, "heap"); err != nil {
				fmt.Fprintf(f, "# heap profile: %v\n", err)
			}
			fmt.Fprintf(f, "# heap profile at %.0f s\n", time.Since(start).Seconds())
			heap = ""
		}
		fmt.Fprintf(f, "%.0f\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\n", time.Since(start).Seconds(), anon>>20, file>>20,
			v[0], v[1], v[2]+v[3]+v[4], v[4], v[5], v[6], samples[len(v)].Value.Float64())
	}
	stopTicks := procstat.Every(interval, line)
	return func() {
		stopTicks()
		line()
		f.Close()
	}, nil
}
