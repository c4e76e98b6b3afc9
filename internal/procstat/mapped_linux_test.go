package procstat

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestMappedFilesCountsAMappedFile: the pages of a file read through mmap
// count, and the heap's do not (they are Anonymous).
func TestMappedFilesCountsAMappedFile(t *testing.T) {
	const size = 64 << 20
	before, anon := MappedFiles(), Anonymous()
	if before == 0 || anon == 0 {
		t.Skip("no RssFile or RssAnon on this system")
	}
	heap := make([]byte, size)
	for i := 0; i < len(heap); i += 4096 {
		heap[i] = 1
	}
	if grown := MappedFiles() - before; grown > size/4 {
		t.Errorf("touching %d bytes of heap grew the mapped files by %d", size, grown)
	}
	if grown := Anonymous() - anon; grown < size*3/4 {
		t.Errorf("touching %d bytes of heap grew the anonymous memory by %d", size, grown)
	}
	sink = heap

	path := filepath.Join(t.TempDir(), "mapped")
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(data)
	before = MappedFiles()
	n := 0
	for i := 0; i < len(data); i += 4096 {
		n += int(data[i])
	}
	if grown := MappedFiles() - before; grown < size*3/4 {
		t.Errorf("reading a mapped file of %d bytes grew the mapped files by %d (sum %d)", size, grown, n)
	}
	sink = nil
}
