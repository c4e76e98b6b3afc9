package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO(lead): placeholder so the command tree compiles while this command is built.
func (m *Main) buildCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "build",
		Short: "(not built yet)",
		RunE:  func(*cobra.Command, []string) error { return errors.New("build: not built yet") },
	}
}
