// Package progress reports the stages of long work on stderr: one line per
// finished stage with its counts and time, and a live bar while a stage runs
// on a terminal. Logs (CI, pipes) get the stage lines only. Stages may run
// at the same time: their lines never interleave, and one bar at a time
// owns the terminal's last line.
package progress

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Reporter prints stage progress. The zero value and nil are silent.
type Reporter struct {
	w        io.Writer
	terminal bool

	mu  sync.Mutex
	bar *Stage // the stage whose bar is on screen
}

// New returns a Reporter writing to w; a nil w makes it silent. Bars are
// drawn only when w is a terminal.
func New(w io.Writer) *Reporter {
	r := &Reporter{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.terminal = true
	}
	return r
}

// Stage is one running stage.
type Stage struct {
	r     *Reporter
	name  string
	start time.Time
	bar   *progressbar.ProgressBar
}

// Stage starts a stage.
func (r *Reporter) Stage(name string) *Stage {
	return &Stage{r: r, name: name, start: time.Now()}
}

// Progress updates the stage's bar to done of total. Safe to call often;
// the bar throttles its redraws.
func (s *Stage) Progress(done, total int) {
	if s.r == nil || s.r.w == nil || !s.r.terminal || total <= 0 {
		return
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.r.bar != nil && s.r.bar != s {
		return // another stage's bar is showing
	}
	s.r.bar = s
	if s.bar == nil {
		s.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(s.r.w),
			progressbar.OptionSetDescription(fmt.Sprintf("%-8s", s.name)),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	if s.bar.GetMax() != total {
		s.bar.ChangeMax(total) // a crawl learns of more pages as it goes
	}
	_ = s.bar.Set(done)
}

// Describe sets the text beside the bar, e.g. running counts.
func (s *Stage) Describe(text string) {
	if s.r == nil {
		return
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.bar != nil {
		s.bar.Describe(fmt.Sprintf("%-8s %s", s.name, text))
	}
}

// Done ends the stage with a summary line: "pages     1,234 pages  0.42s".
func (s *Stage) Done(format string, args ...any) time.Duration {
	d := time.Since(s.start)
	if s.r == nil || s.r.w == nil {
		return d
	}
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	if s.bar != nil {
		_ = s.bar.Finish()
		_ = s.bar.Clear()
	}
	if s.r.bar == s {
		s.r.bar = nil
	} else if s.r.bar != nil && s.r.bar.bar != nil {
		_ = s.r.bar.bar.Clear() // the line goes above the other stage's bar
		defer s.r.bar.bar.RenderBlank()
	}
	fmt.Fprintf(s.r.w, "%-8s %-44s %7.2fs\n", s.name, fmt.Sprintf(format, args...), d.Seconds())
	return d
}

// Printf prints a line as is.
func (r *Reporter) Printf(format string, args ...any) {
	if r == nil || r.w == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.w, format, args...)
}

// Count formats n with thousands separators: 12,345.
func Count(n int) string {
	s, sign := strconv.Itoa(n), ""
	if n < 0 {
		s, sign = s[1:], "-"
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

// Bytes formats a size in binary units with one decimal: 512 B, 20.0 KiB,
// 2.0 GiB.
func Bytes(n int64) string {
	const unit = 1024
	if n < unit && n > -unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, i := float64(n)/unit, 0
	for ; (v >= unit || v <= -unit) && i < 4; i++ {
		v /= unit
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + []string{"KiB", "MiB", "GiB", "TiB", "PiB"}[i]
}
