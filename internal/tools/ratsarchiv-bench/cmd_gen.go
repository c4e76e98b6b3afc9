package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// genOptions are the flags of `ratsarchiv-bench gen`.
type genOptions struct {
	gen.Options
	Out   string
	Quiet bool
}

// AddFlags registers the flags.
func (o *genOptions) AddFlags(fs *pflag.FlagSet) {
	fs.IntVar(&o.Items, "items", 1000, "number of agenda items")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed: the same seed and sizes give the same records")
	fs.IntVar(&o.Years, "years", 0, "years the meetings span (default: scaled with --items, 20 for 100,000)")
	fs.IntVar(&o.LastYear, "last-year", 0, "year of the last meetings (default 2025)")
	fs.IntVar(&o.Committees, "committees", 0, fmt.Sprintf("committees besides the council, at most %d (default: scaled with --items)", gen.MaxCommittees))
	fs.StringVar(&o.Body, "body", "", `name of the council's body (default "Stadt Beispielstadt")`)
	fs.StringVar(&o.Out, "out", "", "records `dir` to write (replaced as a whole)")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no summary on stderr")
}

func (m *Main) genCommand() *cobra.Command {
	var opts genOptions
	cmd := &cobra.Command{
		Use:   "gen --items N --seed S --out DIR",
		Short: "Write a generated archive as TOML records",
		Long: `gen writes a realistic, generated council archive as TOML records (the
format of docs/records.md): a council and its committees meeting over the
years, agenda items with results and votes, papers consulted in several
committees, persons with memberships, and German minutes and resolutions
whose words follow the frequencies of real records.

The same flags always give byte-identical records. DIR is replaced as a
whole, only after every record is written.`,
		Example: "  ratsarchiv-bench gen --items 100000 --seed 1 --out /tmp/records-100k",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runGen(opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func (m *Main) runGen(opts genOptions) error {
	if opts.Out == "" {
		return fmt.Errorf("%w: gen needs --out DIR", cli.ErrUsage)
	}
	if opts.Items < 1 {
		return fmt.Errorf("%w: --items must be at least 1", cli.ErrUsage)
	}
	start := time.Now()
	if err := gen.WriteRecords(opts.Out, opts.Options); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(m.Stderr, "wrote %d agenda items to %s in %s\n", opts.Items, opts.Out, time.Since(start).Round(time.Millisecond))
	}
	return nil
}
