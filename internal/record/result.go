package record

import (
	"fmt"
	"strings"
)

// ResultCategory is the normalized meaning of a deliberation result, so that
// "einstimmig beschlossen" and "mehrheitlich zugestimmt" can be filtered alike.
// Records store it; the importers derive it from the published words
// (internal/source/outcome).
type ResultCategory string

// The result categories. The zero value means the item has no result (yet).
const (
	ResultNone            ResultCategory = ""
	ResultApproved        ResultCategory = "approved"
	ResultApprovedAmended ResultCategory = "approved-amended"
	ResultRejected        ResultCategory = "rejected"
	ResultNoted           ResultCategory = "noted"
	ResultPostponed       ResultCategory = "postponed"
	ResultWithdrawn       ResultCategory = "withdrawn"
	ResultOther           ResultCategory = "other"
)

// ResultCategories lists the categories in the order the UI shows them.
var ResultCategories = []ResultCategory{
	ResultApproved, ResultApprovedAmended, ResultRejected, ResultNoted,
	ResultPostponed, ResultWithdrawn, ResultOther,
}

// ParseResultCategory checks a category name as written in a record.
func ParseResultCategory(s string) (ResultCategory, error) {
	if s == "" {
		return ResultNone, nil
	}
	for _, c := range ResultCategories {
		if string(c) == s {
			return c, nil
		}
	}
	names := make([]string, len(ResultCategories))
	for i, c := range ResultCategories {
		names[i] = string(c)
	}
	return "", fmt.Errorf("unknown result category %q (want one of %s)", s, strings.Join(names, ", "))
}
