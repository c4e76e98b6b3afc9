package oparl

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// importCorpus imports a corpus folder and loads the records written.
// That every corpus imports whole — the source's meetings, agenda items,
// headings, papers and persons, each a record — internal/faithful's
// TestNothingLost checks, with the site built from them.
func importCorpus(t *testing.T, dir string, opts Options) (*record.Archive, *Report) {
	t.Helper()
	opts.Source = dir
	opts.Out = filepath.Join(t.TempDir(), "records")
	rep, err := Import(context.Background(), opts)
	if err != nil {
		var b strings.Builder
		rep.WriteSummary(&b)
		t.Fatalf("%v\n%s", err, b.String())
	}
	a, diags, err := tomlrec.Load(opts.Out, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("the records written do not load cleanly (%d diagnostics):\n%v", len(diags), diags[:min(len(diags), 20)])
	}
	return a, rep
}
