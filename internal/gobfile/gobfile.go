// Package gobfile reads and writes a value as one gob file, replacing the
// file atomically: a reader sees the old value or the new one, never a
// part.
package gobfile

import (
	"bufio"
	"bytes"
	"crypto/sha256"
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

// sealed is a value with the SHA-256 of its gob, and what it was written
// for: a cache's record damaged but still decodable, or of another
// layout or program, is not used.
type sealed struct {
	Format int
	Key    string
	Sum    [32]byte
	Data   []byte
}

// WriteSealed writes v into the file at path as Write does, sealed with
// its format and key.
func WriteSealed(path string, format int, key string, v any) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return err
	}
	return Write(path, &sealed{Format: format, Key: key, Sum: sha256.Sum256(buf.Bytes()), Data: buf.Bytes()})
}

// ReadSealed decodes the file at path into v, a pointer to a zero value,
// and reports whether it is whole and of format and key; when it is not,
// v is to be dropped.
func ReadSealed(path string, format int, key string, v any) bool {
	var rec sealed
	if err := Read(path, &rec); err != nil || rec.Format != format || rec.Key != key || sha256.Sum256(rec.Data) != rec.Sum {
		return false
	}
	return gob.NewDecoder(bytes.NewReader(rec.Data)).Decode(v) == nil
}
