package pagetext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzClean cleans arbitrary pages (form feeds between pages): never a
// panic, valid UTF-8 when the input is, no soft hyphen left, and no more
// letters than the input's with ligatures expanded.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"Stadt Karlsruhe\nDer Bebauungs-\nplan\n– 1 –\fStadt Karlsruhe\ndie Kita-\nGebühren\n– 2 –",
		"Ortschafts\u00AD\nrat", "Auf-\nund Abbau", "\uFB03zient", "-\n-\n-", "\f\f", "1\n2\n3",
		"https://example.org/a-\nb", "CDU-\ngeführt", "a-\n\nb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var pages [][]string
		for p := range strings.SplitSeq(s, "\f") {
			pages = append(pages, strings.Split(p, "\n"))
		}
		out := Clean(pages)
		if len(out) != len(pages) {
			t.Fatalf("%d pages out of %d", len(out), len(pages))
		}
		letters := func(s string) int {
			n := 0
			for _, r := range s {
				if unicode.IsLetter(r) {
					n++
				}
			}
			return n
		}
		for _, p := range out {
			if utf8.ValidString(s) && !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 out of valid: %q", p)
			}
			if strings.Contains(p, softHyphen) {
				t.Fatalf("soft hyphen left: %q", p)
			}
		}
		if in, got := letters(ligatures.Replace(s)), letters(strings.Join(out, "")); got > in {
			t.Fatalf("%d letters out of %d", got, in)
		}
	})
}
