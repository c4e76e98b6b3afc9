package oparl

import (
	"fmt"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/progress"
)

// limitError is a limit of the whole crawl (--max-bytes, --max-time)
// reached: the crawl stops and keeps what it has.
type limitError struct {
	flag, limit string
}

func (e *limitError) Error() string { return e.flag + " " + e.limit + " reached" }

// read counts the bytes of a document read and stops the crawl when they
// pass MaxBytes.
func (c *crawler) read(n int) {
	if c.bytes.Add(int64(n)) > c.opts.MaxBytes {
		c.stop(&limitError{flag: "--max-bytes", limit: progress.Bytes(c.opts.MaxBytes)})
	}
}

// unfetched notes what the crawl, stopped by a limit, did not fetch.
func (c *crawler) unfetched(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.incomplete = append(c.incomplete, fmt.Sprintf(format, args...))
}

// listCut reports a list cut by MaxPages at the page next.
func (c *crawler) listCut(kind Kind, first, next string) {
	msg := fmt.Sprintf("--max-pages %d reached in the %s list: the pages from %s on were not fetched", c.opts.MaxPages, strings.ToLower(string(kind)), next)
	c.errorf("limit", first, "%s", msg)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rep.Crawl.Cut = append(c.rep.Crawl.Cut, msg)
}

// cutShort reports a crawl stopped by a limit, and what it left out.
func (c *crawler) cutShort(limit *limitError) {
	c.mu.Lock()
	defer c.mu.Unlock()
	missing := "nothing was left"
	if len(c.incomplete) > 0 {
		missing = "not fetched: " + strings.Join(c.incomplete, "; ")
	}
	msg := fmt.Sprintf("%s after %d documents, %s read; %s", limit, c.documents, progress.Bytes(c.bytes.Load()), missing)
	c.rep.add(Error, "limit", "", "", "", "%s", msg)
	c.rep.Crawl.Cut = append(c.rep.Crawl.Cut, msg)
}
