// Command ratsarchiv turns the published records of a council and its
// committees into a fast, searchable static archive.
//
// main is thin: Main holds the streams and runs the cobra command tree, so
// end-to-end tests run exactly what users run.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // dates are in the council's zone; don't depend on the host's tz database

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main is the program: its streams and the command tree.
type Main struct {
	Stdout, Stderr io.Writer
}

// NewMain returns a Main writing to the process's streams.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr}
}

// exitError carries an exit code; its message has been printed already.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run executes the command line args and returns the exit code: 0 success,
// 1 failure (bad records, failed build), 2 usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	root := m.rootCommand()
	root.SetArgs(args)
	root.SetOut(m.Stdout)
	root.SetErr(m.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintln(m.Stderr, "ratsarchiv:", err)
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

var errUsage = errors.New("usage")

func (m *Main) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "ratsarchiv",
		Short: "Build a searchable static archive of council records",
		Long: `ratsarchiv turns the published records of a council and its committees
(meetings, agenda items, papers, decisions) into a fast static website with
full-text search that runs in the browser.

Records are TOML files (see docs/records.md); importers convert OParl APIs and
minute texts into them.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w: %v (see %s --help)", errUsage, err, c.CommandPath())
	})
	root.AddCommand(
		m.buildCommand(),
		m.checkCommand(),
		m.serveCommand(),
		m.searchCommand(),
		m.importCommand(),
	)
	return root
}
