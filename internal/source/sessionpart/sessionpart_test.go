package sessionpart

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestHeading holds the recogniser to the spellings found in the corpus
// (Hürtgenwald's OParl agenda items, Nordstemmen's OParl agenda items and
// minutes texts), in our own docs, and variants of them, and to titles that
// mention a part without heading one.
func TestHeading(t *testing.T) {
	tests := []struct {
		in   string
		want Part
	}{
		// Closed part.
		{"Nichtöffentliche Sitzung", Closed},                       // Hürtgenwald, 308 items
		{"B Nichtöffentliche Sitzung", Closed},                     // docs/import-oparl.md, number and name
		{"< Sitzungsteil nichtöffentlich >", Closed},               // Hürtgenwald
		{norm.NFD.String("Nichtöffentliche Sitzung"), Closed},      // o + U+0308
		{"Nicht-öffentlicher Teil", Closed},                        //
		{"II. Nichtöffentlicher Teil", Closed},                     //
		{"Nichtoeffentliche Sitzung", Closed},                      // without umlauts
		{"Teil B - nichtöffentlich", Closed},                       //
		{"- nichtöffentlicher Teil -", Closed},                     // Nordstemmen, OParl and minutes
		{"- nichtöffentlicher Teil –", Closed},                     // Nordstemmen minutes, en dash
		{"- nichtöffentlicher Teil - (nur nachrichtlich)", Closed}, // Nordstemmen minutes, 2012-09-27
		{"nichtöffentlicher Teil", Closed},                         // Nordstemmen OParl
		{"- nicht öffentlicher Teil -", Closed},                    // docs/import-oparl.md
		{"Nicht öffentliche Sitzung", Closed},                      //
		{"NICHTÖFFENTLICHE SITZUNG", Closed},                       //
		{"Nichtöffentlicher Sitzungsteil", Closed},                 //
		{"(nichtöffentlicher Teil)", Closed},                       //
		{"Teil B: Nichtöffentliche Sitzung", Closed},               //
		{"Nichtöffentlicher Teil der Sitzung", Closed},             //
		{"Sitzungsteil nicht öffentlich", Closed},                  //
		{"Nicht\u00a0öffentliche\u00a0Sitzung:", Closed},           // no-break spaces, colon
		{"Nicht\u00adöffentliche Sitzung", Closed},                 // soft hyphen from a PDF
		{"Unter Ausschluss der Öffentlichkeit", Closed},            //
		// Open part.
		{"Öffentliche Sitzung", Open},                  // Hürtgenwald, 298 items
		{"A Öffentliche Sitzung", Open},                // Hürtgenwald, number and name
		{"< Sitzungsteil öffentlich >", Open},          // Hürtgenwald
		{"- öffentlicher Teil -", Open},                // Nordstemmen, 938 OParl items
		{"- öffentlicher Teil –", Open},                // Nordstemmen minutes
		{"– öffentlicher Teil –", Open},                // Nordstemmen minutes
		{"- öffentlicher Teil-", Open},                 // Nordstemmen minutes
		{"öffentlicher Teil -", Open},                  // Nordstemmen minutes
		{"(öffentlicher Teil)", Open},                  // Nordstemmen minutes
		{"A Öffentlicher Teil", Open},                  //
		{"I. Öffentlicher Teil", Open},                 //
		{"Oeffentliche Sitzung", Open},                 //
		{"Teil A - öffentlich", Open},                  //
		{"Wiederherstellung der Öffentlichkeit", Open}, //
		{"Fortsetzung der öffentlichen Sitzung", Open}, //
		{norm.NFD.String("Öffentliche Sitzung"), Open}, //
		// Titles that mention a part, and lines of minutes around it.
		{"Bekanntgabe der in nichtöffentlicher Sitzung gefassten Beschlüsse", None},
		{"Bekanntgabe nichtöffentlich gefasster Beschlüsse", None}, // Karlsruhe
		{"Mitteilungen aus dem nichtöffentlichen Teil", None},
		{"Nichtöffentliche Sitzung vom 12.03.2024", None},
		{"Antrag der FDP-Fraktion;\nhier: Liveübertragung von öffentlichen Rats- und Ausschusssitzungen", None}, // Hürtgenwald
		{"Öffentliche Niederschrift (Gemeinderat)", None},                                                       // Hürtgenwald, a file
		{"Gemeinderat (öffentlich/nicht öffentlich)", None},                                                     // Karlsruhe, a file
		{"Tagesordnung öffentlich", None},                                                                       // Karlsruhe, a file
		{"Ende öffentlicher Teil: 19:10 Uhr", None},                                                             // Nordstemmen minutes
		{"Ende der öffentlichen Sitzung", None},
		{"Der öffentliche Teil endet um 20.45 Uhr", None}, // Nordstemmen minutes
		{"Öffentlichkeit", None},                          // Nordstemmen minutes
		{"Öffentliche Parkfläche", None},                  // Nordstemmen minutes
		{"- öffentliche Auslegung", None},                 // Nordstemmen minutes
		{"Kündigung der öffentlich rechtlichen Vereinbarung", None},
		{"Veröffentlichung von Baumfälllisten", None}, // Nordstemmen
		{"Teil B", None},
		{"", None},
		{strings.Repeat("- ", 200) + "nichtöffentlicher Teil", None}, // too long for a heading
	}
	closed, open := 0, 0
	for _, tt := range tests {
		if got := Heading(tt.in); got != tt.want {
			t.Errorf("Heading(%q) = %s, want %s", tt.in, got, tt.want)
		}
		switch tt.want {
		case Closed:
			closed++
		case Open:
			open++
		}
	}
	if closed < 19 {
		t.Errorf("%d closed spellings in the table, want at least 19", closed)
	}
}

func FuzzHeading(f *testing.F) {
	for _, s := range []string{"Nichtöffentliche Sitzung", "< Sitzungsteil öffentlich >", "- nichtöffentlicher Teil - (nur nachrichtlich)",
		"Teil B - nichtöffentlich", "II. Nichtöffentlicher Teil", "Öffentlichkeit", "\u00ad", "oeffentlich", "ÖFFENTLICH"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Heading(s)
		if p != None && p != Open && p != Closed {
			t.Fatalf("Heading(%q) = %d", s, p)
		}
		// One heading, however it is normalized.
		if q := Heading(norm.NFD.String(s)); q != p && len(norm.NFD.String(s)) <= 4*maxLen {
			t.Errorf("Heading(%q) = %s, but its NFD form gives %s", s, p, q)
		}
	})
}
