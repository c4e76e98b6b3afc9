package tomlrec

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Save replaces the records folder dir with the records of a, as every
// importer writes its output: it writes them into a staging folder beside
// dir, loads them back with Load and opts (the loader and time zone the
// build uses), and only when they load without a problem swaps the staging
// folder in for dir in one step. On any failure dir is left as it was; when
// the written records do not load back, the error is a *LoadBackError.
func Save(dir string, a *record.Archive, opts Options) error {
	st, err := atomicdir.Stage(dir, RecordsMarker)
	if err != nil {
		return fmt.Errorf("tomlrec: %w", err)
	}
	defer st.Abort()
	if err := Write(st.Dir(), a); err != nil {
		return fmt.Errorf("tomlrec: writing records: %w", err)
	}
	opts.Progress = nil
	_, diags, err := Load(st.Dir(), opts)
	if err != nil {
		return err
	}
	if len(diags) > 0 {
		// The staging folder goes; name files as they would lie in dir.
		for i := range diags {
			if rel, err := filepath.Rel(st.Dir(), diags[i].Pos.File); err == nil {
				diags[i].Pos.File = filepath.Join(dir, rel)
			}
			diags[i].Message = strings.ReplaceAll(diags[i].Message, st.Dir(), filepath.Clean(dir))
		}
		return &LoadBackError{Dir: dir, Diagnostics: diags}
	}
	return st.Commit()
}

// LoadBackError reports records that Save wrote but that do not load back.
// Importers produce records that pass record.Validate, and Write must write
// them so that Load reads them, so this is a bug in ratsarchiv.
type LoadBackError struct {
	Dir         string // the records folder, left unchanged
	Diagnostics record.Diagnostics
}

func (e *LoadBackError) Error() string {
	return fmt.Sprintf("tomlrec: the records written do not load back; %s is left unchanged. This is a bug in ratsarchiv, please report it with these lines:\n%v", e.Dir, e.Diagnostics)
}
