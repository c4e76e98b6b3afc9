// Package tomlrec reads and writes ratsarchiv's own record format: TOML files
// in a directory tree, one file per meeting with its agenda items, papers,
// organizations and persons in files of their own. The format is specified in
// docs/records.md; this package is its only reader and writer.
package tomlrec

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Options configure Load.
type Options struct {
	// Location is the time zone of dates written without an offset. Nil
	// means Europe/Berlin, the zone of German councils.
	Location *time.Location
	// Progress, when set, is called after each file with the count done.
	Progress func(done, total int)
	// CacheDir, when set, is a folder where Load keeps the records it
	// decoded, and takes those of files unchanged since (text files and
	// copies included) instead of parsing them again (cache.go).
	// CacheKey names what decoding depends on besides the files (the
	// program): a cache of another key is not used.
	CacheDir, CacheKey string
	// Cache, when set, receives what the cache held.
	Cache *CacheStats
}

// Load reads every *.toml file under dir into one archive. Problems in the
// records are returned as diagnostics, all of them; err is only for failures
// to read the directory itself. The archive holds everything that could be
// decoded, so callers may still inspect it when there are diagnostics.
func Load(dir string, opts Options) (*record.Archive, record.Diagnostics, error) {
	loc := opts.Location
	if loc == nil {
		var err error
		if loc, err = time.LoadLocation("Europe/Berlin"); err != nil {
			return nil, nil, fmt.Errorf("tomlrec: %w", err)
		}
	}
	files, walkDiags, err := recordFiles(dir)
	if err != nil {
		return nil, nil, err
	}
	// Text files and copies are read through the folder's root, which
	// refuses a path or symbolic link that leads out of it.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("tomlrec: reading records: %w", err)
	}
	defer root.Close()

	results, err := decodeAll(dir, files, loc, root, opts)
	if err != nil {
		return nil, nil, err
	}
	a, diags := assemble(dir, results)
	if len(walkDiags) > 0 {
		diags = append(diags, walkDiags...)
		diags.Sort()
	}
	return a, diags, nil
}

// decodeAll decodes the record files of dir in parallel, in packs of
// consecutive files when a cache is used (the unit the cache keeps),
// else file by file, and returns them in file order, so that the archive
// does not depend on scheduling.
func decodeAll(dir string, files []string, loc *time.Location, root *os.Root, opts Options) ([]*fileDecoder, error) {
	var cache *recordCache
	if opts.CacheDir != "" {
		var err error
		if cache, err = newRecordCache(opts, loc, dir); err != nil {
			return nil, err
		}
	}
	units := make([][2]int, len(files))
	for i := range files {
		units[i] = [2]int{i, i + 1}
	}
	if cache != nil {
		units = packsOf(dir, files)
	}
	results := make([]*fileDecoder, len(files))
	names := make([]string, len(units)) // the packs used
	var mu sync.Mutex
	done, cached := 0, 0
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for u := range next {
				lo, hi := units[u][0], units[u][1]
				n := 0
				if cache != nil {
					var got []*fileDecoder
					got, names[u], n = cache.load(files[lo:hi], loc, root, dir)
					copy(results[lo:hi], got)
				} else {
					results[lo] = decodeFile(files[lo], loc, root, dir)
				}
				mu.Lock()
				cached += n
				for range hi - lo {
					done++
					if opts.Progress != nil {
						opts.Progress(done, len(files))
					}
				}
				mu.Unlock()
			}
		})
	}
	for u := range units {
		next <- u
	}
	close(next)
	wg.Wait()
	if opts.Cache != nil {
		*opts.Cache = CacheStats{Files: len(files), Cached: cached}
	}
	if cache != nil {
		used := map[string]bool{}
		for _, n := range names {
			used[n] = true
		}
		// Packs no longer used are only space: failing to remove one
		// fails nothing.
		_ = cache.prune(used)
	}
	return results, nil
}

// assemble merges what the files of dir contributed, in file order, into
// one archive, and validates it.
func assemble(dir string, results []*fileDecoder) (*record.Archive, record.Diagnostics) {
	a := &record.Archive{}
	var diags record.Diagnostics
	var bodyAt *record.Origin
	for _, f := range results {
		diags = append(diags, f.diags...)
		if f.body != nil {
			if bodyAt != nil {
				diags = append(diags, record.Diagnostic{
					Pos: f.body.Origin.At(""), Field: "body",
					Message: fmt.Sprintf("second [body] table, first defined at %s: an archive has one body", bodyAt.At("")),
				})
			} else {
				a.Body = *f.body
				bodyAt = &f.body.Origin
			}
		}
		a.Organizations = append(a.Organizations, f.organizations...)
		a.Persons = append(a.Persons, f.persons...)
		a.Papers = append(a.Papers, f.papers...)
		if f.meeting != nil {
			a.Meetings = append(a.Meetings, f.meeting)
		}
	}
	if bodyAt == nil && len(results) > 0 {
		diags = append(diags, record.Diagnostic{
			Pos: record.Pos{File: dir}, Field: "body",
			Message: "no file has a [body] table: add body.toml with the council's name (see docs/records.md)",
		})
	}
	if len(results) == 0 {
		diags = append(diags, record.Diagnostic{Pos: record.Pos{File: dir}, Message: "no *.toml record files found"})
	}
	diags = append(diags, record.Validate(a)...)
	diags.Sort()
	a.Sort()
	return a, diags
}

// recordFiles lists the *.toml files under dir, sorted by path. Hidden
// files and folders (.git, editor backups) are skipped. Symbolic links are
// followed where they stay inside dir and lead to something not read yet
// (a folder or file reached both ways would give every record twice); a
// link that leaves dir, loops back, leads nowhere or to something read
// already is reported instead, as is a *.toml that is no regular file (a
// pipe would block the read).
func recordFiles(dir string) ([]string, record.Diagnostics, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("tomlrec: reading records: %w", err)
	}
	w := &walker{root: root, read: map[string]string{}}
	if err := w.walk(dir, root); err != nil {
		return nil, nil, fmt.Errorf("tomlrec: reading records: %w", err)
	}
	// Links come after the folder itself, so that a folder is read under
	// its own name and a link to it is the one reported.
	for len(w.links) > 0 {
		l := w.links[0]
		w.links = w.links[1:]
		if err := w.follow(l); err != nil {
			return nil, nil, fmt.Errorf("tomlrec: reading records: %w", err)
		}
	}
	sort.Strings(w.files)
	return w.files, w.diags, nil
}

// walker lists the record files of a records folder.
type walker struct {
	root  string            // the records folder, symbolic links resolved
	read  map[string]string // real path → path read as, of every folder and file read
	links []string          // symbolic links found, not yet followed
	files []string
	diags record.Diagnostics
}

// walk lists the folder at path, whose real path is real.
func (w *walker) walk(path, real string) error {
	w.read[real] = path
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(path, name)
		switch t := e.Type(); {
		case t&fs.ModeSymlink != 0:
			w.links = append(w.links, p)
		case t.IsDir():
			if err := w.walk(p, filepath.Join(real, name)); err != nil {
				return err
			}
		case strings.HasSuffix(name, ".toml"):
			w.file(p, filepath.Join(real, name), t)
		}
	}
	return nil
}

// file lists a record file, unless it is no regular file.
func (w *walker) file(path, real string, t fs.FileMode) {
	if !t.IsRegular() {
		w.report(path, "not a regular file: not read")
		return
	}
	w.read[real] = path
	w.files = append(w.files, path)
}

// follow reads what the symbolic link at path leads to.
func (w *walker) follow(path string) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		w.report(path, "symbolic link that cannot be followed (%v): not read", errors.Unwrap(err))
		return nil
	}
	fi, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !fi.IsDir() && !strings.HasSuffix(path, ".toml") {
		return nil // not a record file, wherever it is
	}
	if target != w.root && !strings.HasPrefix(target, w.root+string(filepath.Separator)) {
		w.report(path, "symbolic link to %s, outside the records folder %s: not read (move or copy it into the folder)", target, w.root)
		return nil
	}
	if prev, ok := w.read[target]; ok {
		w.report(path, "symbolic link to %s, read already as %s: not read twice", target, prev)
		return nil
	}
	if fi.IsDir() {
		return w.walk(path, target)
	}
	w.file(path, target, fi.Mode().Type())
	return nil
}

func (w *walker) report(path, format string, args ...any) {
	w.diags = append(w.diags, record.Diagnostic{Pos: record.Pos{File: path}, Message: fmt.Sprintf(format, args...)})
}

// fileDecoder holds what one file contributed.
type fileDecoder struct {
	name  string
	loc   *time.Location
	root  *os.Root // the records folder; nil for a file on its own
	dir   string   // the records folder's path
	lines map[string]int
	diags record.Diagnostics

	body          *record.Body
	organizations []*record.Organization
	persons       []*record.Person
	papers        []*record.Paper
	meeting       *record.Meeting

	// What the records cache checks before it takes the file's records
	// again (cache.go): the text files read, by the record they went to
	// (pending: not yet claimed by one), and the copies named.
	texts, pending []textRef
	copies         []string
}

// decodeFile decodes the record file name of the records folder dir,
// whose text files and copies it reads through root.
func decodeFile(name string, loc *time.Location, root *os.Root, dir string) *fileDecoder {
	f := &fileDecoder{name: name, loc: loc, root: root, dir: dir}
	src, err := os.ReadFile(name)
	if err != nil {
		f.diags = append(f.diags, record.Diagnostic{Pos: record.Pos{File: name}, Message: err.Error()})
		return f
	}
	f.parse(src)
	return f
}

// decodeSource decodes the text of the record file name, which is not in
// a records folder: a text file or copy it names is an error.
func decodeSource(name string, src []byte, loc *time.Location) *fileDecoder {
	f := &fileDecoder{name: name, loc: loc}
	f.parse(src)
	return f
}

func (f *fileDecoder) parse(src []byte) {
	name := f.name
	if !utf8.Valid(src) {
		line, col := firstInvalidUTF8(src)
		f.diags = append(f.diags, record.Diagnostic{
			Pos:     record.Pos{File: name, Line: line, Col: col},
			Message: "invalid UTF-8: record files must be UTF-8 (convert with: iconv -f WINDOWS-1252 -t UTF-8)",
		})
		return
	}
	var ne *NestingError
	if err := CheckNesting(src); errors.As(err, &ne) {
		f.diags = append(f.diags, record.Diagnostic{Pos: record.Pos{File: name, Line: ne.Line}, Message: ne.Error()})
		return
	}
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(src)).Decode(&m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			f.diags = append(f.diags, record.Diagnostic{
				Pos:     record.Pos{File: name, Line: pe.Position.Line, Col: pe.Position.Col},
				Message: "TOML syntax: " + pe.Message,
			})
		} else {
			f.diags = append(f.diags, record.Diagnostic{Pos: record.Pos{File: name}, Message: "TOML: " + err.Error()})
		}
		return
	}
	f.lines = keyLines(src)
	f.decode(m)
}

func (f *fileDecoder) decode(m map[string]any) {
	top := f.obj(m, "", "")
	if !f.readFormat(top) {
		return
	}
	if b := top.table("body"); b != nil {
		body := f.readBody(b)
		f.body = &body
	}
	for _, o := range top.tables("organization") {
		f.organizations = append(f.organizations, f.readOrganization(o))
	}
	for _, o := range top.tables("person") {
		f.persons = append(f.persons, f.readPerson(o))
	}
	for _, o := range top.tables("paper") {
		f.papers = append(f.papers, f.readPaper(o))
		f.claim(owner{ownsPaper, len(f.papers) - 1})
	}
	if mo := top.table("meeting"); mo != nil {
		f.meeting = f.readMeeting(mo)
		f.claim(owner{ownsMeeting, 0})
	}
	items := top.tables("agendaItem")
	if len(items) > 0 && f.meeting == nil {
		top.errorf("agendaItem", "agenda items need the [meeting] they belong to in the same file")
	}
	for i, o := range items {
		if o.boolean("heading", false) {
			h := f.readHeading(o, i+1)
			if f.meeting != nil {
				f.meeting.Headings = append(f.meeting.Headings, h)
				f.claim(owner{ownsHeading, len(f.meeting.Headings) - 1})
			}
			continue
		}
		it := f.readAgendaItem(o, i+1)
		if f.meeting != nil {
			f.meeting.AgendaItems = append(f.meeting.AgendaItems, it)
			f.claim(owner{ownsItem, len(f.meeting.AgendaItems) - 1})
		}
	}
	top.done()
}

func firstInvalidUTF8(b []byte) (line, col int) {
	line, col = 1, 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		b = b[size:]
	}
	return line, col
}
