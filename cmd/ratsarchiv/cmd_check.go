package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

func (m *Main) checkCommand() *cobra.Command {
	var opts siteOptions
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Validate the records without building",
		Long: `check reads every record file and reports every problem at once, one per
line as file:line: field: message. It exits 1 when there are problems.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runCheck(opts)
		},
	}
	opts.AddFlags(cmd.Flags(), recordsFlag|quietFlag)
	return cmd
}

func (m *Main) runCheck(opts siteOptions) error {
	s, err := opts.resolve()
	if err != nil {
		return err
	}
	a, diags, err := tomlrec.Load(s.recordsDir, tomlrec.Options{Location: s.cfg.Archive.Location})
	if err != nil {
		return err
	}
	var withheld gate.Report
	if len(diags) == 0 {
		// A redact entry that names no record would publish the record it meant.
		_, withheld = gate.Public(a, s.cfg.Archive.Gate())
		diags = withheld.Problems(s.cfg.RedactPos)
	}
	for _, d := range diags {
		fmt.Fprintln(m.Stderr, m.relative(d.String()))
	}
	if len(diags) > 0 {
		fmt.Fprintf(m.Stderr, "%d problem(s) in %s\n", len(diags), s.recordsDir)
		return cli.ExitError{Code: 1}
	}
	items := 0
	for _, mt := range a.Meetings {
		items += len(mt.AgendaItems)
	}
	if !opts.Quiet {
		var gated string
		if withheld.Total() > 0 {
			gated = "; " + withheld.String()
		}
		fmt.Fprintf(m.Stderr, "ok: %d organizations, %d persons, %d meetings, %d agenda items, %d papers%s\n",
			len(a.Organizations), len(a.Persons), len(a.Meetings), items, len(a.Papers), gated)
	}
	return nil
}
