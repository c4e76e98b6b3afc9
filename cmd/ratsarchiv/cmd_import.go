package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
)

func (m *Main) importCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Convert OParl or minute texts into TOML records",
		Long: `import writes TOML records (docs/records.md) from other sources, into a
records folder that "ratsarchiv build" reads. Output is written to a staging
folder and swapped in only when the import succeeded. An existing --out is
replaced only if an import wrote it (it holds .ratsarchiv-records) or it is
empty, and never when it is, holds or lies inside what the import reads.`,
	}
	cmd.AddCommand(m.importOParlCommand(), m.importTextCommand())
	return cmd
}

// checkImportOut refuses an --out whose replacement would delete or write
// into the import's own sources.
func checkImportOut(out string, sources ...atomicdir.Keep) error {
	if err := atomicdir.CheckClear(out, sources...); err != nil {
		return fmt.Errorf("%w: --out: %w", cli.ErrUsage, err)
	}
	return nil
}
