package minutetext

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Decode turns the bytes of a text file into a string. UTF-8 (with or
// without byte order mark) is taken as it is, UTF-16 with a byte order mark
// is converted, and anything else is read as Windows-1252, the superset of
// Latin-1 that German office software writes. Input that is none of these
// (binary data, a PDF, a DOS code page) is rejected with an error saying
// why, rather than turned into garbled text.
func Decode(raw []byte) (string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(raw)
		if err != nil {
			return "", fmt.Errorf("%w: UTF-16: %v", ErrNotText, err)
		}
		return Decode(out)
	case bytes.HasPrefix(raw, []byte("%PDF-")):
		return "", fmt.Errorf("%w: this is a PDF; extract its text first (e.g. pdftotext -layout)", ErrNotText)
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return "", fmt.Errorf("%w: NUL byte at offset %d (binary data, or UTF-16 without byte order mark)", ErrNotText, i)
	}
	if i := controlByte(raw); i >= 0 {
		return "", fmt.Errorf("%w: control byte 0x%02X at offset %d (binary data?)", ErrNotText, raw[i], i)
	}
	if utf8.Valid(raw) {
		return string(raw), nil
	}
	// Not UTF-8: Windows-1252 leaves five bytes undefined, and its
	// punctuation in 0x80–0x9F never stands between two letters; either is
	// the mark of another code page (CP850 writes "ü" as 0x81).
	for i, b := range raw {
		switch b {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return "", fmt.Errorf("%w: byte 0x%02X at offset %d is neither UTF-8 nor Windows-1252/Latin-1 (a DOS code page such as CP850?)", ErrNotText, b, i)
		}
		if b >= 0x80 && b <= 0x9F && !w1252Letter[b] && i > 0 && i+1 < len(raw) && asciiLetter(raw[i-1]) && asciiLetter(raw[i+1]) {
			return "", fmt.Errorf("%w: byte 0x%02X at offset %d inside a word: not UTF-8, and Windows-1252 would garble it (a DOS or Mac code page?)", ErrNotText, b, i)
		}
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", fmt.Errorf("%w: Windows-1252: %v", ErrNotText, err)
	}
	return string(out), nil
}

// w1252Letter marks the bytes in 0x80–0x9F that Windows-1252 maps to
// letters (Š, Œ, Ž, š, œ, ž, Ÿ, ƒ), which may stand inside words.
var w1252Letter = [256]bool{0x83: true, 0x8A: true, 0x8C: true, 0x8E: true, 0x9A: true, 0x9C: true, 0x9E: true, 0x9F: true}

func asciiLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// controlByte returns the offset of the first C0 control byte that text
// files do not hold (anything but tab, line feed, form feed, carriage
// return), or -1.
func controlByte(raw []byte) int {
	for i, b := range raw {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r' {
			return i
		}
	}
	return -1
}
