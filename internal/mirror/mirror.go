// Package mirror publishes the copies of files that the records keep
// (record.File.Copy, written by `import oparl --mirror-files`) with the
// site, so that the pages link to the archive's own copy when the
// council's links rot.
//
// A copy is untrusted like everything in the records: it is published
// only under the extension of the type its bytes have (sniffed, never
// taken from its name), and only when a browser shows or downloads that
// type without running any of it on the site (filetext.InertExtension):
// a copy that is in truth an HTML page with script is not published.
package mirror

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Dir is the folder of the site the copies go to.
const Dir = "files"

// Result says what Publish published.
type Result struct {
	// Paths maps each copy published (record.File.Copy) to its path in
	// the site, relative to the site's root ("files/vorlage-1a2b3c4d.pdf").
	Paths map[string]string
	// Files were published, Bytes in all.
	Files int
	Bytes int64
	// Refused lists the copies not published, and why.
	Refused []string
}

// Publish copies the copies of a's files into siteDir/files. a must be
// the public archive, which the privacy gate let through: every copy it
// names is published. The same records give the same names.
func Publish(a *record.Archive, siteDir string) (*Result, error) {
	res := &Result{Paths: map[string]string{}}
	used := map[string]bool{}
	var err error
	a.EachFile(func(f *record.File, _ bool) {
		if err != nil || f.Copy == "" {
			return
		}
		if _, done := res.Paths[f.Copy]; done {
			return
		}
		res.Paths[f.Copy] = "" // refused, unless published below
		var data []byte
		data, err = os.ReadFile(f.Copy)
		if err != nil {
			err = fmt.Errorf("mirror: %w", err)
			return
		}
		mt := filetext.Sniff(data)
		ext := filetext.InertExtension(mt)
		if ext == "" {
			res.Refused = append(res.Refused, fmt.Sprintf("%s: %s is not published as it is (a browser could run it)", f.Copy, mt))
			return
		}
		rel := name(f.Copy, ext, used)
		if err = write(filepath.Join(siteDir, filepath.FromSlash(rel)), data); err != nil {
			return
		}
		res.Paths[f.Copy] = rel
		res.Files++
		res.Bytes += int64(len(data))
	})
	for c, p := range res.Paths {
		if p == "" {
			delete(res.Paths, c)
		}
	}
	return res, err
}

// plainStem is a name the importers give a copy: a slug.
var plainStem = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)

// name returns the copy's free path in the site: files/<stem><ext>, the
// stem its name's when that is a slug, else a slug of it.
func name(copyPath, ext string, used map[string]bool) string {
	base := filepath.Base(copyPath)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if !plainStem.MatchString(stem) {
		stem = permalink.Slug(stem)
	}
	rel := path.Join(Dir, stem+ext)
	for n := 2; used[rel]; n++ {
		rel = path.Join(Dir, stem+"-"+strconv.Itoa(n)+ext)
	}
	used[rel] = true
	return rel
}

func write(dst string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("mirror: %w", err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("mirror: %w", err)
	}
	return nil
}
