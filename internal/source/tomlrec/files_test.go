package tomlrec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// filesArchive has files with long paged texts, a file that two records
// name with the same text, one ID with two texts, and files without ID.
func filesArchive(copyPath string) *record.Archive {
	a := sampleArchive()
	long := strings.Repeat("Der Gemeinderat beschließt den Bebauungsplan.\n", 2000)
	p := a.Papers[0]
	p.Files = []record.File{
		{ID: "https://ris.example.org/files/1", Name: "Vorlage", AccessURL: "https://ris.example.org/files/1.pdf", MimeType: "application/pdf",
			Text: "Seite 1\n" + long + "\fSeite 2\n\f\fSeite 4\n", Copy: copyPath},
		{Name: "Anlage ohne ID", AccessURL: "https://ris.example.org/anlage.pdf", Text: "Anlage"},
		{Name: "ohne alles", Text: "nur Text"},
	}
	m := a.Meetings[0]
	m.Files = []record.File{{ID: "https://ris.example.org/files/1", Name: "Vorlage", Text: p.Files[0].Text, Copy: copyPath}}
	m.AgendaItems[0].Files = []record.File{{ID: "https://ris.example.org/files/1", Name: "Vorlage (gekürzt)", Text: "anders"}}
	return a
}

// TestWriteFileTexts: a file's text goes into a text file of its own,
// named after the file, never into the TOML; the same file with the same
// text has one text file; everything loads back as it was, pages
// included.
func TestWriteFileTexts(t *testing.T) {
	src := filepath.Join(t.TempDir(), "cache-entry.pdf")
	if err := os.WriteFile(src, []byte("%PDF-1.7 original"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := filesArchive(src)
	dir := t.TempDir()
	if err := Write(dir, want); err != nil {
		t.Fatal(err)
	}
	got, diags := MustLoad(t, dir)
	if len(diags) > 0 {
		t.Fatalf("written records do not load cleanly:\n%v", diags)
	}

	t.Run("NotInTheTOML", func(t *testing.T) {
		tomls, _ := filepath.Glob(filepath.Join(dir, "papers", "2024", "*.toml"))
		if len(tomls) != 1 {
			t.Fatalf("paper files %q", tomls)
		}
		data, err := os.ReadFile(tomls[0])
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "Bebauungsplan") || strings.Contains(string(data), "Seite 2") {
			t.Errorf("the paper's TOML holds file text:\n%s", data)
		}
		for _, want := range []string{
			`textFile = "files/files-1-` + slugHash("https://ris.example.org/files/1") + `.txt"`,
			`textFile = "files/anlage-pdf-`,
			`copy = "files/files-1-` + slugHash("https://ris.example.org/files/1") + `.pdf"`,
		} {
			if !strings.Contains(string(data), want) {
				t.Errorf("the paper's TOML lacks %s:\n%s", want, data)
			}
		}
	})
	t.Run("OneTextFilePerText", func(t *testing.T) {
		texts, _ := filepath.Glob(filepath.Join(dir, FilesDir, "*.txt"))
		// The shared text once, its other version, the file without ID,
		// the one without address.
		if len(texts) != 4 {
			t.Errorf("%d text files, want 4: %q", len(texts), texts)
		}
		copies, _ := filepath.Glob(filepath.Join(dir, FilesDir, "*.pdf"))
		if len(copies) != 1 {
			t.Fatalf("copies %q, want one", copies)
		}
		if data, err := os.ReadFile(copies[0]); err != nil || string(data) != "%PDF-1.7 original" {
			t.Errorf("copy = %q, %v", data, err)
		}
	})
	t.Run("LoadsBack", func(t *testing.T) {
		gp := got.Papers[0].Files
		for i, f := range want.Papers[0].Files {
			if gp[i].Text != f.Text {
				t.Errorf("file %d: text %.40q…, want %.40q…", i, gp[i].Text, f.Text)
			}
		}
		if pages := gp[0].Pages(); len(pages) != 4 || pages[1] != "Seite 2\n" || pages[2] != "" {
			t.Errorf("pages %d, want 4 with the second and third as written", len(pages))
		}
		if got.Meetings[0].AgendaItems[0].Files[0].Text != "anders" {
			t.Error("a second text under the same file ID is lost")
		}
		if c := gp[0].Copy; c == "" || !strings.HasPrefix(c, dir) || filepath.Ext(c) != ".pdf" {
			t.Errorf("copy = %q, want a .pdf in %s", c, dir)
		}
		if got.Meetings[0].Files[0].Copy != gp[0].Copy {
			t.Error("one original copied twice")
		}
	})
	t.Run("SameBytesAgain", func(t *testing.T) {
		again := t.TempDir()
		if err := Write(again, got); err != nil {
			t.Fatal(err)
		}
		if d := diffTrees(t, dir, again); d != "" {
			t.Errorf("writing the loaded records again changed them: %s", d)
		}
	})
}

// slugHash is the hash part permalink.Slug gives an ID.
func slugHash(id string) string {
	s := fileSlug(&record.File{ID: id}, "", 0)
	return s[strings.LastIndexByte(s, '-')+1:]
}

// diffTrees names the first file that differs between two folders.
func diffTrees(t *testing.T, a, b string) string {
	t.Helper()
	files := map[string]string{}
	walk := func(root string, fn func(rel, data string) string) string {
		var diff string
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || diff != "" {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			diff = fn(rel, string(data))
			return nil
		})
		return diff
	}
	walk(a, func(rel, data string) string { files[rel] = data; return "" })
	if d := walk(b, func(rel, data string) string {
		if files[rel] != data {
			return rel
		}
		delete(files, rel)
		return ""
	}); d != "" {
		return d
	}
	for rel := range files {
		return rel + " missing"
	}
	return ""
}

// TestLoadTextFileErrors: a text file or copy a record names must be a
// regular file inside the records folder; a text file UTF-8 and named
// .txt. Each problem is reported at the field, or in the text file.
func TestLoadTextFileErrors(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("geheim"), 0o644); err != nil {
		t.Fatal(err)
	}
	paper := func(file string) string {
		return "format = 1\n\n[[paper]]\nid = \"v-1\"\nname = \"V\"\n\n[[paper.file]]\nname = \"Anlage\"\n" + file
	}
	tests := []struct {
		name, file string
		extra      map[string]string
		link       string // files/link.txt → outside/secret.txt
		want       string // the diagnostic, file:line: field: message, the folder left out
	}{
		{"OK", `textFile = "files/a.txt"`, map[string]string{"files/a.txt": "Text\fSeite 2"}, "", ""},
		{"ErrMissing", `textFile = "files/b.txt"`, nil, "", `p.toml:9: paper.file.textFile: "files/b.txt": no such file in the records folder`},
		{"ErrParent", `textFile = "../secret.txt"`, nil, "", `p.toml:9: paper.file.textFile: "../secret.txt": want a path inside the records folder, relative to it and with '/' (files/x.txt)`},
		{"ErrAbsolute", `textFile = "` + filepath.Join(outside, "secret.txt") + `"`, nil, "", "want a path inside the records folder"},
		{"ErrLinkOutside", `textFile = "files/link.txt"`, nil, "files/link.txt", "(it must lie inside the records folder)"},
		{"ErrNotTxt", `textFile = "body.toml"`, nil, "", `p.toml:9: paper.file.textFile: "body.toml": a text file's name ends in .txt`},
		{"ErrFolder", `textFile = "files/d.txt"`, map[string]string{"files/d.txt/x": ""}, "", `"files/d.txt": not a regular file`},
		{"ErrNotUTF8", `textFile = "files/c.txt"`, map[string]string{"files/c.txt": "Zeile\nGeb\xfchr"}, "", `files/c.txt:2:4: invalid UTF-8: text files must be UTF-8`},
		{"ErrBoth", "text = \"x\"\ntextFile = \"files/a.txt\"", map[string]string{"files/a.txt": "y"}, "", "paper.file.textFile: the file has `text` already"},
		{"ErrCopyMissing", `copy = "files/a.pdf"`, nil, "", `p.toml:9: paper.file.copy: "files/a.pdf": no such file in the records folder`},
		{"ErrCopyOutside", `copy = "../secret.txt"`, nil, "", "paper.file.copy: \"../secret.txt\": want a path inside the records folder"},
		{"ErrCopyRecord", `copy = "body.toml"`, nil, "", "a copy is not named .toml or .txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"body.toml": bodyTOML, "p.toml": paper(tt.file)}
			for k, v := range tt.extra {
				files[k] = v
			}
			dir := writeTree(t, files)
			if tt.link != "" {
				os.MkdirAll(filepath.Join(dir, "files"), 0o755)
				if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, tt.link)); err != nil {
					t.Fatal(err)
				}
			}
			a, diags := MustLoad(t, dir)
			got := strings.ReplaceAll(diags.Error(), dir+string(filepath.Separator), "")
			if tt.want == "" {
				if got != "" {
					t.Fatalf("diagnostics:\n%s", got)
				}
				if f := a.Papers[0].Files[0]; f.Text != "Text\fSeite 2" || len(f.Pages()) != 2 {
					t.Errorf("text = %q", f.Text)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("diagnostics:\n%s\nwant %s", got, tt.want)
			}
			for _, p := range a.Papers {
				if len(p.Files) > 0 && strings.Contains(p.Files[0].Text, "geheim") {
					t.Error("read a file outside the records folder")
				}
			}
		})
	}
}

// TestLoadTextFileTooLarge: a text file beyond MaxTextFile is refused
// without reading it all.
func TestLoadTextFileTooLarge(t *testing.T) {
	dir := writeTree(t, map[string]string{"body.toml": bodyTOML,
		"p.toml": "[[paper]]\nid = \"v-1\"\nname = \"V\"\n\n[[paper.file]]\ntextFile = \"files/big.txt\"\n"})
	big := filepath.Join(dir, "files", "big.txt")
	os.MkdirAll(filepath.Dir(big), 0o755)
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxTextFile+1); err != nil { // sparse: costs no disk
		t.Fatal(err)
	}
	_, diags := MustLoad(t, dir)
	if !strings.Contains(diags.Error(), `"files/big.txt": more than 64 MiB of text`) {
		t.Errorf("diagnostics:\n%v", diags)
	}
}

// FuzzTextFile: whatever path a record names as its text file or copy,
// nothing outside the records folder is read or named, even through a
// symbolic link inside it.
func FuzzTextFile(f *testing.F) {
	for _, seed := range []string{"files/a.txt", "../secret.txt", "/tmp/secret.txt", "files/../../secret.txt", "files/link.txt", "files/dir/../a.txt", "files\\..\\..\\secret.txt", "files/a.txt\x00", ""} {
		f.Add(seed)
	}
	outside := f.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("SECRET"), 0o644); err != nil {
		f.Fatal(err)
	}
	dir := filepath.Join(f.TempDir(), "records")
	for name, data := range map[string]string{"body.toml": bodyTOML, "files/a.txt": "Anlage", "files/dir/x": ""} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	if err := os.Symlink(secret, filepath.Join(dir, "files", "link.txt")); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rel string) {
		src := "[[paper]]\nid = \"v-1\"\nname = \"V\"\n\n[[paper.file]]\ntextFile = " + quoteLine(rel) + "\n\n[[paper.file]]\ncopy = " + quoteLine(rel) + "\n"
		if err := os.WriteFile(filepath.Join(dir, "p.toml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		a, _, err := Load(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rel == "files/a.txt" && (len(a.Papers) != 1 || a.Papers[0].Files[0].Text != "Anlage") {
			t.Fatal("a text file inside the records was not read") // the positive control
		}
		for _, p := range a.Papers {
			for _, f := range p.Files {
				if strings.Contains(f.Text, "SECRET") {
					t.Fatalf("textFile %q read the file outside the records", rel)
				}
				if f.Copy != "" {
					if r, err := filepath.Rel(dir, f.Copy); err != nil || !filepath.IsLocal(r) {
						t.Fatalf("copy %q names %s, outside the records", rel, f.Copy)
					}
					if fi, err := os.Stat(f.Copy); err != nil || !fi.Mode().IsRegular() || os.SameFile(fi, mustStat(t, secret)) {
						t.Fatalf("copy %q names %s: %v", rel, f.Copy, err)
					}
				}
			}
		}
	})
}

func mustStat(t *testing.T, p string) os.FileInfo {
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
