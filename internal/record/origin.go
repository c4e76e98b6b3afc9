package record

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Origin says where a record came from, so that diagnostics found long after
// loading (a dangling reference, a duplicate ID) can still point at the line.
type Origin struct {
	File string
	Line int // line of the record's table header, 0 when unknown

	// Fields maps a field name (as written in the source, e.g. "paper") to
	// its line. Sources without positions leave it nil.
	Fields map[string]int
}

// At returns the position of a field, falling back to the record's own line.
func (o Origin) At(field string) Pos {
	if l, ok := o.Fields[field]; ok {
		return Pos{File: o.File, Line: l}
	}
	return Pos{File: o.File, Line: o.Line}
}

// Pos is a position in a source file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line[:col], the form editors jump to.
func (p Pos) String() string {
	s := p.File
	if s == "" {
		s = "-"
	}
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// Diagnostic is one problem found in the records.
type Diagnostic struct {
	Pos     Pos
	Field   string // the field the problem is in, e.g. "meeting.start"; empty for file-level problems
	Message string
}

// String formats the diagnostic as "file:line: field: message".
func (d Diagnostic) String() string {
	if d.Field == "" {
		return fmt.Sprintf("%s: %s", d.Pos, d.Message)
	}
	return fmt.Sprintf("%s: %s: %s", d.Pos, d.Field, d.Message)
}

// Diagnostics is a list of problems; it is an error when non-empty.
type Diagnostics []Diagnostic

// Error joins the diagnostics, one per line.
func (ds Diagnostics) Error() string {
	var b []byte
	for i, d := range ds {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, d.String()...)
	}
	return string(b)
}

// Sort orders ds by file and line, keeping the order of problems on one
// line.
func (ds Diagnostics) Sort() {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(strings.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line))
	})
}

// Err returns ds as an error, or nil when there are none.
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	return ds
}
