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
