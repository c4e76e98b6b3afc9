// Command ratsarchiv-bench measures ratsarchiv at scale: gen writes a
// generated archive of any size as TOML records, and bench builds generated
// and real archives, indexes the same sites with Pagefind, and compares
// both search clients in headless Chromium (docs/benchmarks.md).
//
// main is thin: Main holds the streams and runs the cobra command tree, so
// tests run exactly what users run.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

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
// 1 failure, 2 usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	return cli.Run(ctx, m.rootCommand(), args, m.Stdout, m.Stderr)
}

func (m *Main) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "ratsarchiv-bench",
		Short: "Measure ratsarchiv on generated and real archives",
		Long: `ratsarchiv-bench generates realistic council archives of any size and
measures how ratsarchiv builds and searches them.`,
	}
	root.AddCommand(m.genCommand(), m.benchCommand(), m.buildOnceCommand(), m.evalCommand())
	return root
}
