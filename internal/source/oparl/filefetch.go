package oparl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// extractVersion names how the texts in a files cache were made: an entry
// of another version is read again (a better extractor gives better text).
const extractVersion = 1

// fileEntry is what a files cache keeps of one address, as
// <host>/<stem>-<hash>.json beside the text (.txt) and, when mirroring, the
// original (.pdf, …): the validators of the response it was read from, and
// the outcome of reading it.
type fileEntry struct {
	URL          string    `json:"url"`
	Version      int       `json:"version"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	Fetched      time.Time `json:"fetched"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	MimeType     string    `json:"mimeType"`
	// Pages is the number of pages of text; PageCount those of the file.
	Pages     int  `json:"pages,omitempty"`
	PageCount int  `json:"pageCount,omitempty"`
	Scanned   bool `json:"scanned,omitempty"`
	// Unsupported is a type whose text is not read.
	Unsupported bool `json:"unsupported,omitempty"`
	// Error says why the file has no text (encrypted, damaged, an error
	// page in its place); Warnings what was cut or skipped.
	Error    string   `json:"error,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Text names the text beside the entry; Original the kept original.
	Text     string `json:"text,omitempty"`
	Original string `json:"original,omitempty"`

	// timedOut is a read that took too long, which may pass on a machine
	// less busy: it is not cached.
	timedOut bool
}

// usable reports whether the entry can stand for the file: made by this
// extractor, and with the original when one is wanted.
func (e *fileEntry) usable(mirror bool) bool {
	return e != nil && e.Version == extractVersion && (!mirror || e.Original != "" || filetext.InertExtension(e.MimeType) == "")
}

// entry reads the cache's entry for u and its text, or nil.
func (ff *fileFetcher) entry(stem string) (*fileEntry, string) {
	if ff.cache == nil {
		return nil, ""
	}
	data, ok := ff.cache.read(stem + ".json")
	if !ok {
		return nil, ""
	}
	var e fileEntry
	if json.Unmarshal(data, &e) != nil {
		return nil, ""
	}
	var text string
	if e.Text != "" {
		t, ok := ff.cache.read(e.Text)
		if !ok {
			return nil, "" // an entry without its text: fetch again
		}
		text = string(t)
	}
	if e.Original != "" {
		if _, err := ff.cache.root.Stat(filepath.FromSlash(e.Original)); err != nil {
			e.Original = ""
		}
	}
	return &e, text
}

// one fetches and reads one file, or takes it from the cache when the
// server says it did not change (or sends the same bytes again).
func (ff *fileFetcher) one(ctx context.Context, j *fileJob) {
	stem, err := cacheStem(j.url)
	if err != nil {
		ff.warn("file-fetch", j.url, "not fetched: %v", err)
		return
	}
	old, oldText := ff.entry(stem)
	hdr := http.Header{}
	if old.usable(ff.opts.Mirror) {
		if old.ETag != "" {
			hdr.Set("If-None-Match", old.ETag)
		}
		if old.LastModified != "" {
			hdr.Set("If-Modified-Since", old.LastModified)
		}
	}
	var rp reply
	err = ff.f.retrying(ctx, j.url, func() (time.Duration, bool, error) {
		var retryAfter time.Duration
		var err error
		rp, retryAfter, err = ff.f.get(ctx, request{url: j.url, accept: "*/*", header: hdr, limit: ff.opts.MaxSize})
		return retryAfter, isTransient(err), err
	})
	switch {
	case err != nil && ctx.Err() != nil:
		return
	case err != nil && old != nil && old.Version == extractVersion:
		ff.warn("file-stale", j.url, "%v: kept the text fetched on %s", err, old.Fetched.Format("2006-01-02"))
		ff.done1(j, old, oldText, false)
		return
	case err != nil:
		ff.warn("file-fetch", j.url, "%v", fetchError(err))
		return
	case rp.status == http.StatusNotModified:
		ff.done1(j, old, oldText, true)
		return
	}
	sum := sha256.Sum256(rp.body)
	e := &fileEntry{
		URL: j.url, Version: extractVersion, ETag: rp.header.Get("ETag"), LastModified: rp.header.Get("Last-Modified"),
		Fetched: time.Now().UTC().Truncate(time.Second), Size: int64(len(rp.body)), SHA256: hex.EncodeToString(sum[:]),
	}
	ff.count(func(st *FileStats) { st.Fetched++; st.Bytes += e.Size })
	text, same := "", false
	if old != nil && old.Version == extractVersion && old.SHA256 == e.SHA256 {
		// The same bytes again (a server without validators, or the
		// original wanted now): the text is the one read before.
		old.ETag, old.LastModified, old.Fetched = e.ETag, e.LastModified, e.Fetched
		e, text, same = old, oldText, true
	} else {
		text = ff.extract(ctx, j, rp, e)
		if ctx.Err() != nil {
			return
		}
		ff.count(func(st *FileStats) { st.Extracted++ })
	}
	ff.store(stem, e, text, rp.body)
	ff.done1(j, e, text, same)
}

// done1 reports what became of a file read now or before, and keeps it
// for apply.
func (ff *fileFetcher) done1(j *fileJob, e *fileEntry, text string, cached bool) {
	if cached {
		ff.count(func(st *FileStats) { st.NotModified++ })
	}
	for _, w := range e.Warnings {
		ff.warn("file-warning", j.url, "%s", strings.TrimPrefix(w, j.url+": "))
	}
	if e.Error != "" && !e.Unsupported {
		ff.warn("file-text", j.url, "%s", e.Error)
	}
	j.entry, j.text = e, text
}

// extract reads the file's text into e and returns it.
func (ff *fileFetcher) extract(ctx context.Context, j *fileJob, rp reply, e *fileEntry) string {
	res, err := ff.x.Extract(ctx, j.url, rp.body)
	e.MimeType, e.PageCount, e.Scanned, e.Warnings = res.MimeType, res.PageCount, res.Scanned, res.Warnings
	if claim := claimedDocument(j, rp.header); claim != "" && res.MimeType == filetext.MimeHTML {
		// Council servers answer a lost document or an expired session
		// with an HTML page in its place: its text is not the document's.
		e.Error = fmt.Sprintf("claims to be %s but is an HTML page (an error or login page?): its text is not kept", claim)
		e.Warnings = nil
		return ""
	}
	switch {
	case errors.Is(err, filetext.ErrUnsupported):
		e.Unsupported = true
		e.Error = "unsupported type " + res.MimeType
		return ""
	case err != nil:
		e.Error = strings.TrimPrefix(err.Error(), j.url+": ")
		e.timedOut = errors.Is(err, filetext.ErrTimeout)
		return ""
	}
	var pages []string
	for _, p := range res.Pages {
		pages = append(pages, strings.ReplaceAll(p, record.PageBreak, "\n"))
		if strings.TrimSpace(p) != "" {
			e.Pages++
		}
	}
	if e.Pages == 0 {
		return ""
	}
	return strings.Join(pages, record.PageBreak)
}

// claimedDocument returns the document type a file claims to be — by its
// address's extension, the server's Content-Type or the records' mimeType
// — or "" when it claims none (or HTML).
func claimedDocument(j *fileJob, h http.Header) string {
	docs := map[string]bool{filetext.MimePDF: true, filetext.MimeDOCX: true, filetext.MimeODT: true}
	byExt := map[string]string{".pdf": filetext.MimePDF, ".docx": filetext.MimeDOCX, ".odt": filetext.MimeODT}
	if u, err := url.Parse(j.url); err == nil {
		if t := byExt[strings.ToLower(path.Ext(u.Path))]; t != "" {
			return t
		}
	}
	for _, c := range []string{h.Get("Content-Type"), j.claim} {
		if t, _, err := mime.ParseMediaType(c); err == nil && docs[t] {
			return t
		}
	}
	return ""
}

// store keeps the entry, its text and (when mirroring, for a type that may
// be published) the original in the cache.
func (ff *fileFetcher) store(stem string, e *fileEntry, text string, data []byte) {
	if ff.cache == nil {
		return
	}
	if e.timedOut {
		return
	}
	e.Text = ""
	if text != "" {
		e.Text = stem + ".txt"
		if err := ff.cache.write(e.Text, []byte(text)); err != nil {
			ff.warn("cache", e.URL, "not cached: %v", err)
			return
		}
	}
	if ext := filetext.InertExtension(e.MimeType); ff.opts.Mirror && ext != "" && e.Original == "" {
		if err := ff.cache.write(stem+ext, data); err != nil {
			ff.warn("cache", e.URL, "not cached: %v", err)
			return
		}
		e.Original = stem + ext
	}
	meta, err := json.MarshalIndent(e, "", "  ")
	if err == nil {
		err = ff.cache.write(stem+".json", meta)
	}
	if err != nil {
		ff.warn("cache", e.URL, "not cached: %v", err)
	}
}

// fetchError says why a file could not be fetched, for people.
func fetchError(err error) error {
	switch {
	case errors.Is(err, errTooLarge):
		return fmt.Errorf("%w (raise the limit with --max-file-size)", err)
	case errors.Is(err, errOffHost):
		return fmt.Errorf("%w: not followed (allow its host with --files-host)", err)
	}
	return err
}

func (ff *fileFetcher) count(fn func(*FileStats)) {
	ff.mu.Lock()
	defer ff.mu.Unlock()
	fn(&ff.rep.Files)
}
