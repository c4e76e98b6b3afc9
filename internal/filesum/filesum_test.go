package filesum

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
)

func TestOf(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	data := []byte("Haushaltssatzung")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Of(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != sha256.Sum256(data) {
		t.Fatalf("Of = %x, want %x", got, sha256.Sum256(data))
	}
	if _, err := Of(path + "-missing"); err == nil {
		t.Fatal("a missing file has a sum")
	}
}
