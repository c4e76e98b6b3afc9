package staticindex

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDictionaryTerms: the exported decoders give every term of the index
// (as Bleve has them) and every shard's payload; and the terms are needed,
// because a byte search of the payloads misses some of them.
func TestDictionaryTerms(t *testing.T) {
	out := t.TempDir()
	ix, _ := buildGolden(t, out)
	byShard, err := DictionaryTerms(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	var pairs []string
	for _, terms := range byShard {
		for _, term := range terms {
			if strings.HasPrefix(term, " ") {
				pairs = append(pairs, term) // checked below
				continue
			}
			got[term] = true
		}
	}
	adv, _ := ix.Bleve().Advanced()
	r, _ := adv.Reader()
	defer r.Close()
	want := map[string]bool{}
	for _, f := range fields {
		d, _ := r.FieldDict(f)
		for e, _ := d.Next(); e != nil; e, _ = d.Next() {
			want[e.Term] = true
		}
		d.Close()
	}
	if !maps.Equal(got, want) {
		t.Errorf("decoded %d terms, Bleve has %d", len(got), len(want))
	}
	// Word pairs: a space and two of the terms, each with a space before.
	if len(pairs) == 0 {
		t.Error("no word pair decoded; the test index has some")
	}
	for _, p := range pairs {
		if ws := strings.Split(p, " "); len(ws) != 3 || ws[0] != "" || !want[ws[1]] || !want[ws[2]] {
			t.Errorf("pair %q: not two of the index's terms", p)
		}
	}

	dicts, err := Dictionaries(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	var payloads [][]byte
	compressed, withDict := 0, 0
	for name, data := range readTree(t, out) {
		if name == EntryFile {
			continue
		}
		switch data[0] {
		case encDeflate:
			compressed++
		case encDeflateDict:
			withDict++
		}
		p, err := Payload(data, dicts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		payloads = append(payloads, p)
	}
	if compressed == 0 || withDict == 0 {
		t.Errorf("%d shards compressed, %d with the preset dictionary: want some of each", compressed, withDict)
	}
	hidden := 0
	for term := range want {
		if !slices.ContainsFunc(payloads, func(p []byte) bool { return bytes.Contains(p, []byte(term)) }) {
			hidden++
		}
	}
	if hidden == 0 {
		t.Error("every term is whole in some payload: the test index does not exercise front coding")
	}
	t.Logf("%d of %d terms are whole in no payload", hidden, len(want))

	if _, err := Payload([]byte{7, 1, 2}, dicts); err == nil {
		t.Error("Payload accepts an unknown encoding")
	}
}

// FuzzPayload: a shard file of any bytes gives a payload or an error,
// never a panic, with or without the preset dictionary; seeded with the
// golden index's shards (every encoding).
func FuzzPayload(f *testing.F) {
	golden := filepath.Join("testdata", "format", fmt.Sprintf("v%d", Version))
	dicts, err := Dictionaries(os.DirFS(golden))
	if err != nil {
		f.Fatal(err)
	}
	shards, err := filepath.Glob(filepath.Join(golden, ShardDir, "*.bin"))
	if err != nil || len(shards) == 0 {
		f.Fatalf("no golden shards: %v", err)
	}
	for _, name := range shards {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Payload(data, dicts)
		if err == nil && len(data) > 0 && data[0] == encRaw && !bytes.Equal(p, data[1:]) {
			t.Errorf("raw shard: payload differs from its bytes")
		}
		Payload(data, nil)
	})
}

// TestPayloadBoundsInflation: a shard that inflates beyond maxPayload is
// refused, one that inflates to it is read, with and without a preset
// dictionary.
func TestPayloadBoundsInflation(t *testing.T) {
	dict := []byte("ratsarchiv")
	for _, size := range []int{maxPayload, maxPayload + 1} {
		payload := make([]byte, size)
		plain := encodeShard(payload, nil)
		withDict := encodeShard(payload, newZdict(0, dict))
		for name, shard := range map[string][]byte{"deflate": plain, "deflate with dictionary": withDict} {
			if shard[0] == encRaw {
				t.Fatalf("%s: %d zero bytes were not compressed", name, size)
			}
			got, err := Payload(shard, [][]byte{dict})
			if size <= maxPayload && (err != nil || len(got) != size) {
				t.Errorf("%s of %d bytes: %d bytes, %v; want it read", name, size, len(got), err)
			}
			if size > maxPayload && err == nil {
				t.Errorf("%s of %d bytes: read, want an error", name, size)
			}
		}
	}
}

// TestShardTermsRefusesCraftedShards: a term that claims to share more
// bytes than int holds, and terms that repeat a long one a few bytes each
// beyond what a payload may be, are errors — not a panic, nor memory
// without end.
func TestShardTermsRefusesCraftedShards(t *testing.T) {
	huge := &writer{}
	huge.int(0)     // no files
	huge.bytes(nil) // no blobs of its own
	huge.int(2)
	huge.string("a")
	huge.byte(0)
	huge.uvarint(1 << 63)
	huge.string("b")
	huge.byte(0)

	long := &writer{}
	long.int(0)
	long.bytes(nil)
	const n, size = 80, 1 << 20 // 80 terms of 1 MiB from about 1 MiB of shard
	long.int(n)
	long.int(0)
	long.string(string(bytes.Repeat([]byte("x"), size)))
	long.byte(0)
	for range n - 1 {
		long.int(size - 1)
		long.string("y")
		long.byte(0)
	}
	// A located document's passage is 0, 1 or 2 (format 22); a 3 is
	// another format's, not a shorter entry.
	passage := func(where int) *writer {
		w := &writer{}
		w.int(0)
		w.bytes(nil)
		w.int(1)
		w.int(0)
		w.string("a")
		w.byte(maskLocate)
		w.int(1) // one document
		w.int(0)
		w.int(2 * where)
		if where == 2 {
			w.int(1) // its text pack
		}
		return w
	}
	if _, err := shardTerms(&reader{b: passage(2).b}); err != nil {
		t.Errorf("a document located in a later text pack: %v", err)
	}
	for name, w := range map[string]*writer{"shared beyond int": huge, "repeated long term": long, "a located document's unknown passage": passage(3)} {
		if terms, err := shardTerms(&reader{b: w.b}); err == nil {
			t.Errorf("%s: %d terms, no error", name, len(terms))
		}
	}
}

// FuzzShardTerms: a dictionary shard's payload of any bytes gives its
// terms or an error, never a panic; seeded with the golden index's shards.
func FuzzShardTerms(f *testing.F) {
	golden := filepath.Join("testdata", "format", fmt.Sprintf("v%d", Version))
	byShard, err := DictionaryTerms(os.DirFS(golden))
	if err != nil || len(byShard) == 0 {
		f.Fatalf("no golden dictionary shards: %v", err)
	}
	for name := range byShard {
		data, err := os.ReadFile(filepath.Join(golden, filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		p, err := Payload(data, nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		terms, err := shardTerms(&reader{b: data})
		total := 0
		for _, term := range terms {
			total += len(term)
		}
		if err == nil && total > maxPayload {
			t.Errorf("%d bytes of terms from %d bytes", total, len(data))
		}
	})
}
