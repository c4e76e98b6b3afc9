package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// TestMain lets the scripts run ratsarchiv-bench as a command, in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"ratsarchiv-bench": func() { os.Exit(NewMain().Run(context.Background(), os.Args[1:])) },
	})
}

func TestScripts(t *testing.T) {
	repo := testkit.RepoRoot()
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// bench builds with the project's own site and theme.
			env.Setenv("REPO", repo)
			return nil
		},
	})
}

func TestUsageExitCode(t *testing.T) {
	for name, args := range map[string][]string{
		"NoOut":       {"gen", "--items", "5"},
		"BadItems":    {"gen", "--items", "-3", "--out", t.TempDir()},
		"UnknownFlag": {"gen", "--bogus"},
	} {
		t.Run(name, func(t *testing.T) {
			var out, errs strings.Builder
			m := &Main{Stdout: &out, Stderr: &errs}
			if code := m.Run(context.Background(), args); code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errs.String())
			}
		})
	}
}
