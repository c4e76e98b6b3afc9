package build

import (
	"cmp"
	"context"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
	"github.com/ratsarchiv/ratsarchiv/internal/progress"
)

// StageStats is what one stage of a build cost. Stages may overlap (the
// search stages run beside the render unless Options.Sequential): then CPU
// and PeakRSS are the whole process's during the stage, shared with the
// stages running at the same time.
type StageStats struct {
	Name    string        // load, gate, files, pages, render, sitemap, index, search, data, publish
	Start   time.Duration // since the build started
	Wall    time.Duration // elapsed time
	CPU     time.Duration // user and system CPU time of the process during the stage
	PeakRSS int64         // peak resident memory during the stage (sampled), in bytes
}

// run is one build in progress: what it reports and what it measures.
type run struct {
	opts  Options
	inc   *incremental
	rep   *progress.Reporter
	start time.Time
	cpu   time.Duration
	// mon samples the memory of each stage; nil unless
	// Options.MeasureStages.
	mon *procstat.Monitor

	mu     sync.Mutex
	stages []StageStats
}

func newRun(opts Options) *run {
	procstat.ResetPeak() // the whole build's peak; a server builds many times
	r := &run{opts: opts, rep: progress.New(opts.Progress), start: time.Now(), cpu: procstat.CPUTime()}
	if opts.MeasureStages {
		r.mon = procstat.StartMonitor(procstat.DefaultInterval)
	}
	return r
}

// stage starts a stage: a line on the progress output when it is done, and
// its cost in Result.Stages when the build measures its stages.
func (r *run) stage(name string) *stage {
	// A CPU profile (ratsarchiv build --cpuprofile) tells the stages
	// apart by this label, which the goroutines the stage starts inherit.
	pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("stage", name)))
	s := &stage{Stage: r.rep.Stage(name), r: r, name: name}
	if r.mon != nil {
		s.start, s.cpu, s.win = time.Now(), procstat.CPUTime(), r.mon.Open()
	}
	return s
}

// stage is one running stage of a build.
type stage struct {
	*progress.Stage
	r    *run
	name string

	// Set when measured.
	start time.Time
	cpu   time.Duration
	win   *procstat.Window
	split *split
}

// split is the share of a stage's cost that another stage, taking turns
// with it, had.
type split struct {
	other       string
	own, ownCPU time.Duration // the stage's own wall and CPU time
	otherPeak   int64
}

// interleave splits the stage's cost: of its time, own wall and CPU time
// were its own, the rest another stage's, named other, which peaked at
// otherPeak. Pages are generated and rendered in turns so.
func (s *stage) interleave(other string, own, ownCPU time.Duration, otherPeak int64) {
	s.split = &split{other: other, own: own, ownCPU: ownCPU, otherPeak: otherPeak}
}

// peak is the stage's peak resident memory so far, 0 when not measured.
func (s *stage) peak() int64 {
	if s.win == nil {
		return 0
	}
	return s.win.Peak()
}

// Done prints the stage's line and records its cost.
func (s *stage) Done(format string, args ...any) {
	s.Stage.Done(format, args...)
	if s.win == nil {
		return
	}
	wall, cpu, peak := time.Since(s.start), procstat.CPUTime()-s.cpu, s.win.Close()
	if sp := s.split; sp != nil {
		s.r.add(StageStats{Name: sp.other, Wall: wall - sp.own, CPU: cpu - sp.ownCPU, PeakRSS: sp.otherPeak}, s.start)
		wall, cpu = sp.own, sp.ownCPU
	}
	s.r.add(StageStats{Name: s.name, Wall: wall, CPU: cpu, PeakRSS: peak}, s.start)
}

func (r *run) add(s StageStats, start time.Time) {
	s.Start = start.Sub(r.start)
	r.mu.Lock()
	r.stages = append(r.stages, s)
	r.mu.Unlock()
}

// finish stops the sampling and puts the totals into res.
func (r *run) finish(res *Result) {
	r.stop()
	res.Duration = time.Since(r.start)
	res.CPU = procstat.CPUTime() - r.cpu
	res.MaxRSS = procstat.Peak()
	res.Stages = r.stages
	slices.SortStableFunc(res.Stages, func(a, b StageStats) int { return cmp.Compare(a.Start, b.Start) })
	for _, s := range res.Stages {
		res.MaxRSS = max(res.MaxRSS, s.PeakRSS) // where the kernel keeps no resettable mark
	}
}

// stop ends the sampling; stopping twice is harmless.
func (r *run) stop() {
	if r.mon != nil {
		r.mon.Stop()
	}
}
