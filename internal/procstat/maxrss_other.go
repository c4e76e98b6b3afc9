//go:build !linux

package procstat

// maxrssBytes converts getrusage's ru_maxrss; macOS and the BSDs differ in
// units, so only the order of magnitude is trusted elsewhere.
func maxrssBytes(v int64) int64 { return v }
