package minutetext

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Meta is what a minutes text does not say about itself: the meeting's
// body, committee, date and place, and for a per-item text the item's
// number and name. The import command takes it from flags, from a sidecar
// FILE.meta.toml and from a --meta file, in that order of precedence (see
// Over); full minutes fill the gaps from their preamble.
type Meta struct {
	Body           string `toml:"body"`
	Organization   string `toml:"organization"`
	OrganizationID string `toml:"organizationId"`
	MeetingID      string `toml:"meetingId"`
	MeetingName    string `toml:"meetingName"`
	Date           string `toml:"date"` // 2022-09-13 or 2022-09-13T17:00
	End            string `toml:"end"`
	Location       string `toml:"location"`
	ItemID         string `toml:"itemId"`
	ItemNumber     string `toml:"itemNumber"`
	ItemName       string `toml:"itemName"`
	Kind           string `toml:"kind"` // auto, item, minutes
}

// fields lists the fields of m by their key in a metadata file.
func (m *Meta) fields() map[string]*string {
	return map[string]*string{
		"body": &m.Body, "organization": &m.Organization, "organizationId": &m.OrganizationID,
		"meetingId": &m.MeetingID, "meetingName": &m.MeetingName, "date": &m.Date, "end": &m.End,
		"location": &m.Location, "itemId": &m.ItemID, "itemNumber": &m.ItemNumber, "itemName": &m.ItemName,
		"kind": &m.Kind,
	}
}

// Over returns m with its empty fields filled from fallback.
func (m Meta) Over(fallback Meta) Meta {
	from := fallback.fields()
	for key, dst := range m.fields() {
		if *dst == "" {
			*dst = *from[key]
		}
	}
	return m
}

// ReadMeta reads a metadata file. Unknown keys are errors, so that a typo
// never drops metadata silently.
func ReadMeta(path string) (Meta, error) {
	var raw map[string]any
	md, err := toml.DecodeFile(path, &raw)
	if err != nil {
		return Meta{}, fmt.Errorf("%s: %w", path, err)
	}
	var m Meta
	known := m.fields()
	keys := md.Keys()
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		name := k.String()
		dst, ok := known[name]
		if !ok {
			names := make([]string, 0, len(known))
			for n := range known {
				names = append(names, n)
			}
			sort.Strings(names)
			return Meta{}, fmt.Errorf("%s: unknown key %q (known: %s)", path, name, strings.Join(names, ", "))
		}
		switch v := raw[name].(type) {
		case string:
			*dst = v
		case int64:
			*dst = strconv.FormatInt(v, 10) // itemNumber = 6
		case time.Time:
			*dst = formatMetaTime(v)
		default:
			return Meta{}, fmt.Errorf("%s: %s: want a string, got %T", path, name, v)
		}
	}
	return m, nil
}

// formatMetaTime writes a TOML date or local datetime back in the form the
// flags take, so that it is read in the archive's time zone; times with an
// offset keep it. BurntSushi/toml marks values without an offset by these
// (internal) location names; MetaData.Type calls all of them "Datetime".
func formatMetaTime(t time.Time) string {
	switch t.Location().String() {
	case "date-local":
		return t.Format("2006-01-02")
	case "datetime-local":
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format(time.RFC3339)
}

// parseMetaTime reads 2022-09-13, 2022-09-13T17:00[:00] or RFC 3339.
func parseMetaTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("bad date %q: want 2022-09-13 or 2022-09-13T17:00", s)
}
