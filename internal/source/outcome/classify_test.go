package outcome

import (
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		result string
		want   record.ResultCategory
	}{
		{"", record.ResultNone},
		{"   ", record.ResultNone},
		{"Kenntnis genommen", record.ResultNoted},
		{"zur Kenntnis genommen", record.ResultNoted},
		{"einstimmig beschlossen", record.ResultApproved},
		{"mehrheitlich beschlossen", record.ResultApproved},
		{"Einstimmig", record.ResultApproved},
		{"ungeändert beschlossen", record.ResultApproved}, // must not match "geändert"
		{"geändert beschlossen", record.ResultApprovedAmended},
		{"mit Änderungen beschlossen", record.ResultApprovedAmended},
		{"abgelehnt", record.ResultRejected},
		{"mehrheitlich abgelehnt", record.ResultRejected}, // "mehrheitlich" alone means approved
		{"nicht beschlossen", record.ResultRejected},
		{"vertagt", record.ResultPostponed},
		{"von der Tagesordnung abgesetzt", record.ResultPostponed},
		{"zurückgezogen", record.ResultWithdrawn},
		{"Empfehlung an den Rat", record.ResultOther},
		// Wordings found in the Nordstemmen minutes.
		{"nicht genehmigt", record.ResultRejected},
		{"Der Rat beschließt die Satzung.", record.ResultApproved},
		{"Beschluss ergeht mit 8 Ja-Stimmen", record.ResultApproved},
		{"zustimmend zur Kenntnis genommen", record.ResultNoted},
		{"einstimmig zur Kenntnis genommen", record.ResultNoted},
		// Only the count is published (Hürtgenwald).
		{"11 Ja-Stimmen, 1 Enthaltung, 0 Nein-Stimmen", record.ResultApproved},
		{"5 Ja-Stimmen, 7 Nein-Stimmen", record.ResultRejected},
		{"Ja: 5, Nein: 2", record.ResultOther}, // no count the rule can pair; stays as published
		// No result recorded: no category, so no badge (issue 11).
		{"Ohne", record.ResultNone},
		{"ohne", record.ResultNone},
		{"Ohne.", record.ResultNone},
		{"(kein Text vorhanden)", record.ResultNone},
		{"Ohne, da Mitteilungsvorlage.", record.ResultNoted},
		{"Beschlussempfehlung: einstimmig empfohlen", record.ResultApproved},
	}
	for _, tt := range tests {
		if got := Classify(tt.result); got != tt.want {
			t.Errorf("Classify(%q) = %q, want %q", tt.result, got, tt.want)
		}
	}
}
