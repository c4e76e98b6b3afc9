//go:build !unix

package outtree

import "io/fs"

// Supported reports whether files have inodes this package can compare:
// without them it cannot tell a hard link to the live file from another.
const Supported = false

func inode(fs.FileInfo) uint64 { return 0 }
