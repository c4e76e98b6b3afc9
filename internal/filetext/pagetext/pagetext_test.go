package pagetext

import (
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Au\uFB02age der O\uFB00erte", "Auflage der Offerte"},
		{"\uFB01nanziell und \uFB03zient, Sto\uFB04asche", "finanziell und ffizient, Stofflasche"},
		// a decomposed umlaut (u + combining diaeresis) becomes one letter
		{"Gebu\u0308hren", "Gebühren"},
		{"Stra\u00DFe\u00A0und\u2009Platz", "Straße und Platz"},
		{"Zero\u200Bwidth\uFEFF", "Zerowidth"},
		{"  viele   Leer  zeichen ", "viele Leer zeichen"},
		{"Non\u2011breaking", "Non-breaking"},
		// soft hyphens stay for JoinHyphenated
		{"Bebauungs\u00ADplan", "Bebauungs\u00ADplan"},
		{"tab\tund\x07bell", "tab undbell"},
	} {
		if got := NormalizeLine(tc.in); got != tc.want {
			t.Errorf("NormalizeLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJoinHyphenated(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"Hyphenation", []string{"der Bebauungs-", "plan wird geändert"}, []string{"der Bebauungsplan", "wird geändert"}},
		{"RealHyphenBeforeCapital", []string{"die Kita-", "Gebühren steigen"}, []string{"die Kita-Gebühren", "steigen"}},
		{"SuspendedCompound", []string{"eventuelle Auf-", "und Abbauzeiten"}, []string{"eventuelle Auf-", "und Abbauzeiten"}},
		{"SuspendedOder", []string{"Hin-", "oder Rückfahrt"}, []string{"Hin-", "oder Rückfahrt"}},
		{"SoftHyphen", []string{"Ortschafts\u00AD", "rat tagt"}, []string{"Ortschaftsrat", "tagt"}},
		{"SoftHyphenBeforeCapital", []string{"Haus\u00AD", "Halt"}, []string{"HausHalt"}},
		{"AcronymKeepsHyphen", []string{"die CDU-", "geführte Stadt"}, []string{"die CDU-geführte", "Stadt"}},
		{"DigitKeepsHyphen", []string{"eine 3-", "fache Menge"}, []string{"eine 3-fache", "Menge"}},
		{"DashAlone", []string{"Vorlage -", "siehe unten"}, []string{"Vorlage -", "siehe unten"}},
		{"ParagraphBreakStops", []string{"Bebauungs-", "", "plan"}, []string{"Bebauungs-", "", "plan"}},
		{"OneWordLineFolds", []string{"Bebauungs-", "plan", "weiter"}, []string{"Bebauungsplan", "weiter"}},
		{"ChainOfBreaks", []string{"Donau-", "dampfschiff-", "fahrt"}, []string{"Donaudampfschifffahrt"}},
		{"NextLineStartsWithPunctuation", []string{"Wort-", "(Klammer)"}, []string{"Wort-", "(Klammer)"}},
		{"Umlaut", []string{"Über-", "ärgerung"}, []string{"Überärgerung"}},
		{"URLKeepsHyphen", []string{"siehe https://www.karlsruhe.de/menschen-mit-", "behinderung dort"}, []string{"siehe https://www.karlsruhe.de/menschen-mit-behinderung", "dort"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := JoinHyphenated(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("JoinHyphenated(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestStripRunning(t *testing.T) {
	page := func(n string, body ...string) []string {
		return append(append([]string{"Stadt Karlsruhe – Vorlage 2024/1264"}, body...), "Seite "+n+" von 3")
	}
	in := [][]string{
		page("1", "Erster Absatz", "mit Text"),
		page("2", "Zweiter Absatz"),
		page("3", "Dritter Absatz", "", "Schluss"),
	}
	got := StripRunning(in)
	want := [][]string{{"Erster Absatz", "mit Text"}, {"Zweiter Absatz"}, {"Dritter Absatz", "", "Schluss"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	t.Run("PageNumbersAlone", func(t *testing.T) {
		got := StripRunning([][]string{{"Text eins", "1"}, {"– 2 –", "Text zwei"}})
		want := [][]string{{"Text eins"}, {"Text zwei"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("NumberFarFromPageStays", func(t *testing.T) {
		// a year in a table cell at the end of page 1 is no page number
		got := StripRunning([][]string{{"Haushaltsjahr", "2025"}})
		if want := [][]string{{"Haushaltsjahr", "2025"}}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("BodyLinesStay", func(t *testing.T) {
		// a line repeated in the middle of pages is text, not a header
		body := func(s ...string) []string {
			return []string{s[0], s[1], s[2], "Beschluss: Der Rat stimmt zu.", s[3], s[4], s[5]}
		}
		got := StripRunning([][]string{body("a", "b", "c", "d", "e", "f"), body("g", "h", "i", "j", "k", "l")})
		for _, p := range got {
			if !strings.Contains(strings.Join(p, "|"), "Beschluss:") || len(p) != 7 {
				t.Errorf("body line removed: %q", p)
			}
		}
	})
	t.Run("OnceIsNotRunning", func(t *testing.T) {
		// the same line at different places, and a short line at the same
		got := StripRunning([][]string{{"Beschlussvorlage", "Siehe Anlage", "Ja"}, {"Siehe Anlage", "Text", "Ja"}})
		if len(got[0]) != 3 || len(got[1]) != 3 {
			t.Errorf("got %q", got)
		}
	})
}

func TestClean(t *testing.T) {
	pages := [][]string{
		{"Stadt Beispiel", "Der Bebauungs-", "plan für die Kita-", "Gebühren", "ist o\u0308ffentlich", "– 1 –"},
		{"Stadt Beispiel", "Die Au\uFB02age des Be\u00ADschlusses", "", "Neuer Absatz", "– 2 –"},
	}
	got := Clean(pages)
	want := []string{
		"Der Bebauungsplan\nfür die Kita-Gebühren\nist öffentlich",
		"Die Auflage des Beschlusses\n\nNeuer Absatz",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}
