package oparl

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
)

// Progress is a snapshot of an import's progress, for a progress bar.
type Progress struct {
	Phase   string       // "read", "crawl", "write"
	Done    int          // documents done
	Total   int          // documents known so far (a crawl learns more as it goes)
	Objects map[Kind]int // objects read so far, copies counted
	Errors  int
}

// Texts are plain-text files that came with a source: minutes texts found
// beside their meeting, keyed by meeting ID.
type Texts struct {
	Minutes map[string][]TextFile
	// unmatched counts minutes texts that belong to no meeting.
	unmatched int
}

// TextFile is a text file and its content.
type TextFile struct {
	Path string
	Text string
}

// ReadDir reads a directory of OParl JSON in any layout: single objects,
// list pages, plain arrays, nested folders, file names with query strings
// (`meeting?page=3.json`). Files that are JSON but not OParl (a scraper's
// own metadata) are counted and skipped.
//
// Text files complete the JSON: `X.txt` beside `X.json` holding a File is
// that file's text; a text file named like one of the files of the objects
// in its folder (Oeffentliche_Niederschrift_….txt beside a meeting whose
// resultsProtocol is Oeffentliche_Niederschrift_….pdf) is that file's text,
// and for a meeting's protocol also the minutes of the meeting.
func ReadDir(ctx context.Context, dir string, rep *Report, progress func(Progress)) (*Store, *Texts, error) {
	jsonFiles, textFiles, err := listDir(dir)
	if err != nil {
		return nil, nil, err
	}
	docs, err := decodeFiles(ctx, dir, jsonFiles, rep, progress)
	if err != nil {
		return nil, nil, err
	}
	texts := &Texts{Minutes: map[string][]TextFile{}}
	if err := attachTexts(dir, docs, textFiles, texts, rep); err != nil {
		return nil, nil, err
	}
	s := NewStore()
	for _, doc := range docs {
		if doc != nil {
			s.Add(doc)
		}
	}
	return s, texts, nil
}

// listDir returns the JSON and text files under dir, relative and sorted.
// Hidden files and folders are skipped.
func listDir(dir string) (jsonFiles, textFiles []string, err error) {
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(d.Name())) {
		case ".json":
			jsonFiles = append(jsonFiles, filepath.ToSlash(rel))
		case ".txt":
			textFiles = append(textFiles, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("oparl: reading %s: %w", dir, err)
	}
	slices.Sort(jsonFiles)
	slices.Sort(textFiles)
	return jsonFiles, textFiles, nil
}

// decodeFiles decodes the files in parallel; the result is in file order.
func decodeFiles(ctx context.Context, dir string, files []string, rep *Report, progress func(Progress)) ([]*Document, error) {
	docs := make([]*Document, len(files))
	errs := make([]error, len(files))
	var (
		mu   sync.Mutex
		done int
		objs = map[Kind]int{}
		bad  int
	)
	parallel(len(files), func(i int) {
		if ctx.Err() != nil {
			return
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(files[i])))
		if err == nil {
			docs[i], err = Decode(files[i], data, hintFromPath(files[i]))
		}
		errs[i] = err
		if progress != nil {
			mu.Lock()
			done++
			if err != nil && !errors.Is(err, ErrNotOParl) {
				bad++
			}
			countObjects(docs[i], objs)
			progress(Progress{Phase: "read", Done: done, Total: len(files), Objects: objs, Errors: bad})
			mu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep.Documents += len(files)
	for i, err := range errs {
		switch {
		case err == nil:
			for _, s := range docs[i].Skipped {
				rep.add(Error, "skipped-entry", "", "", files[i], "%s", s)
			}
		case errors.Is(err, ErrNotOParl):
			rep.NotOParl++
		default:
			rep.add(Error, "bad-document", "", "", files[i], "%v", err)
		}
	}
	return docs, nil
}

// parallel calls fn(0) … fn(n-1) on as many goroutines as there are CPUs.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// countObjects adds the objects of doc, embedded ones included, to counts.
func countObjects(doc *Document, counts map[Kind]int) {
	if doc == nil {
		return
	}
	for _, obj := range doc.Objects {
		walkObjects(obj, func(o Object) { counts[o.Kind()]++ })
	}
}

// walkObjects calls fn for obj and every object embedded in it.
func walkObjects(obj Object, fn func(Object)) {
	fn(obj)
	children(obj, func(c Object) { walkObjects(c, fn) })
}

// hintFromPath guesses the kind of the objects in a file from its name or
// the nearest folder that names a kind: body/1/meeting?page=3.json holds
// meetings, meetings/2023-10-05_Ortsrat/metadata.json a meeting.
func hintFromPath(rel string) Kind {
	stem := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	stem, _, _ = strings.Cut(stem, "?")
	if k := KindFromSegment(stem); k != "" {
		return k
	}
	dir := path.Dir(rel)
	for dir != "." && dir != "/" {
		if k := KindFromSegment(path.Base(dir)); k != "" {
			return k
		}
		dir = path.Dir(dir)
	}
	return ""
}

// attachTexts gives text files to the files and meetings they belong to.
func attachTexts(dir string, docs []*Document, textFiles []string, texts *Texts, rep *Report) error {
	// The documents of each folder, and by file stem.
	byDir := map[string][]*Document{}
	byStem := map[string]*Document{}
	for _, doc := range docs {
		if doc == nil {
			continue
		}
		byDir[path.Dir(doc.Source)] = append(byDir[path.Dir(doc.Source)], doc)
		byStem[strings.TrimSuffix(doc.Source, path.Ext(doc.Source))] = doc
	}
	for _, rel := range textFiles {
		text, ok, err := readText(filepath.Join(dir, filepath.FromSlash(rel)), rel, rep)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		stem := strings.TrimSuffix(rel, path.Ext(rel))
		// X.txt beside X.json holding the File.
		if doc := byStem[stem]; doc != nil && len(doc.Objects) == 1 {
			if f, ok := doc.Objects[0].(*File); ok {
				f.Text = text
				continue
			}
		}
		matched := false
		base := path.Base(stem)
		for _, doc := range byDir[path.Dir(rel)] {
			for _, obj := range doc.Objects {
				forEachFile(obj, func(f *File, owner Object, role string) {
					if !sameStem(f, base) {
						return
					}
					matched = true
					f.Text = text
					if mt, ok := owner.(*Meeting); ok && (role == "resultsProtocol" || role == "verbatimProtocol") {
						texts.Minutes[mt.ID] = append(texts.Minutes[mt.ID], TextFile{Path: rel, Text: text})
					}
				})
			}
		}
		if !matched {
			rep.add(Warning, "unmatched-text", "", "", rel, "text file matches no File of the objects in its folder: not imported")
		}
	}
	return nil
}

// forEachFile calls fn for the files of obj and of its embedded agenda
// items, with their owner and the attribute that holds them.
func forEachFile(obj Object, fn func(f *File, owner Object, role string)) {
	one := func(r Ref[File], owner Object, role string) {
		if r.Obj != nil {
			fn(r.Obj, owner, role)
		}
	}
	switch o := obj.(type) {
	case *Meeting:
		one(o.Invitation, o, "invitation")
		one(o.ResultsProtocol, o, "resultsProtocol")
		one(o.VerbatimProtocol, o, "verbatimProtocol")
		for _, r := range o.AuxiliaryFile {
			one(r, o, "auxiliaryFile")
		}
		for _, r := range o.AgendaItem {
			if r.Obj != nil {
				forEachFile(r.Obj, fn)
			}
		}
	case *AgendaItem:
		one(o.ResolutionFile, o, "resolutionFile")
		for _, r := range o.AuxiliaryFile {
			one(r, o, "auxiliaryFile")
		}
	case *Paper:
		one(o.MainFile, o, "mainFile")
		for _, r := range o.AuxiliaryFile {
			one(r, o, "auxiliaryFile")
		}
	case *File:
		fn(o, o, "")
	}
}

// sameStem reports whether a file's name, access or download URL has the
// given stem (name without extension).
func sameStem(f *File, stem string) bool {
	return slices.Contains(fileStems(f), stem)
}

// fileStems returns the names without extension under which a file is
// published: its fileName and the last segment of its URLs.
func fileStems(f *File) []string {
	var stems []string
	for _, s := range []string{f.FileName, f.AccessURL, f.DownloadURL} {
		if s == "" {
			continue
		}
		if u, err := url.Parse(s); err == nil && u.Path != "" {
			s = u.Path
		}
		b := path.Base(s)
		stems = append(stems, strings.TrimSuffix(b, path.Ext(b)))
	}
	return stems
}

// readText reads a text file as minutetext.Decode does (UTF-8, UTF-16,
// Windows-1252); files that are not text are reported and skipped. Stray
// control bytes, which PDF text extraction leaves, are dropped with a
// warning rather than losing the whole text.
func readText(path, name string, rep *Report) (string, bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", false, fmt.Errorf("oparl: %w", err)
	}
	stray := 0
	data = slices.DeleteFunc(data, func(b byte) bool {
		drop := b > 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f'
		if drop {
			stray++
		}
		return drop
	})
	text, err := minutetext.Decode(data)
	if err != nil {
		rep.add(Warning, "not-text", "", "", name, "%v: not imported", err)
		return "", false, nil
	}
	if stray > 0 {
		rep.add(Warning, "control-bytes", "", "", name, "%d control bytes removed", stray)
	}
	return text, true, nil
}
