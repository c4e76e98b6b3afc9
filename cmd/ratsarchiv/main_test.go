package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// repoRoot is the repository root, where config.toml and the example live.
func repoRoot(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(filepath.Dir(file)))
}

// run executes the CLI in-process and returns its exit code and output.
func run(tb testing.TB, args ...string) (code int, stdout, stderr string) {
	tb.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	code = m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// MustBuild builds the site of config into a new folder and returns it.
func MustBuild(tb testing.TB, config string, extra ...string) (out string) {
	tb.Helper()
	out = filepath.Join(tb.TempDir(), "public")
	args := append([]string{"build", "-q", "--config", config, "--out", out, "--workdir", filepath.Join(tb.TempDir(), "work")}, extra...)
	if code, _, stderr := run(tb, args...); code != 0 {
		tb.Fatalf("ratsarchiv %v: exit %d\n%s", args, code, stderr)
	}
	return out
}

func TestMain(m *testing.M) {
	// The reproducible-builds date makes "upcoming meetings" independent of
	// the day the tests run.
	os.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	// Scripts in testdata/script run "ratsarchiv" as this test binary,
	// re-executed: the same Main users run.
	testscript.Main(m, map[string]func(){
		"ratsarchiv": func() { os.Exit(NewMain().Run(context.Background(), os.Args[1:])) },
	})
}
