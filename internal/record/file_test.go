package record

import (
	"slices"
	"testing"
)

func TestFilePages(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"NoText", "", nil},
		{"OnePage", "Beschlussvorlage\n", []string{"Beschlussvorlage\n"}},
		{"ThreePages", "Seite eins\n\fSeite zwei\n\f\fSeite vier\n", []string{"Seite eins\n", "Seite zwei\n", "", "Seite vier\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := File{Text: tt.text}
			if got := f.Pages(); !slices.Equal(got, tt.want) {
				t.Errorf("Pages() = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEachFile: every file once, in the archive's order, with whether it
// may be published: its record is public and not closed session.
func TestEachFile(t *testing.T) {
	a := &Archive{
		Meetings: []*Meeting{
			{Public: true, Files: []File{{ID: "m1"}}, AgendaItems: []*AgendaItem{{Public: true, Files: []File{{ID: "i1"}}}, {Files: []File{{ID: "i2"}}}}},
			{Files: []File{{ID: "m2"}}, AgendaItems: []*AgendaItem{{Public: true, Files: []File{{ID: "i3"}}}}},
			// Closed session: the source published the entries, not their files.
			{Public: true, Files: []File{{ID: "m3"}}, AgendaItems: []*AgendaItem{{Public: true, ClosedSession: true, Files: []File{{ID: "i4"}}}},
				Headings: []*Heading{{Files: []File{{ID: "h1"}}}, {ClosedSession: true, Files: []File{{ID: "h2"}}}}},
			{Public: true, ClosedSession: true, Files: []File{{ID: "m4"}}, AgendaItems: []*AgendaItem{{Public: true, Files: []File{{ID: "i5"}}}},
				Headings: []*Heading{{Files: []File{{ID: "h3"}}}}},
		},
		Papers: []*Paper{{Public: true, Files: []File{{ID: "p1"}, {ID: "p2"}}}, {Files: []File{{ID: "p3"}}}},
	}
	var got []string
	a.EachFile(func(f *File, public bool) {
		if public {
			f.ID += "+"
		}
		got = append(got, f.ID)
	})
	want := []string{"m1+", "i1+", "i2", "m2", "i3", "m3+", "i4", "h1+", "h2", "m4", "i5", "h3", "p1+", "p2+", "p3"}
	if !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if a.Papers[0].Files[1].ID != "p2+" {
		t.Error("fn does not get the archive's file to change")
	}
}

// TestWebURL: only absolute http(s) addresses are links.
func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://ris.example.org/files/a.pdf": "https://ris.example.org/files/a.pdf",
		" HTTP://ris.example.org/a.pdf ":      "http://ris.example.org/a.pdf",
		"javascript:alert(1)":                 "",
		"data:text/html,<script>":             "",
		"/files/a.pdf":                        "",
		"//ris.example.org/a.pdf":             "",
		"":                                    "",
	} {
		if got := WebURL(in); got != want {
			t.Errorf("WebURL(%q) = %q, want %q", in, got, want)
		}
	}
}
