package staticindex

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
)

// Payload returns the payload of a shard file: the bytes after its encoding
// byte, inflated when the shard is compressed (docs/index-format.md, "Shard
// encoding"); dicts are the index's preset dictionaries (Dictionaries), for
// the shards compressed with one. Checks that look inside a built site (the
// privacy scans of internal/testkit/sitecheck) read shards with it rather
// than a copy, so they follow the format when it changes.
func Payload(shard []byte, dicts [][]byte) ([]byte, error) { return decodeShard(shard, dicts) }

// Dictionaries returns the preset dictionaries of the static index in fsys
// (the site's search/ folder), by position, as Payload takes them.
func Dictionaries(fsys fs.FS) ([][]byte, error) {
	entry, err := readEntry(fsys)
	if err != nil {
		return nil, err
	}
	dicts := make([][]byte, len(entry.Dicts))
	for i, name := range entry.Dicts {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		if dicts[i], err = Payload(data, nil); err != nil {
			return nil, fmt.Errorf("%w: %s", err, name)
		}
	}
	return dicts, nil
}

// readEntry reads the entry file of the static index in fsys.
func readEntry(fsys fs.FS) (*Entry, error) {
	data, err := fs.ReadFile(fsys, EntryFile)
	if err != nil {
		return nil, fmt.Errorf("staticindex: %w", err)
	}
	var entry Entry
	if err := json.Unmarshal(data, &entry); err != nil {
		return nil, fmt.Errorf("staticindex: %s: %w", EntryFile, err)
	}
	if entry.Format != Format || entry.Version != Version {
		return nil, fmt.Errorf("staticindex: %s: %s version %d, want %s version %d", EntryFile, entry.Format, entry.Version, Format, Version)
	}
	return &entry, nil
}

// DictionaryTerms returns the terms of the static index in fsys (the
// site's search/ folder), keyed by the dictionary shard that holds them
// ("s/<hash>.bin"). A shard writes each term as the bytes it shares with
// the term before and the rest, so most terms are whole in no file: a scan
// for a word in the index must look at these. The keys of word pairs are
// among them (a space, a word, a space, a word).
func DictionaryTerms(fsys fs.FS) (map[string][]string, error) {
	entry, err := readEntry(fsys)
	if err != nil {
		return nil, err
	}
	read := func(name string) (*reader, error) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("staticindex: %w", err)
		}
		p, err := Payload(data, nil) // the dictionary is not compressed with a preset dictionary
		if err != nil {
			return nil, fmt.Errorf("%w: %s", err, name)
		}
		return &reader{b: p}, nil
	}
	// The root, in the entry, lists the pages, a page the shards
	// (docs/index-format.md, "Dictionary"); the word pairs have a root
	// of their own.
	var shards []string
	for _, pg := range slices.Concat(entry.Dict, entry.PairDict) {
		page, err := read(pg.Page)
		if err != nil {
			return nil, err
		}
		each := bounded(page) // reads the shard count now
		page.hash()           // the shards' digest
		for i := range each {
			shared := page.int() // bytes shared with the separator before, × 4, + 1 when lists' files follow, + 2 when summarized pairs follow
			page.string()
			shards = append(shards, dictShardName(pg.Page, i))
			if shared&1 != 0 {
				for range bounded(page) {
					page.string()
					page.hash()
				}
			}
			if shared&2 != 0 {
				for range bounded(page) {
					page.raw(2)
				}
			}
		}
		if err := page.done(pg.Page); err != nil {
			return nil, err
		}
	}
	out := make(map[string][]string, len(shards))
	for _, name := range shards {
		r, err := read(name)
		if err != nil {
			return nil, err
		}
		if out[name], err = shardTerms(r); err != nil {
			return nil, err
		}
		if err := r.done(name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// shardTerms reads a dictionary shard's terms, skipping what follows each
// one: its posting list descriptors and summary reference.
func shardTerms(r *reader) ([]string, error) {
	for range bounded(r) { // the file table
		r.hash()
	}
	r.bytes() // the shard's own postings and heads
	ref := func() { r.int(); r.int(); r.int() }
	var terms []string
	prev, total := "", 0
	for range bounded(r) {
		shared := r.int()
		rest := r.string()
		if shared > len(prev) {
			return nil, fmt.Errorf("staticindex: term shares %d bytes with %q", shared, prev)
		}
		// A few bytes may repeat a long term: the terms together are held
		// to what a payload may be, or a crafted shard would take memory
		// without end.
		if total += shared + len(rest); total > maxPayload {
			return nil, fmt.Errorf("staticindex: the terms of a shard exceed %d bytes", maxPayload)
		}
		term := prev[:shared] + rest
		terms = append(terms, term)
		prev = term
		mask := r.byte()
		// lists skips the descriptors of the fields in mask: a term's
		// posting lists (two blobs inline or packed, or a head), or a word
		// pair's lists (one blob).
		lists := func(mask byte, pair bool) error {
			n, blobs := len(fields), 2
			if pair {
				n, blobs = pairFields, 1
			}
			for fi := range n {
				if mask&(1<<fi) == 0 {
					continue
				}
				r.int() // df
				switch mode := r.byte(); {
				case mode == plInline:
					for range blobs {
						r.bytes()
					}
				case mode == plPacked:
					for range blobs {
						ref()
					}
				case mode == plLarge && !pair:
					ref()
				default:
					return fmt.Errorf("staticindex: %q: list mode %d", term, mode)
				}
			}
			return nil
		}
		if mask&maskPair != 0 {
			if mask&^(maskPair|maskSummary|1<<pairFields-1) != 0 {
				return nil, fmt.Errorf("staticindex: pair %q: mask %b", term, mask)
			}
			if err := lists(mask, true); err != nil {
				return nil, err
			}
			if mask&maskSummary != 0 {
				r.bytes()
				r.int() // the words' document counts in the text
				r.int()
			}
			continue
		}
		if err := lists(mask, false); err != nil {
			return nil, err
		}
		if mask&maskSummary != 0 {
			r.bytes()
		}
		nparts := 0
		if mask&maskSplit != 0 {
			for range bounded(r) {
				r.string()
				nparts++
			}
		}
		if mask&maskPartLists != 0 {
			for range nparts {
				if err := lists(r.byte(), false); err != nil {
					return nil, err
				}
			}
		}
		if mask&maskLocate != 0 {
			for range bounded(r) {
				r.int()
				v := r.int()
				switch v / 2 {
				case 0, 1: // the first passage, the first text pack
				case 2:
					r.int() // the text pack of the term's first passage
				default:
					return nil, fmt.Errorf("staticindex: %q: a located document's passage %d", term, v/2)
				}
				if v%2 == 1 {
					r.int() // the document of its matter
				}
			}
		}
	}
	return terms, nil
}

// bounded reads a count and yields that many times, stopping early when
// the reader fails, so that a corrupt count cannot spin.
func bounded(r *reader) func(func(int) bool) {
	n := r.int()
	return func(yield func(int) bool) {
		for i := 0; i < n && r.err == nil; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// done reports a read error or bytes left over in the shard name.
func (r *reader) done(name string) error {
	if r.err != nil {
		return fmt.Errorf("%w: %s", r.err, name)
	}
	if len(r.b) != 0 {
		return fmt.Errorf("staticindex: %s: %d bytes left over", name, len(r.b))
	}
	return nil
}
