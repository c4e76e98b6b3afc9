// Command ratsarchiv turns the published records of a council and its
// committees into a fast, searchable static archive.
//
// main is thin: Main holds the streams and runs the cobra command tree, so
// end-to-end tests run exactly what users run.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // dates are in the council's zone; don't depend on the host's tz database

	"github.com/spf13/cobra"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := NewMain().Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program: its streams and the command tree.
type Main struct {
	Stdout, Stderr io.Writer
}

// NewMain returns a Main writing to the process's streams.
func NewMain() *Main {
	return &Main{Stdout: os.Stdout, Stderr: os.Stderr}
}

// Run executes the command line args and returns the exit code: 0 success,
// 1 failure (bad records, failed build), 2 usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	return cli.Run(ctx, m.rootCommand(), args, m.Stdout, m.Stderr)
}

func (m *Main) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "ratsarchiv",
		Short: "Build a searchable static archive of council records",
		Long: `ratsarchiv turns the published records of a council and its committees
(meetings, agenda items, papers, decisions) into a fast static website with
full-text search that runs in the browser.

Records are TOML files (see docs/records.md); importers convert OParl APIs and
minute texts into them. "ratsarchiv init DIR" writes a starter archive; its
pages and templates come with the binary, and a site's own layouts/, i18n/,
assets/, static/ and content/ files override them.`,
		// --version: ours, Hugo's and Go's versions, one a line.
		Version: buildVersion(),
	}
	root.SetVersionTemplate("{{.Version}}")
	root.AddCommand(
		m.initCommand(),
		m.buildCommand(),
		m.checkCommand(),
		m.serveCommand(),
		m.searchCommand(),
		m.importCommand(),
	)
	return root
}
