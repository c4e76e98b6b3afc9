package progress

import (
	"bytes"
	"math"
	"regexp"
	"testing"
)

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1200: "-1,200", math.MinInt64: "-9,223,372,036,854,775,808"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
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
