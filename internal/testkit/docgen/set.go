package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Style returns the i-th of a fixed rotation of typesetting styles, so a
// set of files covers every combination an extractor must handle: both
// fonts, the three ways of drawing lines, one and two columns (drawn in
// reading order and row by row), hyphenation with hyphens and soft
// hyphens, ligatures, umlauts in pieces, tables, and the three kinds of
// page numbers with and without a running header.
func Style(i int) PDFOptions {
	h := mix(uint64(i))
	bit := func(n uint) bool { return h>>n&1 == 1 }
	o := PDFOptions{
		Font:        Font(i % 2),
		Draw:        Draw(i / 2 % 3),
		Columns:     1 + int(h>>3%3)/2, // a third in two columns
		RowOrder:    bit(5),
		Hyphenate:   h>>6%4 != 0, // three in four
		SoftHyphens: bit(8),
		Ligatures:   bit(9),
		UmlautRuns:  bit(10),
		Accents:     bit(11) && bit(12),
		Table:       bit(13),
		PageNumbers: PageNumbers(h >> 14 % 4),
		Size:        []float64{10, 10.5, 11, 12}[h>>16%4],
	}
	if bit(18) || bit(19) {
		o.Header = "Stadt Karlsruhe · Der Oberbürgermeister · Vorlage"
	}
	return o
}

// mix is SplitMix64's finalizer: well-spread bits from a counter.
func mix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// Source is one text extraction to typeset.
type Source struct {
	// Name is the file's name without extension ("662417").
	Name string
	// Text is the extraction.
	Text string
}

// KarlsruheTexts reads n text extractions from dir (the corpus's
// file-texts folder), spread evenly over the files sorted by name, leaving
// out those with fewer than minWords words. n ≤ 0 reads all.
func KarlsruheTexts(dir string, n, minWords int) ([]Source, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	var all []Source
	for _, path := range names {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if len(strings.Fields(string(b))) < minWords {
			continue
		}
		all = append(all, Source{Name: strings.TrimSuffix(filepath.Base(path), ".txt"), Text: string(b)})
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("docgen: no text extractions with %d words in %s", minWords, dir)
	}
	if n <= 0 || n >= len(all) {
		return all, nil
	}
	out := make([]Source, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out, nil
}
