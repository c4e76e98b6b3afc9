//go:build !linux

package outtree

import "os"

// readDir lists dir; the inodes are not told here (is stats the file).
func readDir(dir string) ([]entry, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]entry, len(ents))
	for i, e := range ents {
		out[i] = entry{name: e.Name(), dir: e.IsDir(), regular: e.Type().IsRegular()}
	}
	return out, nil
}
