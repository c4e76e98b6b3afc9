package layout

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// em is the advance of every character in these tests, in ems.
const em = 0.5

// run draws s from x on baseline y in a font of the given size, one glyph
// per character, each em wide; spaces are drawn as Space glyphs when
// withSpaces is set and left as gaps otherwise.
func run(x, y, size float64, s string, withSpaces bool) []Glyph {
	var gs []Glyph
	for _, r := range s {
		w := em * size
		if r == ' ' {
			if withSpaces {
				gs = append(gs, Glyph{Text: " ", X0: x, X1: x + w, Y: y, Size: size, Space: true})
			}
			x += w
			continue
		}
		gs = append(gs, Glyph{Text: string(r), X0: x, X1: x + w, Y: y, Size: size})
		x += w
	}
	return gs
}

// words draws the words from x with gaps of gap ems and no space glyphs,
// as producers that position every word do.
func words(x, y, size, gap float64, ws ...string) []Glyph {
	var gs []Glyph
	for _, w := range ws {
		gs = append(gs, run(x, y, size, w, false)...)
		x += float64(len([]rune(w)))*em*size + gap*size
	}
	return gs
}

func cat(gss ...[]Glyph) []Glyph {
	var out []Glyph
	for _, gs := range gss {
		out = append(out, gs...)
	}
	return out
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		name   string
		glyphs []Glyph
		want   []string
	}{
		{"SpaceGlyphs", run(72, 700, 10, "Der Rat tagt", true), []string{"Der Rat tagt"}},
		{"GapsWithoutSpaces", words(72, 700, 10, 0.3, "Der", "Rat", "tagt"), []string{"Der Rat tagt"}},
		{"WideJustifiedGaps", words(72, 700, 10, 0.9, "Der", "Rat", "tagt"), []string{"Der Rat tagt"}},
		{
			// a word drawn in three runs around its umlaut, touching
			"UmlautInOwnRun",
			cat(run(72, 700, 10, "Geb", false), run(72+3*5, 700, 10, "ü", false), run(72+4*5, 700, 10, "hren", false)),
			[]string{"Gebühren"},
		},
		{
			// TeX draws the diaeresis as its own glyph over the letter
			"AccentOverLetter",
			cat(run(72, 700, 10, "Geb", false), []Glyph{{Text: "¨", X0: 87, X1: 92, Y: 700, Size: 10}}, run(87, 700, 10, "uhren", false)),
			[]string{"Gebühren"},
		},
		{
			"CombiningMarkAfterLetter",
			cat(run(72, 700, 10, "o", false), []Glyph{{Text: "\u0308", X0: 72.5, X1: 76.5, Y: 700, Size: 10}}, run(77, 700, 10, "ffentlich", false)),
			[]string{"öffentlich"},
		},
		{
			"FakeBoldDrawnTwice",
			cat(run(72, 700, 10, "Beschluss", false), run(72.3, 700, 10, "Beschluss", false)),
			[]string{"Beschluss"},
		},
		{
			"LinesTopToBottom",
			cat(run(72, 688, 10, "zweite Zeile", true), run(72, 700, 10, "erste Zeile", true)),
			[]string{"erste Zeile", "zweite Zeile"},
		},
		{
			"Superscript",
			cat(run(72, 700, 10, "CO", false), run(82, 703, 7, "2", false), run(85.5, 700, 10, "-Ausstoß", false)),
			[]string{"CO2-Ausstoß"},
		},
		{
			"ParagraphBreak",
			cat(run(72, 700, 10, "Absatz eins", true), run(72, 688, 10, "geht weiter", true), run(72, 660, 10, "Absatz zwei", true)),
			[]string{"Absatz eins", "geht weiter", "", "Absatz zwei"},
		},
		{
			"NotANumber",
			cat(run(72, 700, 10, "gut", true), []Glyph{{Text: "x", X0: math.NaN(), X1: 1, Y: 700, Size: 10}}),
			[]string{"gut"},
		},
		{
			"ControlCharacters",
			[]Glyph{{Text: "a", X0: 72, X1: 77, Y: 700, Size: 10}, {Text: "\x00", X0: 77, X1: 77, Y: 700, Size: 10},
				{Text: "b", X0: 77, X1: 82, Y: 700, Size: 10}, {Text: "\ufffd", X0: 82, X1: 82, Y: 700, Size: 10},
				{Text: "c", X0: 82, X1: 87, Y: 700, Size: 10}, {Text: "\n", X0: 87, X1: 87, Y: 700, Size: 10},
				{Text: "d", X0: 92, X1: 97, Y: 700, Size: 10}},
			[]string{"abc d"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Lines(tc.glyphs); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Lines = %q, want %q", got, tc.want)
			}
		})
	}
}

// twoColumns lays out left and right column lines side by side on shared
// baselines, drawing each row left then right, as some producers do.
func twoColumns(left, right []string) []Glyph {
	var gs []Glyph
	for i := range max(len(left), len(right)) {
		y := 700 - 12*float64(i)
		if i < len(left) {
			gs = append(gs, run(72, y, 10, left[i], false)...)
		}
		if i < len(right) {
			gs = append(gs, run(320, y, 10, right[i], false)...)
		}
	}
	return gs
}

func TestLinesTwoColumns(t *testing.T) {
	left := []string{"links eins zwei drei", "links vier fünf sechs", "links sieben acht neun", "links zehn elf zwölf", "links Ende"}
	right := []string{"rechts eins zwei drei", "rechts vier fünf sechs", "rechts sieben acht", "rechts zehn elf zwölf"}
	got := Lines(twoColumns(left, right))
	want := append(append(append([]string{}, left...), ""), right...)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Lines = %q\nwant %q", got, want)
	}

	t.Run("HeaderAcrossAndFooterApart", func(t *testing.T) {
		gs := cat(run(72, 740, 10, "Eine Überschrift quer über die ganze Seite hinweg bis ganz nach rechts", true),
			twoColumns(left, right), run(72, 400, 10, "Seite 3", true))
		got := Lines(gs)
		if got[0] != "Eine Überschrift quer über die ganze Seite hinweg bis ganz nach rechts" || got[len(got)-1] != "Seite 3" {
			t.Errorf("header or footer out of place: %q", got)
		}
		if !reflect.DeepEqual(got[2:len(got)-2], want) {
			t.Errorf("columns: %q", got)
		}
	})

	t.Run("ShortRightColumn", func(t *testing.T) {
		// the last page: a full left column, two lines on the right
		long := []string{"links eins zwei drei vier fünf", "links sechs sieben acht neun", "links zehn elf zwölf dreizehn",
			"links vierzehn fünfzehn sechzehn", "links siebzehn achtzehn neunzehn", "links zwanzig einundzwanzig zwei"}
		short := []string{"rechts eins zwei drei", "rechts vier Ende"}
		got := Lines(twoColumns(long, short))
		want := append(append(append([]string{}, long...), ""), short...)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Lines = %q\nwant %q", got, want)
		}
	})

	t.Run("TableReadByRows", func(t *testing.T) {
		// three cells a row, short words: a table, not columns
		var gs []Glyph
		for i := range 6 {
			y := 700 - 12*float64(i)
			gs = append(gs, run(72, y, 10, "Gremium", false)...)
			gs = append(gs, run(250, y, 10, "Termin", false)...)
			gs = append(gs, run(420, y, 10, "Ö", false)...)
		}
		got := Lines(gs)
		if len(got) != 6 || got[0] != "Gremium Termin Ö" {
			t.Errorf("table: %q", got)
		}
	})

	t.Run("JustifiedSingleColumn", func(t *testing.T) {
		// wide gaps that do not line up are no gutter
		var gs []Glyph
		for i := range 8 {
			y := 700 - 12*float64(i)
			ws := strings.Fields("Der Gemeinderat beschließt die Änderung der Satzung")
			gs = append(gs, words(72, y, 10, 0.3+0.25*float64(i%4), ws...)...)
		}
		for _, l := range Lines(gs) {
			if l != "Der Gemeinderat beschließt die Änderung der Satzung" {
				t.Errorf("line %q", l)
			}
		}
	})
}

func TestLinesWithoutWidths(t *testing.T) {
	// a library that knows no widths reports every glyph of a run at the
	// run's start; the order within the run must survive
	var gs []Glyph
	for _, r := range "Stellungnahme" {
		gs = append(gs, Glyph{Text: string(r), X0: 72, X1: 72, Y: 700, Size: 10})
	}
	if got := Lines(gs); !reflect.DeepEqual(got, []string{"Stellungnahme"}) {
		t.Errorf("Lines = %q", got)
	}
}

// BenchmarkLinesManyLines lays out a page of 20,000 glyphs each on a line
// of its own, the shape a fuzzer found to take a minute when every line
// looked at all lines below it.
func BenchmarkLinesManyLines(b *testing.B) {
	var gs []Glyph
	for i := range 20000 {
		gs = append(gs, Glyph{Text: "x", X0: float64(i % 500), X1: float64(i%500) + 5, Y: float64(-i), Size: 1})
		gs = append(gs, Glyph{Text: "y", X0: float64(i%500) + 300, X1: float64(i%500) + 305, Y: float64(-i), Size: 1})
	}
	b.ResetTimer()
	for range b.N {
		Lines(gs)
	}
}
