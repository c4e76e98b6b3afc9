package searchindex

import (
	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// tokenFrequency is Bleve's analysis.TokenFrequency (without array
// positions) in fewer allocations: a term's locations are carved from
// one array at their number, not grown one by one, and the terms' records
// come from arrays of many (TestTokenFrequencyIsBleves).
func tokenFrequency(tokens bleveanalysis.TokenStream, options index.FieldIndexingOptions) index.TokenFrequencies {
	if !options.IncludeTermVectors() {
		return bleveanalysis.TokenFrequency(tokens, nil, options)
	}
	rv := make(index.TokenFrequencies, len(tokens))
	at := make([]*index.TokenFreq, len(tokens)) // each token's term
	var terms []*index.TokenFreq
	var block []index.TokenFreq
	for k, t := range tokens {
		tf, ok := rv[string(t.Term)]
		if !ok {
			if len(block) == cap(block) {
				block = make([]index.TokenFreq, 0, max(16, len(tokens)/4))
			}
			block = append(block, index.TokenFreq{Term: t.Term})
			tf = &block[len(block)-1]
			rv[string(t.Term)] = tf
			terms = append(terms, tf)
		}
		at[k] = tf
		tf.SetFrequency(tf.Frequency() + 1)
	}
	tls := make([]index.TokenLocation, len(tokens))
	locs := make([]*index.TokenLocation, len(tokens))
	n := 0
	for _, tf := range terms {
		c := tf.Frequency()
		tf.Locations = locs[n : n : n+c] // full: an append elsewhere copies
		n += c
		if options.SkipFreqNorm() {
			tf.SetFrequency(0)
		}
	}
	for k, t := range tokens {
		tls[k] = index.TokenLocation{Start: t.Start, End: t.End, Position: t.Position}
		at[k].Locations = append(at[k].Locations, &tls[k])
	}
	return rv
}
