package procstat

// maxrssBytes converts getrusage's ru_maxrss, in kilobytes on Linux.
func maxrssBytes(v int64) int64 { return v << 10 }
