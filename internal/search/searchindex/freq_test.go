package searchindex

import (
	"reflect"
	"strings"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
)

// TestTokenFrequencyIsBleves: tokenFrequency gives what Bleve's
// TokenFrequency gives, with positions and without, also for more terms
// than one array of records holds; and a term's locations grow into no
// other term's when the composite field appends to them.
func TestTokenFrequencyIsBleves(t *testing.T) {
	long := make([]string, 300)
	for i := range long {
		long[i] = strings.Repeat(string(rune('a'+i%26)), 1+i/26)
	}
	texts := []string{
		"",
		"Rat",
		"Der Rat der Stadt berät den Haushalt. Der Haushalt wird vom Rat beschlossen, der Rat tagt.",
		strings.Join(long, " ") + " " + strings.Join(long[:40], " "),
	}
	withVectors := index.IndexField | index.IncludeTermVectors
	for _, text := range texts {
		for _, opts := range []index.FieldIndexingOptions{withVectors, index.IndexField, withVectors | index.SkipFreqNorm} {
			toks := analysis.NewIndexAnalyzer(nil).Analyze([]byte(text))
			got := tokenFrequency(toks, opts)
			want := bleveanalysis.TokenFrequency(toks, nil, opts)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.30q, options %v: tokenFrequency differs from Bleve's:\n%v\n%v", text, opts, got, want)
			}
			// MergeAll appends a field's locations to the composite's.
			all := index.TokenFrequencies{}
			all.MergeAll("a", got)
			all.MergeAll("b", got)
			for term, tf := range got {
				if len(tf.Locations) != len(want[term].Locations) {
					t.Fatalf("%q: %d locations after the merge, want %d", term, len(tf.Locations), len(want[term].Locations))
				}
			}
			if len(toks) > 0 && opts.IncludeTermVectors() && len(all[string(toks[0].Term)].Locations) != 2*len(got[string(toks[0].Term)].Locations) {
				t.Fatalf("the composite's locations of %q: %d", toks[0].Term, len(all[string(toks[0].Term)].Locations))
			}
		}
	}
}
