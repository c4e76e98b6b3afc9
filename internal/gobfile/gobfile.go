// Package gobfile reads and writes a value as one gob file, replacing the
// file atomically: a reader sees the old value or the new one, never a
// part.
package gobfile

import (
	"bufio"
	"encoding/gob"
	"os"
	"path/filepath"
)

// Write encodes v into the file at path, through a temporary file beside
// it that is renamed into place. On failure the file at path is removed,
// so that no stale value is read back.
func Write(path string, v any) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = gob.NewEncoder(w).Encode(v)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		os.Remove(path)
	}
	return err
}

// Read decodes the file at path into v, a pointer.
func Read(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return gob.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(v)
}
