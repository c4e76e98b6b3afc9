package tomlrec

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// FilesDir is the folder of the records folder that holds the files' text
// files and copies: files/<slug>.txt and files/<slug>.pdf.
const FilesDir = "files"

// MaxTextFile bounds a text file that a record names: twice the text that
// extraction returns for one file (filetext.DefaultLimits.MaxText).
const MaxTextFile = 64 << 20

// readFiles reads a record's [[….file]] tables. A file's text is either
// inline (`text`) or in a text file of the records folder (`textFile`),
// which is how the importers write it; `copy` names a copy of the
// original kept with the records.
func (f *fileDecoder) readFiles(o *obj) []record.File {
	var out []record.File
	for _, fo := range o.tables("file") {
		rf := record.File{
			ID:        fo.str("id"),
			Name:      fo.str("name"),
			MimeType:  fo.str("mimeType"),
			AccessURL: fo.str("accessUrl"),
			Text:      fo.str("text"),
			Date:      fo.time("date"),
		}
		if rel := fo.str("textFile"); rel != "" {
			if rf.Text != "" {
				fo.errorf("textFile", "the file has `text` already: give its text inline or in a text file, not both")
			} else {
				// Recorded even when it failed: a file with problems
				// is not cached.
				rf.Text = f.readTextFile(fo, rel)
				f.pending = append(f.pending, textRef{File: len(out), Rel: rel, Sum: sha256.Sum256([]byte(rf.Text))})
			}
		}
		if rel := fo.str("copy"); rel != "" {
			rf.Copy = f.checkCopy(fo, rel)
			f.copies = append(f.copies, rel)
		}
		out = append(out, rf)
		fo.done()
	}
	return out
}

// localPath checks a path a record names inside the records folder and
// returns it in the system's form.
func (f *fileDecoder) localPath(o *obj, key, rel string) (string, bool) {
	p := filepath.FromSlash(rel)
	if !filepath.IsLocal(p) || strings.Contains(rel, `\`) {
		o.errorf(key, "%q: want a path inside the records folder, relative to it and with '/' (files/x.txt)", rel)
		return "", false
	}
	if f.root == nil {
		o.errorf(key, "%q: the records are not read from a folder", rel)
		return "", false
	}
	return p, true
}

// readTextFile reads the text file at rel: UTF-8, at most MaxTextFile
// bytes, inside the records folder (a symbolic link that leads out is
// refused).
func (f *fileDecoder) readTextFile(o *obj, rel string) string {
	p, ok := f.localPath(o, "textFile", rel)
	if !ok {
		return ""
	}
	if path.Ext(rel) != ".txt" {
		o.errorf("textFile", "%q: a text file's name ends in .txt", rel)
		return ""
	}
	data, err := f.readText(p)
	switch {
	case errors.Is(err, errOpen):
		o.errorf("textFile", "%s", rootError(rel, err))
		return ""
	case errors.Is(err, errNotRegular):
		o.errorf("textFile", "%q: not a regular file", rel)
		return ""
	case err != nil:
		o.errorf("textFile", "%q: %v", rel, err)
		return ""
	case len(data) > MaxTextFile:
		o.errorf("textFile", "%q: more than %d MiB of text", rel, MaxTextFile>>20)
		return ""
	case !utf8.Valid(data):
		line, col := firstInvalidUTF8(data)
		f.diags = append(f.diags, record.Diagnostic{
			Pos:     record.Pos{File: filepath.Join(f.dir, p), Line: line, Col: col},
			Message: "invalid UTF-8: text files must be UTF-8 (convert with: iconv -f WINDOWS-1252 -t UTF-8)",
		})
		return ""
	}
	return string(data)
}

var (
	errOpen       = errors.New("tomlrec: cannot open")
	errNotRegular = errors.New("tomlrec: not a regular file")
)

// readText reads the file at p of the records folder, which must be a
// regular file, through the folder's root: at most MaxTextFile+1 bytes.
func (f *fileDecoder) readText(p string) ([]byte, error) {
	r, err := f.root.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errOpen, err)
	}
	defer r.Close()
	if fi, err := r.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return io.ReadAll(io.LimitReader(r, MaxTextFile+1))
}

// checkCopy checks that the copy at rel is a regular file inside the
// records folder and returns its path.
func (f *fileDecoder) checkCopy(o *obj, rel string) string {
	p, ok := f.localPath(o, "copy", rel)
	if !ok {
		return ""
	}
	if strings.HasSuffix(rel, ".toml") || strings.HasSuffix(rel, ".txt") {
		o.errorf("copy", "%q: a copy is not named .toml or .txt, which are records and texts", rel)
		return ""
	}
	fi, err := f.root.Stat(p)
	if err != nil {
		o.errorf("copy", "%s", rootError(rel, err))
		return ""
	}
	if !fi.Mode().IsRegular() {
		o.errorf("copy", "%q: not a regular file", rel)
		return ""
	}
	return filepath.Join(f.dir, p)
}

// rootError says why a path inside the records folder cannot be opened.
func rootError(rel string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("%q: no such file in the records folder", rel)
	}
	return fmt.Sprintf("%q: %v (it must lie inside the records folder)", rel, err)
}

// attachments writes the text files and copies of the files of the
// records Write writes, and names them after the files: by ID, else by
// address, else by the record and position, so that an import run again
// writes the same names.
type attachments struct {
	dir    string
	used   map[string]bool        // paths taken, relative to dir
	texts  map[string][]namedText // slug → the texts written under it
	copies map[string]string      // copy's source path → its path in dir
	err    error
}

type namedText struct{ text, rel string }

func newAttachments(dir string) *attachments {
	return &attachments{dir: dir, used: map[string]bool{}, texts: map[string][]namedText{}, copies: map[string]string{}}
}

// fileSlug names the files of a file.
func fileSlug(f *record.File, owner string, i int) string {
	switch {
	case f.ID != "":
		return permalink.FileSlug(f.ID)
	case f.AccessURL != "":
		return permalink.FileSlug(f.AccessURL)
	}
	return permalink.FileSlug(owner + " file " + strconv.Itoa(i+1))
}

// claim returns a free path files/<slug>[-n]<ext> and takes it.
func (a *attachments) claim(slug, ext string) string {
	rel := path.Join(FilesDir, slug+ext)
	for n := 2; a.used[rel]; n++ {
		rel = path.Join(FilesDir, slug+"-"+strconv.Itoa(n)+ext)
	}
	a.used[rel] = true
	return rel
}

// text writes a file's text into a text file and returns its path. A
// file named by several records with the same text (a protocol that
// meeting and agenda item list) has one text file.
func (a *attachments) text(f *record.File, owner string, i int) string {
	slug := fileSlug(f, owner, i)
	for _, t := range a.texts[slug] {
		if t.text == f.Text {
			return t.rel
		}
	}
	rel := a.claim(slug, ".txt")
	a.texts[slug] = append(a.texts[slug], namedText{f.Text, rel})
	a.write(rel, func(dst string) error { return os.WriteFile(dst, []byte(f.Text), 0o644) })
	return rel
}

// copyExt is an extension a copy keeps.
var copyExt = regexp.MustCompile(`^\.[a-z0-9]{1,8}$`)

// copy puts the file at f.Copy into the folder (a hard link where it can)
// and returns its path there.
func (a *attachments) copy(f *record.File, owner string, i int) string {
	if rel, ok := a.copies[f.Copy]; ok {
		return rel
	}
	ext := strings.ToLower(filepath.Ext(f.Copy))
	if !copyExt.MatchString(ext) || ext == ".txt" || ext == ".toml" {
		ext = ".bin"
	}
	rel := a.claim(fileSlug(f, owner, i), ext)
	a.copies[f.Copy] = rel
	a.write(rel, func(dst string) error { return linkOrCopy(f.Copy, dst) })
	return rel
}

func (a *attachments) write(rel string, fn func(dst string) error) {
	if a.err != nil {
		return
	}
	dst := filepath.Join(a.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		a.err = err
		return
	}
	if err := fn(dst); err != nil {
		a.err = fmt.Errorf("tomlrec: %s: %w", rel, err)
	}
}

// linkOrCopy makes dst the same file as src: a hard link, which costs no
// space (the importer's cache and the records folder, or the records
// folder and its staging copy, are on one file system), or a copy.
func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
