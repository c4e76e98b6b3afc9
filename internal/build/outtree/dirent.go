package outtree

// entry is a name of a folder, with the inode its directory entry names
// (0 when not told) and whether that is a regular file.
type entry struct {
	name    string
	dir     bool
	regular bool
	ino     uint64
}
