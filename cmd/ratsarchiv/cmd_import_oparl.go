package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(lead): placeholder so the command tree compiles while this command is built.
func (m *Main) importOParlCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "oparl",
		Short: "(not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("import-oparl: not built yet") },
	}
}
