package main

import "github.com/spf13/cobra"

func (m *Main) importCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Convert OParl or minute texts into TOML records",
		Long: `import writes TOML records (docs/records.md) from other sources, into a
records folder that "ratsarchiv build" reads. Output is written to a staging
folder and swapped in only when the import succeeded.`,
	}
	cmd.AddCommand(m.importOParlCommand(), m.importTextCommand())
	return cmd
}
