package tomlrec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// TestFormatVersion holds Load to the compatibility rule of docs/records.md:
// files without `format` and of the versions it knows are read, any other
// version is refused by name, and nothing else of a refused file is read.
func TestFormatVersion(t *testing.T) {
	// A file of a later version, with a field this version does not know.
	const later = "format = 2\n\n[meeting]\nid = \"m\"\nname = \"M\"\norganization = \"rat\"\nstart = 2024-03-12\nclosedSession = true\n"
	tests := []struct {
		name, meeting string
		want          []string // diagnostics, file:line: field: message
	}{
		{"MissingIsVersion1", "[meeting]\nid = \"m\"\nname = \"M\"\norganization = \"rat\"\nstart = 2024-03-12\n", nil},
		{"Version1", "format = 1\n[meeting]\nid = \"m\"\nname = \"M\"\norganization = \"rat\"\nstart = 2024-03-12\n", nil},
		{"ErrNewer", later, []string{"m.toml:1: format: records format 2 is newer than this ratsarchiv reads (1): update ratsarchiv"}},
		{"ErrZero", "format = 0\n[meeting]\nid = \"m\"\n", []string{"m.toml:1: format: no records format 0: this ratsarchiv reads 1"}},
		{"ErrString", "format = \"1\"\n[meeting]\nid = \"m\"\n", []string{"m.toml:1: format: want an integer, found a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"body.toml": bodyTOML, "organizations.toml": orgsTOML, "m.toml": tt.meeting})
			a, diags := MustLoad(t, dir)
			var got []string
			for _, d := range diags {
				got = append(got, strings.TrimPrefix(d.String(), dir+string(filepath.Separator)))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want != nil && len(a.Meetings) != 0 {
				t.Errorf("a refused file's meeting was read: %+v", a.Meetings[0])
			}
			if tt.want == nil && len(a.Meetings) != 1 {
				t.Errorf("%d meetings, want 1", len(a.Meetings))
			}
		})
	}
}

func TestWriteNamesTheFormat(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sampleArchive()); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".toml" {
			return err
		}
		n++
		data, err := os.ReadFile(p)
		if !strings.HasPrefix(string(data), "format = 1\n") {
			t.Errorf("%s does not start with its format version:\n%.80s", p, data)
		}
		return err
	})
	if err != nil || n < 4 {
		t.Fatalf("%d files, %v", n, err)
	}
}

// TestWriteKeepsResultCategory: the category an import derived is written
// even where today's rules would derive it again, so that a later change of
// the rules does not reclassify the record.
func TestWriteKeepsResultCategory(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, sampleArchive()); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "meetings", "2024", "m1.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"result = \"einstimmig beschlossen\"\nresultCategory = \"approved\"\n",
		"result = \"vertagt\"\nresultCategory = \"other\"\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("m1.toml lacks %q:\n%s", want, data)
		}
	}

	// Records written by hand may leave it out: it is derived on load.
	dir = writeTree(t, map[string]string{"body.toml": bodyTOML, "organizations.toml": orgsTOML, "papers/v-1.toml": paperTOML, "meetings/soz.toml": meetingTOML})
	a, diags := MustLoad(t, dir)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if c := record.NewIndex(a).AgendaItems["soz-2024-03-2"].ResultCategory; c != record.ResultApproved {
		t.Errorf("derived category %q, want approved", c)
	}
}
