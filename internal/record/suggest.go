package record

import (
	"fmt"
	"sort"
)

// maxSuggestCandidates bounds the work of a suggestion: with thousands of
// IDs, a near miss is more likely chance than a typo.
const maxSuggestCandidates = 2000

// suggest returns ` (did you mean "x"?)` for the known key closest to s, or
// "" when nothing is close. Used for unknown fields and dangling references.
func suggest[T any](s string, known map[string]T) string {
	if len(known) > maxSuggestCandidates {
		return ""
	}
	keys := make([]string, 0, len(known))
	for k := range known {
		keys = append(keys, k)
	}
	if best := Closest(s, keys); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Closest returns the candidate nearest to s by edit distance, if it is near
// enough to be a plausible typo (at most a third of the letters differ), or "".
// Ties go to the candidate that sorts first, so messages are stable.
func Closest(s string, candidates []string) string {
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	best, bestDist := "", -1
	limit := max(1, len([]rune(s))/3)
	for _, c := range sorted {
		d := editDistance(s, c)
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes,
// ignoring ASCII case (a key written "Start" is a typo of "start").
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if lowerASCII(ra[i-1]) == lowerASCII(rb[j-1]) {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}
