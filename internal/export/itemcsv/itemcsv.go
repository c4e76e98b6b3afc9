// Package itemcsv writes every public agenda item as CSV (RFC 4180: comma
// separated, fields quoted where needed, CRLF line ends; UTF-8 without a
// byte order mark): data/agenda-items.csv for the whole archive and
// data/agenda-items-YYYY.csv for each year, one row per item in meeting
// and agenda order. docs/exports.md describes the columns.
//
// Spreadsheet apps run a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula, and record text is untrusted: such a cell
// gets a leading apostrophe, as OWASP advises against CSV injection, which
// the apps show as text.
package itemcsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// AllPath is the site path of the CSV of all agenda items.
const AllPath = "/data/agenda-items.csv"

// YearPath is the site path of the CSV of a year's agenda items (by the
// day of their meeting).
func YearPath(year int) string { return "/data/agenda-items-" + strconv.Itoa(year) + ".csv" }

// Header names the columns.
var Header = []string{
	"date", "committee", "meeting", "number", "title", "result", "result_category",
	"votes_yes", "votes_no", "votes_abstain", "unanimous", "paper_reference", "url", "id", "closed_session",
}

// Options configure the CSV files.
type Options struct {
	// BaseURL is the site's public URL; the url column links below it.
	BaseURL string
	// Location is the zone of the date column; nil keeps each record's.
	Location *time.Location
}

// Write writes the CSV of all agenda items and one for each year that has
// meetings into d. Years are those of the meetings' start as recorded, as
// the site's year pages have them.
func Write(d *export.Dir, a *record.Archive, opts Options) error {
	names := make(map[string]string, len(a.Organizations))
	for _, o := range a.Organizations {
		names[o.ID] = o.Name
	}
	papers := make(map[string]*record.Paper, len(a.Papers))
	for _, p := range a.Papers {
		papers[p.ID] = p
	}
	var years []int
	byYear := map[int][]*record.Meeting{}
	for _, m := range a.Meetings {
		y := m.Start.Year()
		if _, ok := byYear[y]; !ok {
			years = append(years, y)
		}
		byYear[y] = append(byYear[y], m)
	}
	rows := func(ms []*record.Meeting) func(io.Writer) error {
		return func(w io.Writer) error {
			cw := csv.NewWriter(w)
			cw.UseCRLF = true
			if err := cw.Write(Header); err != nil {
				return err
			}
			for _, m := range ms {
				for _, it := range m.AgendaItems {
					if err := cw.Write(opts.row(m, it, names, papers)); err != nil {
						return err
					}
				}
			}
			cw.Flush()
			return cw.Error()
		}
	}
	if err := d.Write(AllPath, rows(a.Meetings)); err != nil {
		return err
	}
	for _, y := range years {
		if err := d.Write(YearPath(y), rows(byYear[y])); err != nil {
			return err
		}
	}
	return nil
}

func (o Options) local(t time.Time) time.Time {
	if o.Location != nil {
		return t.In(o.Location)
	}
	return t
}

// row is one agenda item's cells.
func (o Options) row(m *record.Meeting, it *record.AgendaItem, names map[string]string, papers map[string]*record.Paper) []string {
	committees := make([]string, len(m.Organizations))
	for i, id := range m.Organizations {
		committees[i] = names[id]
		if committees[i] == "" {
			committees[i] = id
		}
	}
	var yes, no, abstain, unanimous string
	if v := it.Votes; v != nil {
		if v.Yes != 0 || v.No != 0 || v.Abstain != 0 || !v.Unanimous {
			yes, no, abstain = strconv.Itoa(v.Yes), strconv.Itoa(v.No), strconv.Itoa(v.Abstain)
		}
		if v.Unanimous {
			unanimous = "true"
		}
	}
	var ref, closed string
	if p := papers[it.Paper]; p != nil {
		ref = p.Reference
	}
	if it.ClosedSession {
		closed = "true"
	}
	row := []string{
		o.local(m.Start).Format(time.DateOnly), strings.Join(committees, "; "), m.Name, it.Number, it.Name,
		it.Result, string(it.ResultCategory), yes, no, abstain, unanimous, ref,
		export.URL(o.BaseURL, permalink.AgendaItem(it.ID)), it.ID, closed,
	}
	for i, c := range row {
		row[i] = Cell(c)
	}
	return row
}

// Cell makes text safe for spreadsheet apps: text that they would run as a
// formula gets a leading apostrophe.
func Cell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
