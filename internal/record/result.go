package record

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ResultCategory is the normalized meaning of a deliberation result, so that
// "einstimmig beschlossen" and "mehrheitlich zugestimmt" can be filtered alike.
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

// resultRules map phrases of published German results to categories. The
// first rule with a matching phrase wins, so the specific phrases ("geändert
// beschlossen", "nicht beschlossen") come before the general ones.
var resultRules = []struct {
	category ResultCategory
	phrases  []string
}{
	{ResultWithdrawn, []string{"zurückgezogen", "zurueckgezogen", "erledigt durch", "hat sich erledigt", "für erledigt erklärt"}},
	{ResultPostponed, []string{"vertagt", "zurückgestellt", "zurueckgestellt", "verschoben", "abgesetzt", "wiedervorlage", "zurückverwiesen", "verwiesen", "nicht behandelt", "ohne beratung"}},
	// "ungeändert beschlossen" is a plain approval; it must not match "geändert".
	{ResultApproved, []string{"ungeändert", "ungeaendert", "unverändert", "wie vorgelegt", "laut vorlage", "lt. vorlage", "gemäß vorlage", "gemäß beschlussvorschlag"}},
	{ResultRejected, []string{"abgelehnt", "nicht beschlossen", "nicht zugestimmt", "nicht angenommen", "nicht genehmigt", "keine mehrheit", "nicht empfohlen", "zurückgewiesen"}},
	{ResultApprovedAmended, []string{"geändert", "geaendert", "mit änderung", "mit aenderung", "abweichend", "ergänzt", "ergaenzt", "modifiziert", "änderungen beschlossen", "mit maßgaben", "mit der maßgabe"}},
	{ResultApproved, []string{"beschlossen", "zugestimmt", "zustimmung", "angenommen", "empfohlen", "genehmigt", "gebilligt", "bestätigt", "gewählt", "festgestellt", "einverstanden", "entschieden", "entlastet", "beschluss gefasst", "beschließt", "beschliesst", "ergeht"}},
	{ResultNoted, []string{"kenntnis", "informiert", "berichtet", "mitteilung", "vorgestellt", "erörtert", "beraten", "diskutiert", "ohne beschluss"}},
	// A bare vote ("einstimmig", "mehrheitlich") means the motion carried;
	// after "noted", so "einstimmig zur Kenntnis genommen" stays noted.
	{ResultApproved, []string{"einstimmig", "mehrheitlich"}},
}

// ClassifyResult derives the category of a published result text. Results
// the rules do not know are ResultOther; an empty result is ResultNone.
func ClassifyResult(result string) ResultCategory {
	s := strings.ToLower(strings.TrimSpace(result))
	if s == "" {
		return ResultNone
	}
	for _, r := range resultRules {
		for _, p := range r.phrases {
			if strings.Contains(s, p) {
				return r.category
			}
		}
	}
	// Some councils publish only the count: "11 Ja-Stimmen, 1 Enthaltung,
	// 0 Nein-Stimmen". A simple majority carries the motion.
	if yes, ok := count(s, yesCount); ok {
		if no, _ := count(s, noCount); yes > no {
			return ResultApproved
		}
		return ResultRejected
	}
	return ResultOther
}

var (
	yesCount = regexp.MustCompile(`(\d+)\s*(?:ja\b|ja-stimme|dafür|für\b)`)
	noCount  = regexp.MustCompile(`(\d+)\s*(?:nein\b|nein-stimme|gegenstimme|dagegen)`)
)

func count(s string, re *regexp.Regexp) (int, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}
