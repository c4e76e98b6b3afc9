// Package testcorpus finds the shared corpus of real council records that
// tests and benchmarks read (../shared/corpus beside the repository, or
// $RATSARCHIV_CORPUS). The corpus is never copied into the repository.
package testcorpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the corpus folder, or "" when it is absent.
func Root() string {
	if dir := os.Getenv("RATSARCHIV_CORPUS"); dir != "" {
		return dir
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// internal/testcorpus/testcorpus.go → repo root → ../shared/corpus
	repo := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	dir := filepath.Join(filepath.Dir(repo), "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// Dir returns the path of one corpus (e.g. "nordstemmen"), or skips the test
// with a message saying why: a user's fresh clone has no corpus. In CI it is
// always present, so these tests run there.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skipf("corpus %q not found: tests on real council data need ../shared/corpus beside the repository or $RATSARCHIV_CORPUS", name)
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus %q not found at %s: %v", name, dir, err)
	}
	return dir
}

// Seed returns the path of a minutes text in the seeds folder beside the
// corpus (../shared/seeds), or skips the test as Dir does.
func Seed(tb testing.TB, name string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		tb.Skipf("seed %q not found: needs ../shared/seeds beside the repository or $RATSARCHIV_CORPUS/../seeds", name)
	}
	path := filepath.Join(filepath.Dir(root), "seeds", name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("seed %q not found: %v", name, err)
	}
	return path
}
