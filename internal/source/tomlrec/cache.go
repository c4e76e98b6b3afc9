package tomlrec

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unique"

	"github.com/ratsarchiv/ratsarchiv/internal/gobfile"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// The records cache keeps what Load decoded, so that a build after a
// week's new meeting parses the new files only: decoding the TOML is
// most of a load, and Karlsruhe's 16,000 files load in a third of the
// CPU time from the cache (0.8 against 2.2 s in a week's rebuild,
// docs/benchmarks.md, round 17).
//
// The files are cached in packs of about packFiles files that follow
// each other by path. A pack ends after a file whose path hashes to a
// cut, so a new file changes only its own pack, and a pack is named by
// the hash of its files' paths and contents: a file that changes gets a
// new pack, never a stale one. A pack records, per file, which text files
// its texts came from (with their hashes) and which copies it checked;
// it is taken only when they are all still as recorded. Anything else —
// a pack missing, damaged or of another program — decodes the files
// again.

// cacheFormat is the version of the packs' layout and of what they hold.
const cacheFormat = 1

// packFiles is the mean number of files of a pack, packMaxFiles the most.
const (
	packFiles    = 64
	packMaxFiles = 4 * packFiles
)

// packSuffix ends the name of every pack, so that the packs no longer
// used can be told from anything else in the folder.
const packSuffix = ".recpack"

// CacheStats tell what a Load took from the cache.
type CacheStats struct {
	Files  int // record files read
	Cached int // of them, taken from the cache
}

// pack is what the cache holds for consecutive record files, sealed
// (gobfile.WriteSealed): a pack damaged but decodable is not taken.
type pack struct {
	Entries []packEntry
}

// packEntry is one record file as decoded: its records, with the texts
// read from text files left out (they are read again, and must hash as
// recorded).
type packEntry struct {
	Path          string
	Sum           [32]byte
	Body          *record.Body
	Organizations []*record.Organization
	Persons       []*record.Person
	Papers        []*record.Paper
	Meeting       *record.Meeting
	Texts         []textRef
	Copies        []string // the copies named, relative to the records folder
}

// textRef is a file's text read from a text file.
type textRef struct {
	Owner owner
	File  int // the position in the owner's files
	Rel   string
	Sum   [32]byte
}

// owner is a record with files: a paper, the meeting, an agenda item or
// heading, by position in the decoded file.
type owner struct {
	Kind  ownerKind
	Index int
}

type ownerKind uint8

const (
	ownsPaper ownerKind = iota
	ownsMeeting
	ownsItem
	ownsHeading
)

// files returns the files of the record o names in f, or nil when f has
// no such record.
func (f *fileDecoder) files(o owner) *[]record.File {
	in := func(n int) bool { return o.Index >= 0 && o.Index < n }
	switch o.Kind {
	case ownsPaper:
		if in(len(f.papers)) {
			return &f.papers[o.Index].Files
		}
	case ownsMeeting:
		if f.meeting != nil && o.Index == 0 {
			return &f.meeting.Files
		}
	case ownsItem:
		if f.meeting != nil && in(len(f.meeting.AgendaItems)) {
			return &f.meeting.AgendaItems[o.Index].Files
		}
	case ownsHeading:
		if f.meeting != nil && in(len(f.meeting.Headings)) {
			return &f.meeting.Headings[o.Index].Files
		}
	}
	return nil
}

// claim gives the text files read since the last claim to the record o.
func (f *fileDecoder) claim(o owner) {
	for _, t := range f.pending {
		t.Owner = o
		f.texts = append(f.texts, t)
	}
	f.pending = f.pending[:0]
}

// recordCache is the cache of one Load.
type recordCache struct {
	dir string
	key string // the packs' key: the program's, the time zone, the records folder
}

func newRecordCache(opts Options, loc *time.Location, dir string) (*recordCache, error) {
	if err := os.MkdirAll(opts.CacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("tomlrec: records cache: %w", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "tomlrec cache %d\nkey %q\nzone %q\nrecords %q\n", cacheFormat, opts.CacheKey, loc.String(), dir)
	return &recordCache{dir: opts.CacheDir, key: hex.EncodeToString(h.Sum(nil))}, nil
}

// packsOf divides the sorted files of the records folder dir into packs,
// as ranges [start, end). The cuts depend on the files' paths inside the
// folder, not on where it is.
func packsOf(dir string, files []string) [][2]int {
	var out [][2]int
	start := 0
	for i, name := range files {
		h := fnv.New32a()
		io.WriteString(h, filepath.ToSlash(strings.TrimPrefix(name, dir)))
		if h.Sum32()%packFiles == 0 || i+1-start >= packMaxFiles || i == len(files)-1 {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	return out
}

// packName names the pack of the files with the contents whose hashes
// are sums.
func (c *recordCache) packName(files []string, sums [][32]byte) string {
	h := sha256.New()
	io.WriteString(h, c.key)
	for i, name := range files {
		fmt.Fprintf(h, "\n%d %s ", len(name), name)
		h.Write(sums[i][:])
	}
	return hex.EncodeToString(h.Sum(nil)[:20]) + packSuffix
}

// load decodes the record files of one pack, from the cache when it holds
// them as they are, and returns them with the pack's name and how many
// came from the cache.
func (c *recordCache) load(files []string, loc *time.Location, root *os.Root, dir string) ([]*fileDecoder, string, int) {
	out := make([]*fileDecoder, len(files))
	srcs := make([][]byte, len(files))
	sums := make([][32]byte, len(files))
	readable := true
	for i, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f := &fileDecoder{name: name, loc: loc, root: root, dir: dir}
			f.diags = append(f.diags, record.Diagnostic{Pos: record.Pos{File: name}, Message: err.Error()})
			out[i], readable = f, false
			continue
		}
		srcs[i], sums[i] = src, sha256.Sum256(src)
	}
	if !readable {
		for i, name := range files {
			if out[i] == nil {
				out[i] = &fileDecoder{name: name, loc: loc, root: root, dir: dir}
				out[i].parse(srcs[i])
			}
		}
		return out, "", 0
	}
	name := c.packName(files, sums)
	if got, ok := c.read(name, files, sums, loc, root, dir); ok {
		return got, name, len(files)
	}
	entries := make([]packEntry, 0, len(files))
	for i, fn := range files {
		f := &fileDecoder{name: fn, loc: loc, root: root, dir: dir}
		f.parse(srcs[i])
		out[i] = f
		if len(f.diags) == 0 {
			entries = append(entries, f.entry(sums[i]))
		}
	}
	if len(entries) < len(files) {
		return out, "", 0 // not kept: the build stops at the diagnostics anyway
	}
	// A pack that cannot be written is decoded again next time.
	_ = c.write(name, entries)
	return out, name, 0
}

// entry is f as the cache keeps it.
func (f *fileDecoder) entry(sum [32]byte) packEntry {
	return packEntry{
		Path: f.name, Sum: sum, Body: f.body, Organizations: f.organizations, Persons: f.persons,
		Papers: f.papers, Meeting: f.meeting, Texts: f.texts, Copies: f.copies,
	}
}

// write writes the pack name, without the texts read from text files.
func (c *recordCache) write(name string, entries []packEntry) error {
	// The texts are taken out for the encoding and put back: the records
	// are this goroutine's until Load returns.
	var saved []string
	for _, e := range entries {
		f := &fileDecoder{papers: e.Papers, meeting: e.Meeting}
		for _, t := range e.Texts {
			fs := f.files(t.Owner)
			saved = append(saved, (*fs)[t.File].Text)
			(*fs)[t.File].Text = ""
		}
	}
	err := gobfile.WriteSealed(filepath.Join(c.dir, name), cacheFormat, c.key, &pack{Entries: entries})
	i := 0
	for _, e := range entries {
		f := &fileDecoder{papers: e.Papers, meeting: e.Meeting}
		for _, t := range e.Texts {
			(*f.files(t.Owner))[t.File].Text = saved[i]
			i++
		}
	}
	return err
}

// read returns the files of the pack name when the cache holds it for
// exactly these files and their text files and copies are as recorded.
func (c *recordCache) read(name string, files []string, sums [][32]byte, loc *time.Location, root *os.Root, dir string) ([]*fileDecoder, bool) {
	var p pack
	if !gobfile.ReadSealed(filepath.Join(c.dir, name), cacheFormat, c.key, &p) || len(p.Entries) != len(files) {
		return nil, false
	}
	out := make([]*fileDecoder, len(files))
	for i, e := range p.Entries {
		if e.Path != files[i] || e.Sum != sums[i] {
			return nil, false
		}
		f := &fileDecoder{name: e.Path, loc: loc, root: root, dir: dir, body: e.Body, organizations: e.Organizations,
			persons: e.Persons, papers: e.Papers, meeting: e.Meeting}
		if !f.restore(e) {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

// restore completes the records of e as decoded: the texts read from
// their text files again, which must hash as recorded, the copies checked
// again, and what gob does not keep (the time zone, shared field names).
func (f *fileDecoder) restore(e packEntry) bool {
	if f.root == nil {
		return false
	}
	for _, t := range e.Texts {
		fs := f.files(t.Owner)
		if fs == nil || t.File < 0 || t.File >= len(*fs) {
			return false
		}
		text, ok := f.textAgain(t)
		if !ok {
			return false
		}
		(*fs)[t.File].Text = text
	}
	for _, rel := range e.Copies {
		fi, err := f.root.Stat(filepath.FromSlash(rel))
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
	}
	f.restoreRecords()
	return true
}

// textAgain reads the text file of t as readTextFile does, and returns
// its text when it still hashes as recorded.
func (f *fileDecoder) textAgain(t textRef) (string, bool) {
	p := filepath.FromSlash(t.Rel)
	if !filepath.IsLocal(p) || strings.Contains(t.Rel, `\`) {
		return "", false
	}
	data, err := f.readText(p)
	if err != nil || sha256.Sum256(data) != t.Sum {
		return "", false
	}
	return string(data), true
}

// restoreRecords puts the decoded records' times back in the archive's
// zone (gob keeps a time's offset, not its zone, whose rules the
// archive's dates follow) and shares their origins' field names again.
func (f *fileDecoder) restoreRecords() {
	in := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.In(f.loc)
		}
	}
	origin := func(o *record.Origin) {
		if len(o.Fields) == 0 {
			return
		}
		m := make(map[string]int, len(o.Fields))
		for k, l := range o.Fields {
			m[unique.Make(k).Value()] = l
		}
		o.Fields = m
	}
	files := func(fs []record.File) {
		for i := range fs {
			in(&fs[i].Date)
		}
	}
	if f.body != nil {
		origin(&f.body.Origin)
	}
	for _, o := range f.organizations {
		in(&o.Start)
		in(&o.End)
		origin(&o.Origin)
	}
	for _, p := range f.persons {
		for i := range p.Memberships {
			in(&p.Memberships[i].Start)
			in(&p.Memberships[i].End)
		}
		origin(&p.Origin)
	}
	for _, p := range f.papers {
		in(&p.Date)
		files(p.Files)
		origin(&p.Origin)
	}
	if m := f.meeting; m != nil {
		in(&m.Start)
		in(&m.End)
		files(m.Files)
		origin(&m.Origin)
		for _, it := range m.AgendaItems {
			files(it.Files)
			origin(&it.Origin)
		}
		for _, h := range m.Headings {
			files(h.Files)
			origin(&h.Origin)
		}
	}
}

// prune removes the packs of dir that this Load did not use.
func (c *recordCache) prune(used map[string]bool) error {
	ents, err := os.ReadDir(c.dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range ents {
		if n := e.Name(); strings.HasSuffix(n, packSuffix) && !used[n] {
			if err := os.Remove(filepath.Join(c.dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}
