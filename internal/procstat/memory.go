package procstat

import (
	"bytes"
	"os"
	"strconv"
)

// Memory is how much memory the process may use, in bytes: the machine's
// (MemTotal), or less where its control group limits it (a container);
// 0 when the system does not tell.
func Memory() int64 {
	total := int64(0)
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kb, ok := statusField(data, "MemTotal:"); ok {
			total = kb << 10
		}
	}
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if data, err := os.ReadFile(f); err == nil {
			total = lower(total, cgroupLimit(data))
		}
	}
	return total
}

// cgroupLimit reads a control group's memory limit ("max", or a number of
// bytes that v1 sets near the largest int64 for none); 0 for none.
func cgroupLimit(data []byte) int64 {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(data)), 10, 64)
	if err != nil || n <= 0 || n >= 1<<62 {
		return 0
	}
	return n
}

// lower is the lower of two limits, where 0 is none.
func lower(a, b int64) int64 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}
