package oparl

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// importCorpus imports a corpus folder and loads the records written.
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

func TestImportCorpusDirectories(t *testing.T) {
	for _, name := range []string{"huertgenwald-oparl", "nordstemmen/documents", "karlsruhe-oparl"} {
		t.Run(strings.ReplaceAll(name, "/", "-"), func(t *testing.T) {
			dir := filepath.Join(testcorpus.Dir(t, strings.Split(name, "/")[0]), filepath.Join(strings.Split(name, "/")[1:]...))
			want := oparltest.CountSource(t, dir)
			a, rep := importCorpus(t, dir, Options{Map: MapOptions{BodyName: "Test"}})
			if got := oparltest.CountRecords(a); got != want {
				t.Errorf("records %+v\nsource  %+v", got, want)
			}
			if want.Meetings == 0 || want.Items == 0 || want.Papers == 0 || want.LinkedItems == 0 {
				t.Errorf("source counts %+v: the corpus was not read", want)
			}
			if rep.Errors() > 0 {
				t.Errorf("%d errors", rep.Errors())
			}
		})
	}
}
