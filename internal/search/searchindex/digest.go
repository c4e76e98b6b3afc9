package searchindex

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
)

// A document's digest names it in the caches (its chunk's segment and
// word counts) and in the index's fingerprint: a SHA-256 of every
// exported field, each framed by its length, in the struct's order
// (TestDigestCoversEveryField). Text is Title + "\n\n" + Body for every
// document made so (documents) and is then named by a mark alone: hashed
// in full it would hash a document's text twice. Encoding the documents
// as JSON for their digests cost a rebuild of Karlsruhe 0.5 CPU s.

// digester hashes documents; its buffer is reused from one to the next.
type digester struct {
	h   hash.Hash
	buf []byte
}

func newDigester() *digester { return &digester{h: sha256.New()} }

// digest returns d's digest; d must be a full document (Doc.full).
func (g *digester) digest(d *Doc) [32]byte {
	g.h.Reset()
	g.buf = g.buf[:0]
	g.str(d.Key)
	g.str(d.ID)
	g.str(d.Kind)
	g.str(d.URL)
	g.str(d.Title)
	if derived := len(d.Text) == len(d.Title)+2+len(d.Body) && d.Text[:len(d.Title)] == d.Title &&
		d.Text[len(d.Title):len(d.Title)+2] == "\n\n" && d.Text[len(d.Title)+2:] == d.Body; derived {
		g.num(0)
	} else {
		g.num(1)
		g.str(d.Text)
	}
	g.str(d.Body)
	g.num(d.PassageLen)
	g.num(len(d.Files))
	for _, f := range d.Files {
		g.str(f.Name)
		g.str(f.URL)
	}
	g.num(len(d.Parts))
	for _, p := range d.Parts {
		g.num(p.Start)
		g.num(p.File)
		g.num(p.Page)
	}
	for _, s := range []string{d.Committee, d.Date, d.SortDate, d.Year, d.Result, d.ResultCategory, d.Number, d.Reference} {
		g.str(s)
	}
	if d.ClosedSession {
		g.num(1)
	} else {
		g.num(0)
	}
	g.str(d.Matter)
	g.str(d.MatterKind)
	g.num(len(d.Path))
	for _, s := range d.Path {
		for _, v := range []string{s.Meeting, s.Date, s.Committee, s.Result, s.URL} {
			g.str(v)
		}
	}
	g.h.Write(g.buf)
	var sum [32]byte
	g.h.Sum(sum[:0])
	return sum
}

func (g *digester) num(n int) { g.buf = binary.AppendVarint(g.buf, int64(n)) }

func (g *digester) str(s string) {
	g.num(len(s))
	g.buf = append(g.buf, s...)
}
