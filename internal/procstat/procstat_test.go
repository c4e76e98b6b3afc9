package procstat

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestStatusField(t *testing.T) {
	for _, tc := range []struct {
		name, status, field string
		want                int64
		ok                  bool
	}{
		{"Middle", "Name:\tx\nVmPeak:\t  999 kB\nVmHWM:\t  12345 kB\nVmRSS:\t 100 kB\n", "VmHWM:", 12345, true},
		{"First", "VmHWM:\t7 kB\n", "VmHWM:", 7, true},
		{"LastWithoutNewline", "Name:\tx\nVmHWM:\t42 kB", "VmHWM:", 42, true},
		// VmHWMX must not be taken for VmHWM; the name is matched at a line start.
		{"Missing", "Name:\tx\nXVmHWM:\t5 kB\n", "VmHWM:", 0, false},
		{"Empty", "Name:\tx\nVmHWM:\n", "VmHWM:", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := statusField([]byte(tc.status), tc.field)
			if got != tc.want || ok != tc.ok {
				t.Errorf("statusField = %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

var sink []byte

func TestPeakFollowsAllocationAndReset(t *testing.T) {
	const size = 128 << 20
	sink = make([]byte, size)
	for i := 0; i < len(sink); i += 4096 {
		sink[i] = 1
	}
	high := Peak()
	if high < size {
		t.Fatalf("Peak = %d after touching %d bytes", high, size)
	}
	sink = nil
	runtime.GC()
	debug.FreeOSMemory()
	if !ResetPeak() {
		t.Skip("no resettable peak on this system")
	}
	if after := Peak(); after >= high-size/2 {
		t.Errorf("Peak after reset = %d, want well below %d", after, high)
	}
}

func TestCPUTimeAdvances(t *testing.T) {
	before := CPUTime()
	deadline := time.Now().Add(30 * time.Millisecond)
	x := 0
	for time.Now().Before(deadline) {
		x++
	}
	if after := CPUTime(); after <= before {
		t.Errorf("CPU time did not advance: %v then %v (%d spins)", before, after, x)
	}
}

func TestMonitorWindowsSeeTheirOwnPeak(t *testing.T) {
	if Resident() == 0 {
		t.Skip("no /proc/self/statm on this system")
	}
	m := StartMonitor(time.Millisecond)
	defer m.Stop()
	const size = 128 << 20
	outer := m.Open()
	inner := m.Open()
	sink = make([]byte, size)
	for i := 0; i < len(sink); i += 4096 {
		sink[i] = 1
	}
	innerPeak := inner.Close()
	sink = nil
	runtime.GC()
	debug.FreeOSMemory()
	later := m.Open()
	time.Sleep(10 * time.Millisecond)
	laterPeak := later.Close()
	outerPeak := outer.Close()

	if innerPeak < size {
		t.Errorf("inner window peak = %d, want ≥ %d (the bytes touched in it)", innerPeak, size)
	}
	if outerPeak < innerPeak {
		t.Errorf("outer window peak = %d, below the inner window's %d it contains", outerPeak, innerPeak)
	}
	if laterPeak >= innerPeak-size/2 {
		t.Errorf("window opened after the memory was freed: peak %d, want well below %d", laterPeak, innerPeak)
	}
}

func TestMemory(t *testing.T) {
	for in, want := range map[string]int64{"max\n": 0, "2147483648\n": 2 << 30, "9223372036854771712\n": 0, "": 0, "-1": 0} {
		if got := cgroupLimit([]byte(in)); got != want {
			t.Errorf("cgroupLimit(%q) = %d, want %d", in, got, want)
		}
	}
	if lower(0, 5) != 5 || lower(5, 0) != 5 || lower(3, 5) != 3 || lower(0, 0) != 0 {
		t.Error("lower does not take the lower limit, where 0 is none")
	}
	if runtime.GOOS == "linux" {
		if m := Memory(); m < 64<<20 {
			t.Errorf("Memory() = %d on Linux, want the machine's", m)
		}
	}
}
