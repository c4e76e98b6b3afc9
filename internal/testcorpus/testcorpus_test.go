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
