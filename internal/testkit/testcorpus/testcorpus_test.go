package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirFindsSharedCorpus(t *testing.T) {
	dir := Dir(t, "oparl-spec")
	if _, err := os.Stat(filepath.Join(dir, "SOURCE.txt")); err != nil {
		t.Errorf("corpus folder %s has no SOURCE.txt: %v", dir, err)
	}
}

func TestSeedFindsSharedSeeds(t *testing.T) {
	path := Seed(t, "000_8b4e18a2aef432da.txt")
	if data, err := os.ReadFile(path); err != nil || len(data) == 0 {
		t.Errorf("seed %s: %d bytes, %v", path, len(data), err)
	}
}
