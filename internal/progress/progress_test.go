package progress

import (
	"bytes"
	"math"
	"regexp"
	"sync"
	"testing"
)

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1200: "-1,200", math.MinInt64: "-9,223,372,036,854,775,808"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 20 << 10: "20.0 KiB", 1536 << 10: "1.5 MiB", 2 << 30: "2.0 GiB", 3 << 40: "3.0 TiB", -2048: "-2.0 KiB", math.MaxInt64: "8192.0 PiB"} {
		if got := Bytes(n); got != want {
			t.Errorf("Bytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestStageLines(t *testing.T) {
	var b bytes.Buffer
	r := New(&b)
	s := r.Stage("pages")
	s.Progress(5, 10) // not a terminal: no bar
	s.Done("%s pages", Count(1234))
	if !regexp.MustCompile(`^pages\s+1,234 pages\s+\d+\.\d\ds\n$`).MatchString(b.String()) {
		t.Errorf("output = %q", b.String())
	}
	var silent *Reporter
	silent.Stage("x").Done("nothing") // nil reporter is silent, not a crash
}

// Stages running at the same time, as a build's render and index do: one
// bar at a time, and every stage line whole.
func TestConcurrentStages(t *testing.T) {
	var b lockedBuffer
	r := New(&b)
	r.terminal = true // draw bars into the buffer
	var wg sync.WaitGroup
	for _, name := range []string{"render", "index"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := r.Stage(name)
			for i := range 200 {
				s.Progress(i, 200)
			}
			s.Done("%s finished", name)
		}()
	}
	wg.Wait()
	out := b.String()
	for _, name := range []string{"render", "index"} {
		if !regexp.MustCompile(`(?m)` + name + `\s+` + name + ` finished\s+\d+\.\d\ds$`).MatchString(out) {
			t.Errorf("no whole stage line for %s in %q", name, out)
		}
	}
	if r.bar != nil {
		t.Errorf("a finished stage still owns the bar")
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
