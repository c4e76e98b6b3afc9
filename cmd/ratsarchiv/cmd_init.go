package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
)

// starter is the archive init writes: a commented config.toml and the
// records of one committee, one meeting and one agenda item.
//
//go:embed starter
var starter embed.FS

func (m *Main) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init DIR",
		Short: "Write a starter archive into a new folder",
		Long: `init writes a starter archive into DIR: a config.toml with a comment on
every setting, and the records of one committee, one meeting and one agenda
item. It builds as it is:

  ratsarchiv init mysite && cd mysite && ratsarchiv build

Pages, templates and styles come with ratsarchiv; the site's own files in
layouts/, i18n/, assets/, static/ and content/ replace ours of the same path.
DIR must be new or empty: init never overwrites a file.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("%w: init takes one folder, DIR", cli.ErrUsage)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runInit(args[0])
		},
	}
}

func (m *Main) runInit(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("init: %s is not empty: init writes only into a new or empty folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("init: %w", err) // a file, or unreadable
	}
	files, err := fs.Sub(starter, "starter")
	if err != nil {
		return err
	}
	var written []string
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		// O_EXCL: a file that appeared meanwhile is never overwritten.
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		written = append(written, p)
		return f.Close()
	})
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	fmt.Fprintf(m.Stderr, "wrote a starter archive into %s:\n", dir)
	for _, p := range written {
		fmt.Fprintf(m.Stderr, "  %s\n", p)
	}
	fmt.Fprintf(m.Stderr, "build it with: cd %s && ratsarchiv build   (or ratsarchiv serve, to watch it at http://127.0.0.1:1313/)\n", dir)
	return nil
}
