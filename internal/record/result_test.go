package record

import "testing"

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
		// Full names, not what the source abbreviates (issue 11).
		{"Ausschuss für Soziales", "Sozialausschuss", "Ausschuss für Soziales"},
		{"Schulausschuss", "SchA", "Schulausschuss"},
		{"Gemeinderat", "GR", "Gemeinderat"},
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

func TestPersonDisplayName(t *testing.T) {
	tests := []struct {
		p    Person
		want string
	}{
		{Person{Name: "Herr Volker R. Beißel", FormOfAddress: "Herr", GivenName: "Volker R.", FamilyName: "Beißel"}, "Volker R. Beißel"},
		{Person{Name: "Dr. Anna Gehrke", FormOfAddress: "Frau", Title: "Dr.", GivenName: "Anna", FamilyName: "Gehrke"}, "Dr. Anna Gehrke"},
		{Person{Name: "Frau Dr. Gehrke", Title: "Dr.", GivenName: "Anna", FamilyName: "Gehrke"}, "Dr. Anna Gehrke"},
		{Person{Name: "Herr Niemann", FamilyName: "Niemann", Title: "Prof. Dr."}, "Prof. Dr. Niemann"},
		{Person{Name: "Frau Hermann"}, "Hermann"},
		{Person{Name: "Herrmann"}, "Herrmann"},
		{Person{Name: "Herr"}, "Herr"},
	}
	for _, tt := range tests {
		if got := tt.p.DisplayName(); got != tt.want {
			t.Errorf("DisplayName(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}
