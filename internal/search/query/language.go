package query

import "slices"

// Language is what the browser client's parser needs besides the index's
// committees: the words and limits of the query language.
// internal/search/staticindex writes it into the static index's entry file
// (docs/index-format.md), so that the client keeps no copy of them.
type Language struct {
	Words  Words
	Limits Limits
}

// Words are the words of the query language that name filters and their
// values, each list sorted: the filter names by kind of filter
// (FilterCommittee …), the German words of the result categories by
// category, and the names of the document kinds with their German words by
// kind. Values are matched in their fold (lower case, umlauts without dots).
type Words struct {
	Filters map[string][]string `json:"filters"`
	Results map[string][]string `json:"results"`
	Kinds   map[string][]string `json:"kinds"`
}

// Limits are MaxClauses, MinPrefix and MaxPrefixTerms.
type Limits struct {
	MaxClauses     int `json:"maxClauses"`
	MinPrefix      int `json:"minPrefix"`
	MaxPrefixTerms int `json:"maxPrefixTerms"`
}

// Spec returns the query language's words and limits.
func Spec() Language {
	return Language{
		Words: Words{
			Filters: byMeaning(filterKeys),
			Results: byMeaning(resultAliases),
			Kinds:   byMeaning(kindAliases),
		},
		Limits: Limits{MaxClauses: MaxClauses, MinPrefix: MinPrefix, MaxPrefixTerms: MaxPrefixTerms},
	}
}

// byMeaning inverts a map of words to what they mean, sorting the words.
func byMeaning[V ~string](words map[string]V) map[string][]string {
	out := map[string][]string{}
	for w, v := range words {
		out[string(v)] = append(out[string(v)], w)
	}
	for _, ws := range out {
		slices.Sort(ws)
	}
	return out
}
