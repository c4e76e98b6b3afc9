// Package sessionpart recognises the headings that divide a council
// meeting into its public and its closed (nichtöffentlich) part, as agendas
// and minutes write them: "Nichtöffentliche Sitzung", "B Nichtöffentliche
// Sitzung", "< Sitzungsteil nichtöffentlich >", "- nichtöffentlicher Teil -",
// "Wiederherstellung der Öffentlichkeit". Both importers read agendas and
// minutes with it, so one spelling means one thing whichever source it came
// from.
package sessionpart

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Part is what a heading says about the agenda items that follow it, up to
// the next heading.
type Part int

const (
	// None: not a heading of a part; an ordinary agenda item or line.
	None Part = iota
	// Open: the items after it are treated in public session ("Öffentliche
	// Sitzung", "Wiederherstellung der Öffentlichkeit").
	Open
	// Closed: the items after it are treated in closed session
	// ("Nichtöffentliche Sitzung"). The source publishes that they exist;
	// ratsarchiv today withholds them (public = false).
	Closed
)

// String names the part for messages: "none", "open", "closed".
func (p Part) String() string {
	switch p {
	case Open:
		return "open"
	case Closed:
		return "closed"
	}
	return "none"
}

// maxLen bounds the text Heading looks at: headings are short, and
// minutes are read line by line.
const maxLen = 160

var (
	decor = `[\s\-<>()\[\]*:.,;_/]*`
	// An enumerator before the heading: "B", "II.", "2)", "Teil B -".
	enumerator = `(?:(?:teil|abschnitt)\s+)?(?:(?:[a-zäöü]|[ivx]{1,4}|\d{1,2})(?:[.):]\s*|\s+)(?:-\s*)?)?`
	noun       = `(?:\s*-?\s*(?:sitzung|teil|sitzungsteil)(?:\s+der\s+sitzung)?)?`
	closedCore = `nicht\s*-?\s*öffentlich(?:e[nrs]?)?` + noun +
		`|sitzungsteil\s*-?\s*nicht\s*-?\s*öffentlich|unter\s+ausschluss\s+der\s+öffentlichkeit`
	openCore = `öffentlich(?:e[nrs]?)?` + noun +
		`|sitzungsteil\s*-?\s*öffentlich|wiederherstellung\s+der\s+öffentlichkeit` +
		`|fortsetzung\s+(?:der|des)\s+öffentlichen\s+(?:sitzung|teils|sitzungsteils)`
	// The heading, with decoration and an enumerator before it and a note
	// in brackets after it ("- nichtöffentlicher Teil - (nur nachrichtlich)").
	around = func(core string) *regexp.Regexp {
		return regexp.MustCompile(`^` + decor + enumerator + `(?:` + core + `)` + decor + `(?:\([^()]{0,40}\))?` + decor + `$`)
	}
	closedRe = around(closedCore)
	openRe   = around(openCore)
)

// Heading reports whether s, an agenda item's title or a line of minutes,
// heads the open or the closed part of a meeting. Spellings differ in
// case, Unicode normalization (NFC or NFD), "oe" for "ö", hyphens and
// dashes, decoration ("< … >", "- … -") and an enumerator before them
// ("B", "II.", "Teil B -"); a title that only mentions the closed session
// ("Bekanntgabe der in nichtöffentlicher Sitzung gefassten Beschlüsse") is
// None.
func Heading(s string) Part {
	if len(s) > 4*maxLen || !strings.Contains(s, "ffentlich") && !strings.Contains(s, "FFENTLICH") {
		return None
	}
	t := normalize(s)
	if len([]rune(t)) > maxLen {
		return None
	}
	switch {
	case closedRe.MatchString(t):
		return Closed
	case openRe.MatchString(t):
		return Open
	}
	return None
}

// dashes are the characters written for a hyphen or a dash.
var dashes = strings.NewReplacer("–", "-", "—", "-", "‐", "-", "‑", "-", "−", "-", "\u00ad", "", "\u200b", "", "\ufeff", "")

// normalize writes s in one spelling: NFC, lower case, "ö" for "oe",
// hyphens for dashes, single spaces.
func normalize(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	s = dashes.Replace(s)
	s = strings.ReplaceAll(s, "oeffentlich", "öffentlich")
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
