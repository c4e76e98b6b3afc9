// Package testcorpus finds the shared corpus of real council records that
// tests and benchmarks read (../shared/corpus beside the repository, or
// $RATSARCHIV_CORPUS). The corpus is never copied into the repository.
//
// Where it is absent (a user's fresh clone) the tests that need it skip;
// with RATSARCHIV_REQUIRE_CORPUS set, as .ci/run sets it, they fail.
package testcorpus

import (
	"os"
	"path/filepath"

	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// Root returns the corpus folder, or "" when it is absent.
func Root() string {
	if dir := os.Getenv("RATSARCHIV_CORPUS"); dir != "" {
		return dir
	}
	dir := filepath.Join(filepath.Dir(testkit.RepoRoot()), "shared", "corpus")
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
		missing(tb, "corpus %q not found: tests on real council data need ../shared/corpus beside the repository or $RATSARCHIV_CORPUS", name)
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		missing(tb, "corpus %q not found at %s: %v", name, dir, err)
	}
	return dir
}

// Seed returns the path of a minutes text in the seeds folder beside the
// corpus (../shared/seeds), or skips the test as Dir does.
func Seed(tb testing.TB, name string) string {
	tb.Helper()
	root := Root()
	if root == "" {
		missing(tb, "seed %q not found: needs ../shared/seeds beside the repository or $RATSARCHIV_CORPUS/../seeds", name)
	}
	path := filepath.Join(filepath.Dir(root), "seeds", name)
	if _, err := os.Stat(path); err != nil {
		missing(tb, "seed %q not found: %v", name, err)
	}
	return path
}

// RequireEnv names the variable that makes a missing corpus a failure.
const RequireEnv = "RATSARCHIV_REQUIRE_CORPUS"

// missing skips the test, or fails it when RequireEnv is set.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if v := os.Getenv(RequireEnv); v != "" && v != "0" {
		tb.Fatalf(format+" ("+RequireEnv+" is set)", args...)
	}
	tb.Skipf(format, args...)
}
