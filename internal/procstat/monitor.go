package procstat

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"time"
)

// Monitor samples the process's resident memory in the background, so that
// work running at the same time can each learn its own peak: the kernel
// keeps one high-water mark per process, and resetting it for one stage
// would clobber another's. A sample misses spikes shorter than the
// interval; Peak (the kernel's mark) stays exact for the whole process.
type Monitor struct {
	mu      sync.Mutex
	windows map[*Window]struct{}
	stop    func()
	once    sync.Once
}

// Window is a span of time whose peak resident memory a Monitor tracks.
type Window struct {
	m    *Monitor
	peak int64
}

// DefaultInterval is a sampling interval fine enough for build stages of
// a second and more, and cheap: reading /proc/self/statm takes microseconds.
const DefaultInterval = 20 * time.Millisecond

// StartMonitor starts sampling every interval until Stop.
func StartMonitor(interval time.Duration) *Monitor {
	m := &Monitor{windows: map[*Window]struct{}{}}
	m.stop = Every(interval, m.sample)
	return m
}

// Every calls f every interval in the background until the returned stop,
// which waits for a call under way to end; stop must be called once.
func Every(interval time.Duration, f func()) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				f()
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// Stop ends the sampling; windows still open keep the peak seen so far.
// Stopping twice is harmless.
func (m *Monitor) Stop() {
	m.once.Do(m.stop)
}

// Open starts a window at the current resident size.
func (m *Monitor) Open() *Window {
	w := &Window{m: m, peak: Resident()}
	m.mu.Lock()
	m.windows[w] = struct{}{}
	m.mu.Unlock()
	return w
}

// Close ends the window and returns its peak resident memory in bytes.
// Where the current size is unknown (no /proc), it is the process's peak
// so far.
func (w *Window) Close() int64 {
	rss := Resident()
	w.m.mu.Lock()
	defer w.m.mu.Unlock()
	// The reading counts in every open window, as a sample's does: a
	// window that contains this one never reports a lower peak.
	w.m.record(rss)
	delete(w.m.windows, w)
	if w.peak == 0 {
		w.peak = Peak()
	}
	return w.peak
}

// Peak is the highest resident memory seen in the window so far.
func (w *Window) Peak() int64 {
	w.m.mu.Lock()
	defer w.m.mu.Unlock()
	return w.peak
}

func (m *Monitor) sample() {
	rss := Resident()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.record(rss)
}

// record takes a reading of the resident memory into every open window;
// m.mu is held.
func (m *Monitor) record(rss int64) {
	for w := range m.windows {
		w.peak = max(w.peak, rss)
	}
}

var pageSize = int64(os.Getpagesize())

// Resident is the process's current resident memory in bytes, or 0 when
// the system does not tell (only Linux's /proc is read).
func Resident() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	// statm: size resident shared text lib data dt, in pages (proc(5)).
	f := bytes.Fields(data)
	if len(f) < 2 {
		return 0
	}
	n, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0
	}
	return n * pageSize
}
