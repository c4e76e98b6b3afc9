// Package cli runs the cobra command tree of a program with the exit codes
// and error reporting that ratsarchiv and ratsarchiv-bench share: 0 for
// success, 1 for failure, 2 for a usage error.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// ErrUsage marks an error in how the program was called: a missing or bad
// flag or argument. Commands wrap it (fmt.Errorf("%w: --out DIR is
// required", cli.ErrUsage)), and Run exits 2 on it.
var ErrUsage = errors.New("usage")

// ExitError ends the program with Code without a message of its own: the
// command has reported what went wrong already (diagnostics, a summary).
type ExitError struct{ Code int }

func (e ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Run executes root with args, writing to stdout and stderr, and returns
// the exit code. Cobra's own printing of errors and usage is silenced:
// Run prints an error once, after root's name, and flag errors become
// usage errors that point to --help.
func Run(ctx context.Context, root *cobra.Command, args []string, stdout, stderr io.Writer) int {
	root.SilenceUsage = true
	root.SilenceErrors = true
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w: %v (see %s --help)", ErrUsage, err, c.CommandPath())
	})
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	fmt.Fprintf(stderr, "%s: %v\n", root.Name(), err)
	if errors.Is(err, ErrUsage) {
		return 2
	}
	return 1
}
