// Package outcome reads the outcome of a deliberation from the German words
// councils publish it in: the result's category ("einstimmig beschlossen" is
// approved, "zur Kenntnis genommen" noted) and the votes ("mit 6
// Ja-Stimmen und 4 Enthaltungen"). Every importer reads results and votes
// with these rules, so that one phrase means one thing whichever source it
// came from.
//
// The rules live with the sources, not in internal/record: record names the
// categories (the vocabulary the records store and every output filters
// by), while reading them from text changes whenever a new phrase is
// learned. Records store the category an importer derived, so a changed rule
// never reclassifies records written before.
package outcome

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// resultRules map phrases of published German results to categories. The
// first rule with a matching phrase wins, so the specific phrases ("geändert
// beschlossen", "nicht beschlossen") come before the general ones.
var resultRules = []struct {
	category record.ResultCategory
	phrases  []string
}{
	{record.ResultWithdrawn, []string{"zurückgezogen", "zurueckgezogen", "erledigt durch", "hat sich erledigt", "für erledigt erklärt"}},
	{record.ResultPostponed, []string{"vertagt", "zurückgestellt", "zurueckgestellt", "verschoben", "abgesetzt", "wiedervorlage", "zurückverwiesen", "verwiesen", "nicht behandelt", "ohne beratung"}},
	// "ungeändert beschlossen" is a plain approval; it must not match "geändert".
	{record.ResultApproved, []string{"ungeändert", "ungeaendert", "unverändert", "wie vorgelegt", "laut vorlage", "lt. vorlage", "gemäß vorlage", "gemäß beschlussvorschlag"}},
	{record.ResultRejected, []string{"abgelehnt", "nicht beschlossen", "nicht zugestimmt", "nicht angenommen", "nicht genehmigt", "keine mehrheit", "nicht empfohlen", "zurückgewiesen"}},
	{record.ResultApprovedAmended, []string{"geändert", "geaendert", "mit änderung", "mit aenderung", "abweichend", "ergänzt", "ergaenzt", "modifiziert", "änderungen beschlossen", "mit maßgaben", "mit der maßgabe"}},
	{record.ResultApproved, []string{"beschlossen", "zugestimmt", "zustimmung", "angenommen", "empfohlen", "genehmigt", "gebilligt", "bestätigt", "gewählt", "festgestellt", "einverstanden", "entschieden", "entlastet", "beschluss gefasst", "beschließt", "beschliesst", "ergeht"}},
	{record.ResultNoted, []string{"kenntnis", "informiert", "berichtet", "mitteilung", "vorgestellt", "erörtert", "beraten", "diskutiert", "ohne beschluss"}},
	// A bare vote ("einstimmig", "mehrheitlich") means the motion carried;
	// after "noted", so "einstimmig zur Kenntnis genommen" stays noted.
	{record.ResultApproved, []string{"einstimmig", "mehrheitlich"}},
}

// noResult are the words councils fill an empty result with.
var noResult = map[string]bool{
	"": true, "ohne": true, "-": true, "--": true, "–": true, "(kein text vorhanden)": true, "kein text vorhanden": true,
}

// Classify derives the category of a published result text. Results the
// rules do not know are ResultOther; an empty result, or one that says
// there is none ("ohne", "(kein Text vorhanden)"), is ResultNone.
func Classify(result string) record.ResultCategory {
	s := strings.ToLower(strings.TrimSpace(result))
	if noResult[strings.TrimRight(s, ".!")] {
		return record.ResultNone
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
			return record.ResultApproved
		}
		return record.ResultRejected
	}
	return record.ResultOther
}

var (
	yesCount = regexp.MustCompile(`(\d+)\s*x?\s*(?:ja\b|ja-stimme|(?:stimmen?\s+)?dafür|für\b)`)
	noCount  = regexp.MustCompile(`(\d+)\s*x?\s*(?:nein\b|nein-stimme|gegenstimme|(?:stimmen?\s+)?dagegen)`)
)

func count(s string, re *regexp.Regexp) (int, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

var (
	// Refused approvals the phrases of Classify do not know.
	refusedRe = regexp.MustCompile(`(?i)\bnicht\s+(genehmigt|gebilligt|befürwortet|unterstützt|bestätigt|gefolgt)\b`)
	// Decisions in the present tense: "beschließt", "empfiehlt", "stimmt … zu".
	approvingRe = regexp.MustCompile(`(?i)\b(beschließt|beschließen|empfiehlt|empfehlen|stimmt\b.*\bzu|stimmen\b.*\bzu|billigt|unterstützt|befürwortet|ergeht|erfolgt|erfolgte|spricht sich\b.*\bfür|sprechen sich\b.*\bfür|folgt)\b`)
)

// Approves reports whether a sentence decides in the present tense: "Der
// Rat beschließt …", "… empfiehlt dem Rat", "stimmt … zu".
func Approves(sentence string) bool { return approvingRe.MatchString(sentence) }

// ClassifySentence derives the category of a result that is a sentence of
// minutes, and v the vote taken on it (nil when none). It extends Classify:
// "wird … nicht genehmigt" is a rejection, and a decision the phrases call
// "other" is read from its vote ("Der Beschluss ergeht mit 8 Ja-Stimmen …")
// or its verb ("Der Rat beschließt … Folgendes:").
func ClassifySentence(result string, v *Vote) record.ResultCategory {
	if refusedRe.MatchString(result) {
		return record.ResultRejected
	}
	c := Classify(result)
	if c != record.ResultOther {
		return c
	}
	if v != nil {
		switch {
		case v.hasYes && v.Yes > v.No:
			return record.ResultApproved
		case v.hasYes && v.No > 0 && v.No >= v.Yes:
			return record.ResultRejected
		case v.Unanimous:
			return record.ResultApproved
		}
	}
	if Approves(result) {
		return record.ResultApproved
	}
	return c
}
