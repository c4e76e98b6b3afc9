package tomlrec

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unique"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// obj reads the fields of one TOML table into the model, collecting a
// diagnostic for every field that is missing, mistyped or unknown instead of
// stopping at the first.
type obj struct {
	f    *fileDecoder
	m    map[string]any
	path string // key path with indexes, as keyLines builds it: "agendaItem[2]"
	kind string // the field prefix users see: "agendaItem"
	used map[string]bool
}

func (f *fileDecoder) obj(m map[string]any, path, kind string) *obj {
	return &obj{f: f, m: m, path: path, kind: kind, used: make(map[string]bool, len(m))}
}

// origin returns the record's origin with the line of each of its keys.
func (o *obj) origin() record.Origin {
	or := record.Origin{File: o.f.name, Line: o.f.lines[o.path]}
	if len(o.m) > 0 { // none for no keys, as the records cache gives it back
		or.Fields = make(map[string]int, len(o.m))
	}
	for k := range o.m {
		if l, ok := o.f.lines[join(o.path, k)]; ok {
			or.Fields[unique.Make(k).Value()] = l // see detach
		}
	}
	if or.Line == 0 { // an inline table: use its first key
		for _, l := range or.Fields {
			if or.Line == 0 || l < or.Line {
				or.Line = l
			}
		}
	}
	return or
}

func (o *obj) pos(key string) record.Pos {
	if l, ok := o.f.lines[join(o.path, key)]; ok {
		return record.Pos{File: o.f.name, Line: l}
	}
	return record.Pos{File: o.f.name, Line: o.f.lines[o.path]}
}

func (o *obj) errorf(key, format string, args ...any) {
	o.f.diags = append(o.f.diags, record.Diagnostic{
		Pos: o.pos(key), Field: join(o.kind, key), Message: fmt.Sprintf(format, args...),
	})
}

func (o *obj) get(key string) (any, bool) {
	o.used[key] = true
	v, ok := o.m[key]
	return v, ok
}

func (o *obj) str(key string) string {
	v, ok := o.get(key)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		o.errorf(key, "want a string, found %s", typeName(v))
	}
	return detach(s)
}

// detach copies a string out of the parsed file. The TOML parser returns
// values without escapes as slices of the whole file's text, so a record
// keeping one would keep the whole file: at 100,000 agenda items, 350 MB
// of TOML source stayed alive beside the records made from it.
func detach(s string) string { return strings.Clone(s) }

// strs accepts a list of strings or, for convenience, a single string.
// An empty list is none: the archive is the same whether a record writes
// `speakers = []` or leaves the key out (and the records cache, whose gob
// keeps no empty list, gives it back the same).
func (o *obj) strs(key string) []string {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case string:
		return []string{detach(v)}
	case []any:
		out := make([]string, 0, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok {
				o.errorf(key, "element %d: want a string, found %s", i+1, typeName(e))
				continue
			}
			out = append(out, detach(s))
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	o.errorf(key, "want a string or a list of strings, found %s", typeName(v))
	return nil
}

func (o *obj) boolean(key string, def bool) bool {
	v, ok := o.get(key)
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		o.errorf(key, "want true or false, found %s", typeName(v))
		return def
	}
	return b
}

func (o *obj) integer(key string) (int, bool) {
	v, ok := o.get(key)
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		o.errorf(key, "want an integer, found %s", typeName(v))
		return 0, false
	}
	return int(n), true
}

// timeLayouts are the string forms accepted besides TOML's own dates, for
// records written by hand ("2024-03-12 17:00").
var timeLayouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
}

// MinYear and MaxYear bound the years of the dates records hold, in the
// site's time zone: TOML and RFC 3339 write four-digit years, and Hugo's
// date functions fail on a date that the zone moves past them
// (9999-12-31T23:59:59-12:00 is in the year 10000 in Berlin).
const (
	MinYear = 1
	MaxYear = 9999
)

// CheckYear returns an error when t lies outside MinYear to MaxYear in loc.
func CheckYear(t time.Time, loc *time.Location) error {
	if y := t.In(loc).Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("lies in the year %d in the time zone %s: dates must lie in the years %d to %d", y, loc, MinYear, MaxYear)
	}
	return nil
}

// time reads a TOML date or datetime, or a string in one of timeLayouts.
// Values without an offset are local to the archive's time zone.
func (o *obj) time(key string) time.Time {
	v, ok := o.get(key)
	if !ok {
		return time.Time{}
	}
	t, ok := o.parseTime(key, v)
	if !ok {
		return time.Time{}
	}
	if err := CheckYear(t, o.f.loc); err != nil {
		o.errorf(key, "date %s %v", formatTOML(v), err)
		return time.Time{}
	}
	return t
}

// parseTime converts a TOML value into a time in the archive's time zone.
func (o *obj) parseTime(key string, v any) (time.Time, bool) {
	loc := o.f.loc
	switch v := v.(type) {
	case time.Time:
		// BurntSushi/toml marks values without an offset with these
		// (internal) location names.
		switch v.Location().String() {
		case "time-local": // a bare time of day, dated 0000-01-01
			o.errorf(key, "want a date or date and time, found only a time of day")
			return time.Time{}, false
		case "datetime-local", "date-local":
			return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), loc), true
		}
		return v.In(loc), true
	case string:
		for _, layout := range timeLayouts {
			if t, err := time.ParseInLocation(layout, strings.TrimSpace(v), loc); err == nil {
				return t.In(loc), true
			}
		}
		o.errorf(key, "bad date %q: want YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][±HH:MM]", v)
		return time.Time{}, false
	}
	o.errorf(key, "want a date, found %s", typeName(v))
	return time.Time{}, false
}

// formatTOML shows a date value as the file has it.
func formatTOML(v any) string {
	if t, ok := v.(time.Time); ok {
		switch t.Location().String() {
		case "datetime-local":
			return t.Format("2006-01-02T15:04:05")
		case "date-local":
			return t.Format("2006-01-02")
		}
		return t.Format(time.RFC3339)
	}
	return fmt.Sprintf("%q", v)
}

// table reads a nested table (`votes = { … }` or `[x.votes]`).
func (o *obj) table(key string) *obj {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		o.errorf(key, "want a table, found %s", typeName(v))
		return nil
	}
	return o.f.obj(m, join(o.path, key), join(o.kind, key))
}

// tables reads an array of tables (`[[x.file]]` or `file = [{…}]`).
func (o *obj) tables(key string) []*obj {
	v, ok := o.get(key)
	if !ok {
		return nil
	}
	var list []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		list = v
	case []any:
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				o.errorf(key, "element %d: want a table, found %s", i+1, typeName(e))
				continue
			}
			list = append(list, m)
		}
	case map[string]any: // a single [x.file] table
		list = []map[string]any{v}
	default:
		o.errorf(key, "want a list of tables, found %s", typeName(v))
		return nil
	}
	out := make([]*obj, len(list))
	for i, m := range list {
		out[i] = o.f.obj(m, join(o.path, key)+"["+strconv.Itoa(i)+"]", join(o.kind, key))
	}
	return out
}

// done reports the keys no reader asked for, with a suggestion when one is
// close to a known field: a misspelt "resolutiontext" must not vanish.
func (o *obj) done() {
	var unknown, known []string
	for k := range o.used {
		known = append(known, k)
	}
	for k := range o.m {
		if !o.used[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		msg := "unknown field"
		if s := record.Closest(k, known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		o.errorf(k, "%s", msg)
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// join builds a dotted key path; the top-level table has the empty path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
