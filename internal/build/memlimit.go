package build

import (
	"runtime/debug"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/procstat"
)

// mappedInterval is how often the memory limit follows the files mapped:
// the index's segment files grow resident by at most ~60 MiB a second
// while they are merged (100,000 agenda items), a few MiB in a tenth.
const mappedInterval = 100 * time.Millisecond

// mappedLimit holds the Go runtime's soft memory limit at a build's limit
// less the files the process has mapped since the build began: Bleve reads
// its segments through mmap, and their pages count in the resident memory
// beside the heap but not in the runtime's limit. At 100,000 agenda items
// the merge of the segments maps ~0.9 GiB while the heap holds ~2.0 GiB
// (~0.85 GiB live, the rest garbage up to the collector's goal of twice
// that); lowering the limit by what is mapped has the collector run
// earlier instead: a peak of 2.9–3.0 GiB became 2.5 (docs/benchmarks.md,
// round 8). A build smaller than the limit is not affected.
type mappedLimit struct {
	limit, prev int64 // the build's limit; the runtime's before it
	base        int64 // files mapped when the build began
	set         int64 // the limit set last
	stop        func()
}

// limitMemory sets the runtime's memory limit to limit, held so until
// the returned mappedLimit is stopped, which restores the runtime's own.
func limitMemory(limit int64) *mappedLimit {
	m := &mappedLimit{limit: limit, base: procstat.MappedFiles(), set: limit}
	m.prev = debug.SetMemoryLimit(limit)
	if m.base == 0 {
		// No RssFile (not Linux): the limit stays as it is.
		m.stop = func() {}
		return m
	}
	m.stop = procstat.Every(mappedInterval, func() { m.follow(procstat.MappedFiles()) })
	return m
}

// follow sets the limit for mapped bytes of files resident.
func (m *mappedLimit) follow(mapped int64) {
	want := limitBeside(m.limit, mapped-m.base)
	if d := want - m.set; d > -4<<20 && d < 4<<20 {
		return // not worth the collector's new pacing
	}
	m.set = want
	debug.SetMemoryLimit(want)
}

// limitBeside is the Go memory limit that leaves room for mapped bytes of
// files under limit, but never less than half of limit: mapping more than
// that should not have the collector run all the time.
func limitBeside(limit, mapped int64) int64 {
	return max(limit-max(mapped, 0), limit/2)
}

// Stop ends following the files mapped and restores the runtime's limit.
func (m *mappedLimit) Stop() {
	m.stop()
	debug.SetMemoryLimit(m.prev)
}
