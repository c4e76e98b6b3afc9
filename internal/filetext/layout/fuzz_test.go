package layout

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// glyphsFrom decodes fuzz bytes into glyphs, 12 bytes each: a rune and
// four coordinates.
func glyphsFrom(data []byte) []Glyph {
	var gs []Glyph
	for len(data) >= 12 {
		r := rune(binary.LittleEndian.Uint16(data))
		x := float64(int16(binary.LittleEndian.Uint16(data[2:])))
		w := float64(data[4]) / 8
		y := float64(int16(binary.LittleEndian.Uint16(data[5:])))
		size := float64(data[7]) / 4
		if data[8]&1 == 1 {
			size = math.NaN()
		}
		gs = append(gs, Glyph{Text: string(r), X0: x, X1: x + w, Y: y, Size: size, Space: data[9]&1 == 1})
		data = data[12:]
	}
	return gs
}

// FuzzLines lays out arbitrary glyphs: never a panic, valid UTF-8, and no
// letter that was not drawn.
func FuzzLines(f *testing.F) {
	f.Add([]byte("a\x00\x10\x00\x28\x00\x02\x28\x00\x00\x00\x00b\x00\x15\x00\x28\x00\x02\x28\x00\x00\x00\x00"))
	f.Add(make([]byte, 12*40))
	f.Fuzz(func(t *testing.T, data []byte) {
		gs := glyphsFrom(data)
		lines := Lines(gs)
		in := 0
		for _, g := range gs {
			if !g.Space {
				in += utf8.RuneCountInString(g.Text)
			}
		}
		out := 0
		for _, l := range lines {
			if !utf8.ValidString(l) {
				t.Fatalf("invalid UTF-8: %q", l)
			}
			out += utf8.RuneCountInString(strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, l))
		}
		if out > in {
			t.Fatalf("%d characters out of %d glyphs", out, in)
		}
	})
}
