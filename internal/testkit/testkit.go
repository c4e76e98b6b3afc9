// Package testkit holds what tests need to find outside the package under
// test: the repository's own files and the external tools (Node, Chromium)
// that the client's tests run. Its sub-packages are test support only:
// gen generates archives, docgen typesets attachment files, sitecheck
// inspects built sites, testcorpus finds the shared corpus of real records,
// searchtest and oparltest make fixtures.
// Nothing that ships in the ratsarchiv binary imports them.
package testkit

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// RequireToolsEnv names the variable that turns a missing tool from a skip
// into a failure. .ci/run sets it, so CI never passes by skipping.
const RequireToolsEnv = "RATSARCHIV_REQUIRE_BROWSER"

// RepoRoot is the repository root, where go.mod, config.toml and the
// example live.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	// internal/testkit/testkit.go → repository root
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// RepoFile returns the absolute path of a slash-separated path in the
// repository.
func RepoFile(p string) string {
	return filepath.Join(RepoRoot(), filepath.FromSlash(p))
}

// Node returns the path of node for the JavaScript tests.
func Node(tb testing.TB) string {
	tb.Helper()
	return Tool(tb, "the JavaScript client's tests need Node ≥ 20 on PATH", "node")
}

// Chromium returns the path of the browser for the end-to-end tests.
func Chromium(tb testing.TB) string {
	tb.Helper()
	return Tool(tb, "the browser tests need Debian's chromium (apt-get install chromium)", "chromium", "chromium-browser", "google-chrome")
}

// Tool returns the first of names found on PATH. When none is found, the
// test is skipped with why — or fails, when RATSARCHIV_REQUIRE_BROWSER is
// set to anything but "" or "0".
func Tool(tb testing.TB, why string, names ...string) string {
	tb.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if Required() {
		tb.Fatalf("%s not found and %s is set: %s", names[0], RequireToolsEnv, why)
	}
	tb.Skipf("%s not found: %s", names[0], why)
	return ""
}

// Required reports whether missing tools and corpora fail tests instead of
// skipping them.
func Required() bool {
	v := os.Getenv(RequireToolsEnv)
	return v != "" && v != "0"
}

// RunNode runs node with args and returns its standard output; the test
// fails with node's standard error when it exits non-zero.
func RunNode(tb testing.TB, node string, args ...string) []byte {
	tb.Helper()
	cmd := exec.Command(node, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("node %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// JSON returns v encoded as JSON, for tests that look for a phrase anywhere
// in a tree of records.
func JSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// Golden compares got with the golden file at path, rewriting the file
// first when update is set (a test's -update flag): review the diff of a
// golden file like code.
func Golden(tb testing.TB, path string, got []byte, update bool) {
	tb.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, got)
	}
}

// CopyTree copies the file or folder src to dst, folders included; a
// missing src copies nothing. Hugo does not follow symlinked folders, so
// tests that change a site work on a copy.
func CopyTree(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == src {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}
