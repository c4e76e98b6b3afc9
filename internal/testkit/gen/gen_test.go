package gen

import (
	"bytes"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// readTree returns every file under dir by its relative path.
func readTree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[rel] = b
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// sameTree reports the first difference between two trees.
func sameTree(tb testing.TB, a, b map[string][]byte) {
	tb.Helper()
	if len(a) != len(b) {
		tb.Fatalf("%d files vs %d files", len(a), len(b))
	}
	for name, content := range a {
		other, ok := b[name]
		if !ok {
			tb.Fatalf("%s only in the first tree", name)
		}
		if !bytes.Equal(content, other) {
			tb.Fatalf("%s differs", name)
		}
	}
}

func TestWriteRecordsIsDeterministic(t *testing.T) {
	opts := Options{Items: 1500, Seed: 7}
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one"), filepath.Join(dir, "two")
	if err := WriteRecords(one, opts); err != nil {
		t.Fatal(err)
	}
	if err := WriteRecords(two, opts); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, one), readTree(t, two)
	if len(a) < 100 {
		t.Fatalf("only %d record files", len(a))
	}
	sameTree(t, a, b)

	t.Run("OtherSeedDiffers", func(t *testing.T) {
		three := filepath.Join(dir, "three")
		if err := WriteRecords(three, Options{Items: 1500, Seed: 8}); err != nil {
			t.Fatal(err)
		}
		c := readTree(t, three)
		same, common := 0, 0
		for name, content := range a {
			if other, ok := c[name]; ok && name != "body.toml" {
				common++
				if bytes.Equal(content, other) {
					same++
				}
			}
		}
		if common == 0 || same > common/20 {
			t.Fatalf("%d of %d files with the same name are equal for another seed", same, common)
		}
	})

	t.Run("EqualsGenerate", func(t *testing.T) {
		// Streaming per batch gives the bytes of writing the whole archive.
		whole := filepath.Join(dir, "whole")
		if err := os.Mkdir(whole, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := tomlrec.Write(whole, Generate(opts)); err != nil {
			t.Fatal(err)
		}
		// Besides the marker that lets the next run replace the folder.
		got := maps.Clone(a)
		if _, ok := got[tomlrec.RecordsMarker]; !ok {
			t.Errorf("no %s in the records", tomlrec.RecordsMarker)
		}
		delete(got, tomlrec.RecordsMarker)
		sameTree(t, got, readTree(t, whole))
	})
}

func TestRecordsLoadWithoutDiagnostics(t *testing.T) {
	for _, opts := range []Options{
		{Items: 1, Seed: 1},
		{Items: 37, Seed: 2},
		{Items: 2000, Seed: 3},
		{Items: 3000, Seed: 4, Years: 12, Committees: 23},
	} {
		dir := filepath.Join(t.TempDir(), "records")
		if err := WriteRecords(dir, opts); err != nil {
			t.Fatal(err)
		}
		a, diags, err := tomlrec.Load(dir, tomlrec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diags {
			t.Errorf("%+v: %s", opts, d)
		}
		items := 0
		for _, m := range a.Meetings {
			items += len(m.AgendaItems)
		}
		if items != opts.Items {
			t.Errorf("%+v: loaded %d agenda items", opts, items)
		}
	}
}

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden pins the records of a small archive: any change to what the
// generator writes shows up here, as a diff to review, and across Go
// releases (all randomness is our own code on top of PCG, whose output is
// specified). Rewrite with go test -run Golden -update.
func TestGolden(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "records")
	if err := WriteRecords(dir, Options{Items: 12, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, dir)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	ar := &txtar.Archive{Comment: []byte("Records of gen.WriteRecords(dir, gen.Options{Items: 12, Seed: 3}).\n")}
	for _, name := range names {
		ar.Files = append(ar.Files, txtar.File{Name: filepath.ToSlash(name), Data: files[name]})
	}
	got := txtar.Format(ar)
	golden := filepath.Join("testdata", "items-12.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("records differ from %s; review the change and rewrite with -update", golden)
	}
}
