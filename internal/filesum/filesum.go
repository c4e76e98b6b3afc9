// Package filesum computes the SHA-256 digest of a file's content.
package filesum

import (
	"crypto/sha256"
	"io"
	"os"
)

// Sum is a file's SHA-256 digest.
type Sum = [32]byte

// Of returns the digest of the file at path.
func Of(path string) (Sum, error) {
	var sum Sum
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}
