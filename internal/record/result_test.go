package record

import "testing"

func TestClassifyResult(t *testing.T) {
	tests := []struct {
		result string
		want   ResultCategory
	}{
		{"", ResultNone},
		{"   ", ResultNone},
		{"Kenntnis genommen", ResultNoted},
		{"zur Kenntnis genommen", ResultNoted},
		{"einstimmig beschlossen", ResultApproved},
		{"mehrheitlich beschlossen", ResultApproved},
		{"Einstimmig", ResultApproved},
		{"ungeändert beschlossen", ResultApproved}, // must not match "geändert"
		{"geändert beschlossen", ResultApprovedAmended},
		{"mit Änderungen beschlossen", ResultApprovedAmended},
		{"abgelehnt", ResultRejected},
		{"mehrheitlich abgelehnt", ResultRejected}, // "mehrheitlich" alone means approved
		{"nicht beschlossen", ResultRejected},
		{"vertagt", ResultPostponed},
		{"von der Tagesordnung abgesetzt", ResultPostponed},
		{"zurückgezogen", ResultWithdrawn},
		{"Empfehlung an den Rat", ResultOther},
		// Wordings found in the Nordstemmen minutes.
		{"nicht genehmigt", ResultRejected},
		{"Der Rat beschließt die Satzung.", ResultApproved},
		{"Beschluss ergeht mit 8 Ja-Stimmen", ResultApproved},
		{"zustimmend zur Kenntnis genommen", ResultNoted},
		{"einstimmig zur Kenntnis genommen", ResultNoted},
		// Only the count is published (Hürtgenwald).
		{"11 Ja-Stimmen, 1 Enthaltung, 0 Nein-Stimmen", ResultApproved},
		{"5 Ja-Stimmen, 7 Nein-Stimmen", ResultRejected},
		{"Ja: 5, Nein: 2", ResultOther}, // no count the rule can pair; stays as published
		{"Ohne", ResultOther},
		{"Beschlussempfehlung: einstimmig empfohlen", ResultApproved},
	}
	for _, tt := range tests {
		if got := ClassifyResult(tt.result); got != tt.want {
			t.Errorf("ClassifyResult(%q) = %q, want %q", tt.result, got, tt.want)
		}
	}
}

func TestParseResultCategory(t *testing.T) {
	for _, c := range ResultCategories {
		got, err := ParseResultCategory(string(c))
		if err != nil || got != c {
			t.Errorf("ParseResultCategory(%q) = %q, %v", c, got, err)
		}
	}
	if _, err := ParseResultCategory("accepted"); err == nil {
		t.Error("ParseResultCategory(accepted): want error")
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct {
		name, short, want string
	}{
		{"Ausschuss für Soziales", "Sozialausschuss", "Sozialausschuss"},
		{"Haupt- und Finanzausschuss", "HFA", "Haupt- und Finanzausschuss"},
		{"Bau- und Umweltausschuss", "BA-UWA", "Bau- und Umweltausschuss"},
		{"Rat", "", "Rat"},
		{"", "GR", "GR"},
	}
	for _, tt := range tests {
		o := &Organization{Name: tt.name, ShortName: tt.short}
		if got := o.DisplayName(); got != tt.want {
			t.Errorf("DisplayName(%q, %q) = %q, want %q", tt.name, tt.short, got, tt.want)
		}
	}
}
