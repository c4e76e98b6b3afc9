package tomlrec

import "strconv"

// FormatVersion is the version of the record format (docs/records.md) this
// package writes, as the top-level key `format` of every file. Load reads
// files of MinFormatVersion through FormatVersion; a file without the key
// is of version 1 (records written before the key existed, and by hand).
const (
	FormatVersion    = 1
	MinFormatVersion = 1
)

// readFormat checks the file's format version. It reports false, with a
// diagnostic, for a version Load cannot read: the file's other fields may
// mean something else there, so they are not read at all.
func (f *fileDecoder) readFormat(top *obj) bool {
	if _, written := top.m["format"]; !written {
		return true
	}
	v, ok := top.integer("format")
	switch {
	case !ok:
		return false // integer reported the type
	case v > FormatVersion:
		top.errorf("format", "records format %d is newer than this ratsarchiv reads (%s): update ratsarchiv", v, readable())
		return false
	case v < MinFormatVersion:
		top.errorf("format", "no records format %d: this ratsarchiv reads %s", v, readable())
		return false
	}
	return true
}

// readable names the versions Load reads: "1" or "1 to 3".
func readable() string {
	if MinFormatVersion == FormatVersion {
		return strconv.Itoa(FormatVersion)
	}
	return strconv.Itoa(MinFormatVersion) + " to " + strconv.Itoa(FormatVersion)
}
