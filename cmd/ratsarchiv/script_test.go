package main

import (
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the CLI scripts in testdata/script: each is a txtar file
// with the records inline and the commands and their expected output below,
// so a test reads like a terminal session.
func TestScripts(t *testing.T) {
	root := repoRoot(t)
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			// The scripts build with the project's own theme.
			env.Setenv("REPO", root)
			env.Setenv("SOURCE_DATE_EPOCH", "1767225600")
			return nil
		},
	})
}
