package tomlrec

import (
	"bytes"
	"fmt"
)

// MaxNesting bounds how deeply a TOML document may nest tables, arrays and
// dotted keys. The TOML parser recurses once per nested array or inline
// table, so a file of two million "[" killed the program with a stack
// overflow, and it joins dotted keys over and over, so ten thousand dotted
// parts took seconds. Records nest four levels deep; Hugo configs a few more.
const MaxNesting = 32

// NestingError is CheckNesting's report: the document nests deeper than
// MaxNesting at Line.
type NestingError struct {
	Line  int // 1-based
	Depth int // the depth reached there, just above MaxNesting or a key's
}

func (e *NestingError) Error() string {
	return fmt.Sprintf("TOML nests more than %d levels deep (tables, arrays, inline tables and dotted keys together), which nothing needs", MaxNesting)
}

// CheckNesting scans a TOML document without parsing it, and returns a
// *NestingError where it nests deeper than MaxNesting. Call it before the
// parser, which would recurse that deep. It reads strings and comments as
// the parser does and everything else leniently: on a document that is not
// TOML it may stop early or report nesting, and the parser reports the
// syntax error. The scan takes time linear in the size of src and no
// memory beyond a stack of MaxNesting entries.
func CheckNesting(src []byte) error {
	s := nestScanner{src: src, line: 1, expectKey: true}
	return s.run()
}

type nestScanner struct {
	src  []byte
	i    int
	line int

	// frames are the open arrays ('[') and inline tables ('{') with the
	// depth of each.
	frames []nestFrame
	// tableDepth is the depth of the table the last header opened; the
	// document's root table has depth 0, its values depth 1.
	tableDepth int
	// expectKey is set where a key may start: at the start of a top-level
	// line and after "{" or "," in an inline table; dots then separate
	// key parts. After "=" a value follows, whose depth is valueDepth.
	expectKey  bool
	dots       int
	valueDepth int
}

type nestFrame struct {
	open  byte
	depth int
}

// structural are the bytes the scan acts on outside strings; it skips the
// others in a tight loop.
var structural = [256]bool{'\n': true, '#': true, '"': true, '\'': true, '.': true, '=': true, '[': true, '{': true, ']': true, '}': true, ',': true}

func (s *nestScanner) run() error {
	for s.i < len(s.src) {
		c := s.src[s.i]
		if !structural[c] {
			s.i++
			continue
		}
		switch c {
		case '\n':
			s.line++
			if len(s.frames) == 0 {
				s.expectKey, s.dots = true, 0
			}
		case '#':
			s.skipComment()
			continue
		case '"', '\'':
			s.skipString(c)
			continue
		case '.':
			if s.expectKey {
				s.dots++
			}
		case '=':
			if s.expectKey {
				s.valueDepth = s.base() + s.dots + 1
				s.expectKey, s.dots = false, 0
				if err := s.check(s.valueDepth); err != nil {
					return err
				}
			}
		case '[':
			if len(s.frames) == 0 && s.expectKey {
				if err := s.header(); err != nil {
					return err
				}
				continue
			}
			if err := s.open('['); err != nil {
				return err
			}
		case '{':
			if err := s.open('{'); err != nil {
				return err
			}
			s.expectKey, s.dots = true, 0
		case ']', '}':
			if n := len(s.frames); n > 0 {
				s.frames = s.frames[:n-1]
			}
			s.expectKey = false
		case ',':
			if n := len(s.frames); n > 0 && s.frames[n-1].open == '{' {
				s.expectKey, s.dots = true, 0
			}
		}
		s.i++
	}
	return nil
}

// base is the depth of the table that keys at this point belong to.
func (s *nestScanner) base() int {
	if n := len(s.frames); n > 0 {
		return s.frames[n-1].depth
	}
	return s.tableDepth
}

// open starts an array or inline table as the value at this point.
func (s *nestScanner) open(c byte) error {
	d := s.valueDepth
	switch n := len(s.frames); {
	case n > 0 && s.frames[n-1].open == '[':
		d = s.frames[n-1].depth + 1 // an element
	case s.expectKey: // not TOML; count it all the same
		d = s.base() + s.dots + 1
	}
	if err := s.check(d + 1); err != nil { // its contents
		return err
	}
	s.frames = append(s.frames, nestFrame{open: c, depth: d})
	return nil
}

// header reads a table header, [a.b] or [[a.b]], up to its closing bracket.
func (s *nestScanner) header() error {
	s.i++ // [
	depth := 1
	if s.i < len(s.src) && s.src[s.i] == '[' {
		s.i++
		depth++ // an element of an array of tables
	}
	for s.i < len(s.src) {
		switch c := s.src[s.i]; c {
		case '"', '\'':
			s.skipString(c)
			continue
		case '.':
			depth++
		case ']', '\n', '#':
			s.tableDepth = depth
			s.expectKey, s.dots = false, 0 // only a comment may follow
			if c == ']' {
				s.i++
				if s.i < len(s.src) && s.src[s.i] == ']' {
					s.i++
				}
			}
			return s.check(depth + 1) // its contents
		}
		s.i++
	}
	return s.check(depth + 1)
}

func (s *nestScanner) check(depth int) error {
	if depth > MaxNesting {
		return &NestingError{Line: s.line, Depth: depth}
	}
	return nil
}

// skipComment moves to the end of the line, before its newline.
func (s *nestScanner) skipComment() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// skipString moves past a string that starts at s.i with quote q: basic
// ("…", with backslash escapes) or literal ('…'), single- or multi-line.
// A single-line string ends at a newline if it was not closed.
func (s *nestScanner) skipString(q byte) {
	stops := "'\n"
	if q == '"' {
		stops = "\"\\\n"
	}
	multi := s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q
	if multi {
		s.i += 3
	} else {
		s.i++
	}
	for s.i < len(s.src) {
		k := bytes.IndexAny(s.src[s.i:], stops)
		if k < 0 {
			s.i = len(s.src)
			return
		}
		s.i += k
		switch c := s.src[s.i]; {
		case c == '\\': // only in basic strings
			if s.i+1 < len(s.src) && s.src[s.i+1] == '\n' {
				if !multi {
					return // not TOML; the line ends the string
				}
				s.line++
			}
			s.i += 2
			continue
		case c == '\n':
			if !multi {
				return
			}
			s.line++
		case !multi:
			s.i++
			return
		case s.i+2 < len(s.src) && s.src[s.i+1] == q && s.src[s.i+2] == q:
			// The delimiter is the last three of up to five quotes.
			n := 3
			for n < 5 && s.i+n < len(s.src) && s.src[s.i+n] == q {
				n++
			}
			s.i += n
			return
		}
		s.i++
	}
	s.i = min(s.i, len(s.src))
}
