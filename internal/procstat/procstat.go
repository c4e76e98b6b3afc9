// Package procstat reads what the operating system knows about this
// process's resources: peak resident memory (with a resettable high-water
// mark on Linux) and CPU time. Builds use it to report each stage's cost.
package procstat

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"
)

// ResetPeak starts a new peak-memory window: on Linux it resets the
// process's resident high-water mark (VmHWM) to the current resident size,
// so Peak reports the peak since this call. It reports whether the reset
// worked; elsewhere (or without /proc) Peak keeps the peak of the whole
// process.
func ResetPeak() bool {
	// "5" resets the peak RSS (Linux 4.0+, proc(5)).
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// Peak is the peak resident memory in bytes since the last ResetPeak, or
// since the process started; 0 when the system does not tell.
func Peak() int64 {
	if b := statusBytes("VmHWM:"); b > 0 {
		return b
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return maxrssBytes(ru.Maxrss)
}

// CPUTime is the user plus system CPU time the process has used so far.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// statusField returns the number of kilobytes of a /proc/PID/status line
// such as "VmHWM:\t  123456 kB".
func statusField(status []byte, name string) (int64, bool) {
	i := bytes.Index(status, []byte("\n"+name))
	if i < 0 {
		if !bytes.HasPrefix(status, []byte(name)) {
			return 0, false
		}
	} else {
		status = status[i+1:]
	}
	line, _, _ := bytes.Cut(status[len(name):], []byte("\n"))
	field := bytes.Fields(line)
	if len(field) == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(field[0]), 10, 64)
	return n, err == nil
}

// MappedFiles is how much of the files the process maps into its memory
// is resident, in bytes (RssFile: the program's own code, and files read
// through mmap, such as Bleve's segments), or 0 when the system does not
// tell. Resident memory counts these pages beside the Go heap.
func MappedFiles() int64 { return statusBytes("RssFile:") }

// Anonymous is the resident memory not backed by a file, in bytes (RssAnon:
// the Go heap, held garbage and free spans included, and the runtime's
// own), or 0 when the system does not tell.
func Anonymous() int64 { return statusBytes("RssAnon:") }

// statusBytes is a field of /proc/self/status in bytes, 0 when unknown.
func statusBytes(name string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	kb, _ := statusField(data, name)
	return kb << 10
}
