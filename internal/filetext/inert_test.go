package filetext

import "testing"

// TestInertExtension: what Sniff says of a document, an image and an
// archive may be published; what it says of anything a browser could run
// may not.
func TestInertExtension(t *testing.T) {
	for _, tc := range []struct {
		data, ext string
	}{
		{"%PDF-1.7\n", ".pdf"},
		{"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", ".png"},
		{"\xff\xd8\xff\xe0\x00\x10JFIF", ".jpg"},
		{"{\\rtf1\\ansi Hallo}", ".rtf"},
		{"<!DOCTYPE html><html><body>Vorlage</body></html>", ""},
		{"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", ""},
		{"Nur Text, aber <script>alert(1)</script>", ""},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", ""},
	} {
		mt := Sniff([]byte(tc.data))
		if got := InertExtension(mt); got != tc.ext {
			t.Errorf("%.20q sniffed as %s: extension %q, want %q", tc.data, mt, got, tc.ext)
		}
	}
}
