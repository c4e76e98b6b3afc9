package staticindex

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
	for _, terms := range byShard {
		for _, term := range terms {
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
