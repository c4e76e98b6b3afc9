//go:build unix

package outtree

import (
	"io/fs"
	"syscall"
)

// Supported reports whether files have inodes this package can compare:
// without them it cannot tell a hard link to the live file from another.
const Supported = true

func inode(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
