package searchindex

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"runtime"
	"sync"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// DocSet is the search documents of an archive, made once for both
// Fingerprint and WriteDocSet: a build that checks whether its index
// changed and then writes it makes the documents, and encodes each for
// its digest, once instead of twice.
type DocSet struct {
	basePath   string
	excerptLen int
	copies     map[string]string
	docs       []*Doc
	// sums are the digests of the documents in full (digest.go), made
	// when first needed.
	sums     func() [][32]byte
	docIndex map[*Doc]int
}

// NewDocSet makes the search documents of a with the options that shape
// them: BasePath, ExcerptLen and Copies.
func NewDocSet(a *record.Archive, opts Options) *DocSet {
	if opts.ExcerptLen <= 0 {
		opts.ExcerptLen = DefaultExcerptLen
	}
	ds := &DocSet{basePath: opts.BasePath, excerptLen: opts.ExcerptLen, copies: opts.Copies,
		docs: documents(a, opts.BasePath, opts.ExcerptLen, opts.Copies, true)}
	ds.docIndex = make(map[*Doc]int, len(ds.docs))
	for i, d := range ds.docs {
		ds.docIndex[d] = i
	}
	ds.sums = sync.OnceValue(ds.digests)
	return ds
}

// digests digests every document in full (digest.go), on all cores; the
// full documents are made one at a time and dropped.
func (ds *DocSet) digests() [][32]byte {
	sums := make([][32]byte, len(ds.docs))
	workers := max(1, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			g := newDigester()
			for i := w; i < len(ds.docs); i += workers {
				sums[i] = g.digest(ds.docs[i].full())
			}
		})
	}
	wg.Wait()
	return sums
}

// Fingerprint is a digest of the documents, in their order, all their
// fields, and of the base path: equal fingerprints give equal indexes
// (with the same program), so a build may keep the index it has.
func (ds *DocSet) Fingerprint() [32]byte {
	sums := ds.sums()
	h := sha256.New()
	fmt.Fprintf(h, "%q %d\n", normalizeBasePath(ds.basePath), len(sums))
	for _, s := range sums {
		h.Write(s[:])
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// digestOf is the digest of docs, documents of ds: of their digests, in
// order.
func (ds *DocSet) digestOf(docs []*Doc) ([32]byte, error) {
	sums := ds.sums()
	h := sha256.New()
	for _, d := range docs {
		i, ok := ds.docIndex[d]
		if !ok {
			return [32]byte{}, fmt.Errorf("searchindex: document %s is not of the set", d.Key)
		}
		h.Write(sums[i][:])
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum, nil
}

// shapedBy reports whether opts shape documents as ds's are.
func (ds *DocSet) shapedBy(opts Options) bool {
	n := opts.ExcerptLen
	if n <= 0 {
		n = DefaultExcerptLen
	}
	return opts.BasePath == ds.basePath && n == ds.excerptLen && maps.Equal(opts.Copies, ds.copies)
}

// Fingerprint is the fingerprint of the documents Write would index for a
// with these options (DocSet.Fingerprint).
func Fingerprint(a *record.Archive, opts Options) [32]byte {
	return NewDocSet(a, opts).Fingerprint()
}
