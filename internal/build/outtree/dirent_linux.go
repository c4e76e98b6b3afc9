package outtree

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// direntBufs hold readDir's buffers: a rebuild reads every folder of the
// site (Karlsruhe: 35,000), and a buffer each was 1.1 GB of allocation.
var direntBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// readDir lists dir with the inodes of its entries: Linux's getdents64
// has them, so that a file's identity needs no stat of its own.
func readDir(dir string) ([]entry, error) {
	fd, err := syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	var out []entry
	bp := direntBufs.Get().(*[]byte)
	defer direntBufs.Put(bp)
	buf := *bp
	for {
		n, err := syscall.ReadDirent(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return out, nil
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8,
		// name NUL-terminated.
		for b := buf[:n]; len(b) > 0; {
			if len(b) < 19 {
				return nil, fmt.Errorf("outtree: %s: short directory entry", dir)
			}
			reclen := int(binary.NativeEndian.Uint16(b[16:]))
			if reclen < 19 || reclen > len(b) {
				return nil, fmt.Errorf("outtree: %s: bad directory entry", dir)
			}
			ino, typ, name := binary.NativeEndian.Uint64(b), b[18], b[19:reclen]
			b = b[reclen:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if ino == 0 || string(name) == "." || string(name) == ".." {
				continue
			}
			e := entry{name: string(name), ino: ino}
			switch typ {
			case syscall.DT_DIR:
				e.dir = true
			case syscall.DT_REG:
				e.regular = true
			case syscall.DT_UNKNOWN:
				fi, err := os.Lstat(dir + "/" + e.name)
				if err != nil {
					return nil, err
				}
				e.dir, e.regular, e.ino = fi.IsDir(), fi.Mode().IsRegular(), 0
			}
			out = append(out, e)
		}
	}
}
