// Package export holds what the archive's outputs beside the pages share:
// writing files into the site folder under names that cannot leave it,
// counting what was written, and making the public URLs of pages. Each
// output is a package of its own below this one (calendar, itemcsv,
// archivejson, oparlapi): a pure function from the public archive (after
// internal/gate) to files, with the same bytes for the same records.
package export

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Dir writes files below a site folder and counts them. It is not for
// concurrent use: the exports write tens of thousands of small files, and
// it keeps one buffer and the folders it made for all of them.
type Dir struct {
	// Keep, when set, is shown each file's content before it is written:
	// true means the output has the file already (an incremental build's
	// live site), so it is not written. The file counts all the same.
	Keep func(rel string, data []byte) bool

	root  string
	files int
	bytes int64
	made  map[string]bool // folders known to exist
	buf   *bufio.Writer
	mem   bytes.Buffer // a file's content, for Keep
}

// NewDir returns a Dir writing below root, which must exist.
func NewDir(root string) *Dir {
	return &Dir{root: root, made: map[string]bool{}, buf: bufio.NewWriterSize(nil, 64<<10)}
}

// Files is the number of files written so far.
func (d *Dir) Files() int { return d.files }

// Bytes is the size of the files written so far.
func (d *Dir) Bytes() int64 { return d.bytes }

// Write creates the file at the slash-separated path rel (relative to the
// root, or absolute in the site as a permalink is) with what write writes.
// A path that would leave the root is an error: record IDs end up in file
// names, and they are untrusted.
func (d *Dir) Write(rel string, write func(w io.Writer) error) error {
	rel = strings.TrimPrefix(rel, "/")
	if rel == "" || !filepath.IsLocal(filepath.FromSlash(rel)) || path.Clean(rel) != rel {
		return fmt.Errorf("export: %q is not a file path inside the site", rel)
	}
	if d.Keep != nil {
		d.mem.Reset()
		if err := write(&d.mem); err != nil {
			return fmt.Errorf("export: %s: %w", rel, err)
		}
		d.files++
		d.bytes += int64(d.mem.Len())
		if d.Keep(rel, d.mem.Bytes()) {
			return nil
		}
		return d.create(rel, func(w io.Writer) error { _, err := w.Write(d.mem.Bytes()); return err })
	}
	return d.create(rel, write)
}

// create writes the file at rel, checked, with what write writes.
func (d *Dir) create(rel string, write func(w io.Writer) error) error {
	name := filepath.Join(d.root, filepath.FromSlash(rel))
	if dir := filepath.Dir(name); !d.made[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		d.made[dir] = true
	}
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	cw := &countingWriter{w: f}
	d.buf.Reset(cw)
	err = write(d.buf)
	if err == nil {
		err = d.buf.Flush()
	}
	d.buf.Reset(nil)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: %s: %w", rel, err)
	}
	if d.Keep == nil {
		d.files++
		d.bytes += cw.n
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// URL is the public URL of a site path ("/meetings/x/") under baseURL. A
// base URL without a trailing slash is taken as a folder.
func URL(baseURL, sitePath string) string {
	return strings.TrimSuffix(baseURL, "/") + "/" + strings.TrimPrefix(sitePath, "/")
}

// WebURL reports whether s is an absolute http(s) URL: the only links the
// outputs pass on, since a reader's app may make a link of any URL they
// hold and record text is untrusted (javascript: …).
func WebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// WebOnly is s when it is a web URL, else "".
func WebOnly(s string) string {
	if WebURL(s) {
		return s
	}
	return ""
}

// Date formats a date-only value ("2024-03-12") in the record's zone;
// zero is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// DateTime formats a time with the record's offset (RFC 3339); zero is "".
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
