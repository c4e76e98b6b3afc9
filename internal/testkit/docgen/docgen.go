// Package docgen renders council papers as PDF, DOCX and ODT files for the
// text extraction tests, and says which words each page shows, so an
// extractor can be scored against the truth. No real attachment is in the
// corpus, so the files are made from the Karlsruhe text extractions
// (testcorpus "karlsruhe-oparl/file-texts-2025-2026") and typeset the way
// council offices' software does: justified with hyphenation, in one or two
// columns, with running headers and page numbers, tables, soft hyphens,
// ligatures and umlauts drawn in pieces. Bad files (encrypted, broken,
// zip bombs, huge) are made here too.
//
// The same text and options give the same bytes.
package docgen

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Doc is a generated file and the text it shows.
type Doc struct {
	// Name is the file name, with the extension of its type.
	Name string
	// Data is the file.
	Data []byte
	// Pages is the text of each page a reader sees, without running headers
	// and page numbers, in reading order: the truth to score against. DOCX
	// and ODT files have one page.
	Pages []string
	// Breaks are the words a PDF breaks at line ends, as "Bebauungs-|plan"
	// ("Auf-|und" for a line ending in a suspended compound): the positive
	// control that a test exercised rejoining.
	Breaks []string
}

// Paragraphs splits a text extraction into paragraphs of words: blank lines
// separate paragraphs, other line breaks are spaces. Lines that are only a
// page number ("– 2 –") are dropped: they are the source's own page
// furniture, not text.
func Paragraphs(text string) [][]string {
	text = norm.NFC.String(text)
	var paras [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, cur)
			cur = nil
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			flush()
			continue
		}
		if pageFurniture(f) {
			continue
		}
		cur = append(cur, f...)
	}
	flush()
	return paras
}

// pageFurniture reports whether a line's words are only a page number
// ("– 2 –", "Seite 2 von 5", "1 of 1").
func pageFurniture(words []string) bool {
	digits := false
	for _, w := range words {
		switch strings.ToLower(strings.Trim(w, ".:")) {
		case "seite", "page", "of", "von", "s":
			continue
		}
		for _, r := range w {
			switch {
			case unicode.IsDigit(r):
				digits = true
			case unicode.IsLetter(r):
				return false
			}
		}
	}
	return digits && len(words) <= 5
}

// Words splits text into the words an extractor is scored on: runs of
// letters and digits with the punctuation inside them ("2024/1264",
// "Kita-Gebühren"), without the punctuation around them. A word that ends
// in a hyphen keeps it ("Auf-" of "Auf- und Abbau"), so a wrongly joined
// or split word counts as wrong. Pieces without letters or digits are no
// words.
func Words(text string) []string {
	var out []string
	for f := range strings.FieldsSeq(text) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		if i := strings.Index(f, w) + len(w); i < len(f) && f[i] == '-' {
			w += "-"
		}
		out = append(out, w)
	}
	return out
}

// Score compares the words of an extraction with the truth, in order: the
// longest common subsequence of the two word lists. It returns the words
// matched, the words of the truth and the words extracted; matched/want is
// the word accuracy (recall), matched/got the precision.
func Score(want, got string) (matched, wantN, gotN int) {
	a, b := Words(want), Words(got)
	return lcs(a, b), len(a), len(b)
}

// lcs is the length of the longest common subsequence, in O(len(a)·len(b))
// time and O(len(b)) space; callers score page by page.
func lcs(a, b []string) int {
	prev := make([]int32, len(b)+1)
	cur := make([]int32, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return int(prev[len(b)])
}
