package minutetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// paperRefRe finds references to papers: "Drucksache 57/2015", "DS 12/2019",
// "Vorlage 235/22", "Drucksachen 12/2019 und 13/2019", "Vorlage Nr. 2019/123".
var (
	paperRefRe = regexp.MustCompile(`\b(Drucksachen?|Drucksachen-Nr\.|Drucksache-Nr\.|DS-Nr\.|DS|Ds\.|Beschlussvorlagen?|Mitteilungsvorlagen?|Informationsvorlagen?|Vorlagen?-Nr\.|Vorlagen?|BV|MV|V)\s*(?:Nr\.\s*)?(\d{1,5}/\d{2,4}(?:\s*(?:,|und|u\.|sowie)\s*\d{1,5}/\d{2,4})*)`)
	paperNumRe = regexp.MustCompile(`\d{1,5}/\d{2,4}`)
)

// findPaperRefs returns the paper references in text as "prefix number"
// ("DS 61/2023"), one per number, in order of first mention.
func findPaperRefs(text string, into []string) []string {
	if !hasPaperNumber(text) {
		return into
	}
	for _, m := range paperRefRe.FindAllStringSubmatch(text, -1) {
		prefix := m[1]
		// "Drucksachen 12/2019 und 13/2019" names two papers, each a Drucksache.
		if p, ok := strings.CutSuffix(prefix, "n"); ok && strings.HasSuffix(p, "e") {
			prefix = p
		}
		for _, num := range paperNumRe.FindAllString(m[2], -1) {
			into = addRef(into, prefix+" "+num)
		}
	}
	return into
}

func addRef(refs []string, ref string) []string {
	n := PaperNumber(ref)
	for _, r := range refs {
		if PaperNumber(r) == n {
			return refs
		}
	}
	return append(refs, ref)
}

// PaperNumber returns the number part of a paper reference ("57/2015" of
// "Drucksache 57/2015" or "DS 57/2015"), for matching references written
// with different prefixes; "" when ref holds no number.
func PaperNumber(ref string) string {
	return paperNumRe.FindString(ref)
}

// Speakers are named with a form of address or an office before the family
// name: "Frau Gehrke", "Herrn Niemann", "Ratsherr Pape", "Bürgermeisterin
// Dombrowski", "Ortsbürgermeisterin Freifrau von Rössing".
var (
	speakerTitles = `Herrn|Herr|Frau|Ratsherrn|Ratsherr|Ratsfrau|Ratsmitglied|Ortsratsmitglied|Ausschussmitglied|` +
		`Ortsbürgermeisterin|Ortsbürgermeister|Bürgermeisterin|Bürgermeister|Ortsvorsteherin|Ortsvorsteher|` +
		`Ratsvorsitzender|Ratsvorsitzende|Ausschussvorsitzender|Ausschussvorsitzende|Vorsitzender|Vorsitzende|` +
		`Beigeordneter|Beigeordnete|Fachbereichsleiterin|Fachbereichsleiter|Kämmerin|Kämmerer|Landrätin|Landrat|` +
		`Stadtverordneter|Stadtverordnete|Ehrenortsbürgermeister|Ehrenbürgermeister|Gemeindebrandmeister|` +
		`Ortsbrandmeister|Kreisbrandmeister|Ortsheimatpflegerin|Ortsheimatpfleger|Gleichstellungsbeauftragte|` +
		`Schulleiterin|Schulleiter|Freifrau|Freiherr`
	isSpeakerTitle = func() map[string]bool {
		m := map[string]bool{}
		for _, t := range strings.Split(speakerTitles, "|") {
			m[t] = true
		}
		return m
	}()
	// Titles inflected after a preposition, written back in the nominative.
	nominative = map[string]string{"Herrn": "Herr", "Ratsherrn": "Ratsherr"}
	// Capitalised words that start the next clause rather than continue a
	// name: "… teilt Herr Niemann Folgendes mit" is rare, "Herr Niemann Die"
	// never a name.
	notName = map[string]bool{
		"Der": true, "Die": true, "Das": true, "Den": true, "Dem": true, "Des": true,
		"Er": true, "Sie": true, "Es": true, "Ein": true, "Eine": true, "Im": true,
		"In": true, "Auf": true, "Zu": true, "Zur": true, "Zum": true, "Bei": true,
		"Mit": true, "Nach": true, "Vom": true, "Am": true, "Als": true, "Und": true,
		"Folgendes": true, "Fragen": true, "Herr": true, "Frau": true, "Herrn": true,
		"Vorsitzender": true, "Vorsitzende": true, "Bürgermeister": true, "Bürgermeisterin": true,
	}
)

// findSpeakers returns the people named in text, as written but with
// "Herrn" as "Herr", each once, in order of first mention.
func findSpeakers(text string, into []string) []string {
	for i := 0; i < len(text); {
		// Words start after a non-letter; a title is followed by a space.
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsUpper(r) || i > 0 && isLetterBefore(text, i) {
			i += size
			continue
		}
		end := i + size
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += size
		}
		title := text[i:end]
		i = end
		if !isSpeakerTitle[title] || end == len(text) || !strings.ContainsRune(" \t\n", rune(text[end])) {
			continue
		}
		name := readName(strings.TrimLeft(text[end:], " \t\n"))
		if name == "" {
			continue
		}
		if n, ok := nominative[title]; ok {
			title = n
		}
		into = addOnce(into, title+" "+name)
	}
	return into
}

// readName reads a name at the start of s: academic titles, then one or two
// capitalised words, with particles ("von Rössing"). It returns "" when s
// starts with another title (which the caller reads on its own) or with a
// word that is not a name.
func readName(s string) string {
	var parts []string
	words := 0
	for words < 2 {
		w, rest := nextWord(s)
		switch {
		case w == "":
		case w == "Dr." || w == "Prof." || w == "Dipl.-Ing.":
			parts = append(parts, w)
			s = rest
			continue
		case (w == "von" || w == "van" || w == "de" || w == "zu") && words == 0:
			if next, _ := nextWord(rest); isNameWord(next) && !followsName(next) {
				parts = append(parts, w)
				s = rest
				continue
			}
		case isSpeakerTitle[w] && words == 0 && len(parts) == 0:
			return "" // "Frau Bürgermeisterin Dombrowski": the office names her
		case isNameWord(w) && !notName[w] && !isSpeakerTitle[w]:
			if words == 1 && followsName(w) {
				// "Frau Wälters Vorschlag", "Herrn Loebels Ausführungen":
				// a noun after a name in the genitive.
				last := parts[len(parts)-1]
				if t, ok := strings.CutSuffix(last, "s"); ok && len(t) > 2 {
					parts[len(parts)-1] = t
				}
				break
			}
			parts = append(parts, w)
			s = rest
			words++
			continue
		}
		break
	}
	if words == 0 {
		return ""
	}
	return strings.Join(parts, " ")
}

// nounAfterName are nouns minutes put after a name ("Herr Schulz sagt …
// Unterstützung zu", "Frau Wälters Vorschlag"); they end the name.
var nounAfterName = map[string]bool{
	"Ausführungen": true, "Vorschlag": true, "Aussage": true, "Vortrag": true, "Stellvertreter": true,
	"Stellvertreterin": true, "Meinung": true, "Hinweis": true, "Fotos": true, "Antrag": true,
	"Frage": true, "Anfrage": true, "Nachfrage": true, "Bericht": true, "Beitrag": true, "Wortbeitrag": true,
	"Stellungnahme": true, "Erläuterungen": true, "Einwand": true, "Kritik": true, "Dank": true,
	"Bitte": true, "Idee": true, "Präsentation": true, "Entscheidungsträger": true, "Fachbereich": true,
	"Ansicht": true, "Auffassung": true, "Vorsitz": true, "Wort": true, "Folgendes": true,
	"Informationen": true, "Kontakt": true, "Vorschläge": true, "Veranstaltungen": true, "Rücksprache": true,
	"Mitglied": true, "Platz": true, "Fördermittel": true, "Ende": true, "Dienste": true,
	"Bilddokumente": true, "Bedenken": true, "Unterlagen": true, "Fragen": true, "Anregungen": true,
}

// followsName reports whether w, after a name, is a noun that ends it
// rather than a family name.
func followsName(w string) bool {
	if nounAfterName[w] {
		return true
	}
	for _, suf := range []string{"ung", "ungen", "heit", "keit", "schaft", "tion", "nis", "ität"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// nextWord returns the word at the start of s (up to a space, comma or other
// punctuation that ends a name) and the text after the following spaces. A
// line break ends a name.
func nextWord(s string) (word, rest string) {
	end := strings.IndexFunc(s, func(r rune) bool {
		return r == ' ' || r == '\n' || r == ',' || r == ';' || r == ':' || r == '(' || r == ')' || r == '"' || r == '„' || r == '“' || r == '/'
	})
	if end < 0 {
		end = len(s)
	}
	word = s[:end]
	if end < len(s) && s[end] == ' ' {
		rest = strings.TrimLeft(s[end:], " ")
	}
	// A sentence end after the name: "… sagt Herr Niemann."
	if strings.HasSuffix(word, ".") && word != "Dr." && word != "Prof." && word != "Dipl.-Ing." {
		word = strings.TrimSuffix(word, ".")
		rest = ""
	}
	return word, rest
}

// isNameWord reports whether w looks like a family or given name:
// capitalised letters, optionally joined by hyphens ("Weber-Hupp").
func isNameWord(w string) bool {
	if w == "" {
		return false
	}
	first, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return false
	}
	lower := 0
	for _, r := range w {
		switch {
		case r == '-' || r == '\'':
		case unicode.IsLetter(r):
			if unicode.IsLower(r) {
				lower++
			}
		default:
			return false
		}
	}
	// "SPD", "CDU" are not names; "McAllister" is.
	return lower > 0 && !strings.HasSuffix(w, "-")
}

func addOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func isLetterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// hasPaperNumber reports whether text holds a digit, a slash and a digit
// ("57/2015"), which every paper reference has; most texts have none, and
// this is cheaper than the expression that reads the references.
func hasPaperNumber(text string) bool {
	for i := 1; i+1 < len(text); i++ {
		j := strings.IndexByte(text[i:len(text)-1], '/')
		if j < 0 {
			return false
		}
		i += j
		if isDigit(text[i-1]) && isDigit(text[i+1]) {
			return true
		}
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
