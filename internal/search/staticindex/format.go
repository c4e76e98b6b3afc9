package staticindex

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"sync"

	kflate "github.com/klauspost/compress/flate"
)

// Version is the format version Export writes (docs/index-format.md). The
// client reads exactly this version and refuses others.
const Version = 22

// Format names the file format in the entry file.
const Format = "ratsarchiv-search-index"

// EntryFile is the one file with a fixed name: the client reads it first.
const EntryFile = "index.json"

// ShardDir holds every other file, named by a hash of its bytes.
const ShardDir = "s"

// hashLen is the length of a shard hash in bytes (16 hex digits in names).
const hashLen = 8

// Shard encodings: the first byte of every shard file.
const (
	encRaw     = 0
	encDeflate = 1
	// encDeflateDict is deflate with a preset dictionary: uvarint the
	// dictionary's place in the entry's dicts, then the stream.
	encDeflateDict = 2
)

// writer appends the format's primitives to a byte slice.
type writer struct{ b []byte }

func (w *writer) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *writer) int(v int)        { w.uvarint(uint64(v)) }
func (w *writer) byte(v byte)      { w.b = append(w.b, v) }
func (w *writer) raw(p []byte)     { w.b = append(w.b, p...) }
func (w *writer) bytes(p []byte)   { w.int(len(p)); w.raw(p) }
func (w *writer) string(s string)  { w.int(len(s)); w.b = append(w.b, s...) }
func (w *writer) len() int         { return len(w.b) }

// hash is a shard's name: the first hashLen bytes of the SHA-256 of its
// payload.
type hash [hashLen]byte

func (h hash) name() string { return ShardDir + "/" + hex.EncodeToString(h[:]) + ".bin" }

// payloadHash names a shard by its payload, so that the name is known
// before the (slower) compression, which can then run elsewhere; the
// encoding is a function of the payload, so the name still fixes the bytes.
func payloadHash(payload []byte) hash {
	sum := sha256.Sum256(payload)
	var h hash
	copy(h[:], sum[:hashLen])
	return h
}

// compressLevel is the deflate level of klauspost/compress's writer, which
// writes the shards: plain deflate, as Go's reader and the browser decode
// it. With the preset dictionary it is about twice as fast as Go's writer
// at level 6 (a reset hashes the dictionary into its tables instead of
// encoding it: a quarter of the time) and 1.5–4 % smaller
// (docs/benchmarks.md, round 7). decodeShard reads with Go's reader, so the
// tests check that the output is the deflate the format names.
const compressLevel = 8

var flateWriters = sync.Pool{New: func() any {
	w, err := kflate.NewWriter(nil, compressLevel)
	if err != nil {
		panic(err) // only for an invalid level
	}
	return w
}}

// zdict is a preset dictionary for deflate (docs/index-format.md, "Shard
// encoding"): index is its place in the entry's dicts, h its shard's name.
type zdict struct {
	index   int
	data    []byte
	h       hash
	writers sync.Pool
}

func newZdict(index int, data []byte) *zdict {
	z := &zdict{index: index, data: data, h: payloadHash(data)}
	z.writers.New = func() any {
		w, err := kflate.NewWriterDict(nil, compressLevel, z.data)
		if err != nil {
			panic(err) // only for an invalid level
		}
		return w
	}
	return z
}

// encodeShard returns the shard file of payload, compressed with the
// preset dictionary z when it is not nil: compressed when that saves at
// least a tenth.
func encodeShard(payload []byte, z *zdict) []byte {
	out := make([]byte, 0, len(payload)+1)
	out = append(out, encRaw)
	out = append(out, payload...)
	if len(payload) >= 64 {
		buf := bytes.NewBuffer(make([]byte, 0, len(payload)/2+16))
		pool := &flateWriters
		if z != nil {
			buf.WriteByte(encDeflateDict)
			buf.Write(binary.AppendUvarint(nil, uint64(z.index)))
			pool = &z.writers
		} else {
			buf.WriteByte(encDeflate)
		}
		fw := pool.Get().(*kflate.Writer)
		fw.Reset(buf)
		fw.Write(payload)
		fw.Close()
		pool.Put(fw)
		if buf.Len() < len(out)*9/10 {
			out = buf.Bytes()
		}
	}
	return out
}

// decodeShard returns a shard's payload; dicts are the entry's preset
// dictionaries (their payloads).
func decodeShard(data []byte, dicts [][]byte) ([]byte, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("staticindex: empty shard")
	}
	switch data[0] {
	case encRaw:
		return data[1:], nil
	case encDeflate:
		return inflate(flate.NewReader(bytes.NewReader(data[1:])))
	case encDeflateDict:
		i, n := binary.Uvarint(data[1:])
		if n <= 0 || i >= uint64(len(dicts)) {
			return nil, fmt.Errorf("staticindex: shard of dictionary %d, the entry has %d", i, len(dicts))
		}
		return inflate(flate.NewReaderDict(bytes.NewReader(data[1+n:]), dicts[i]))
	}
	return nil, fmt.Errorf("staticindex: unknown shard encoding %d", data[0])
}

// maxPayload bounds a shard's payload, so that a crafted shard cannot
// inflate without end; the exporter's largest are far below it.
const maxPayload = 64 << 20

// inflate reads a shard's decompressed payload, at most maxPayload bytes.
func inflate(r io.ReadCloser) ([]byte, error) {
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxPayload+1))
	if err != nil {
		return nil, fmt.Errorf("staticindex: shard: %w", err)
	}
	if len(b) > maxPayload {
		return nil, fmt.Errorf("staticindex: shard inflates to more than %d bytes", maxPayload)
	}
	return b, nil
}

// reader decodes the primitives; errors stick.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("staticindex: bad varint")
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int reads a count or a length; one beyond int's range is an error, not
// a negative number.
func (r *reader) int() int {
	v := r.uvarint()
	if v > math.MaxInt {
		r.err = fmt.Errorf("staticindex: number %d out of range", v)
		return 0
	}
	return int(v)
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = fmt.Errorf("staticindex: truncated")
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *reader) raw(n int) []byte {
	if r.err != nil || n > len(r.b) || n < 0 {
		r.err = fmt.Errorf("staticindex: truncated")
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte  { return r.raw(r.int()) }
func (r *reader) string() string { return string(r.bytes()) }
func (r *reader) hash() (h hash) { copy(h[:], r.raw(hashLen)); return h }
