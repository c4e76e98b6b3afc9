package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// textMeta is what a minutes text does not say about itself: the meeting's
// body, committee, date and place, and for a per-item text the item's
// number and name. It comes from flags, from a sidecar FILE.meta.toml, or
// from a --meta file, in that order of precedence; full minutes fill the
// gaps from their preamble.
type textMeta struct {
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

// over returns m with the empty fields filled from fallback.
func (m textMeta) over(fallback textMeta) textMeta {
	for _, f := range []struct{ dst, src *string }{
		{&m.Body, &fallback.Body}, {&m.Organization, &fallback.Organization}, {&m.OrganizationID, &fallback.OrganizationID},
		{&m.MeetingID, &fallback.MeetingID}, {&m.MeetingName, &fallback.MeetingName}, {&m.Date, &fallback.Date},
		{&m.End, &fallback.End}, {&m.Location, &fallback.Location}, {&m.ItemID, &fallback.ItemID},
		{&m.ItemNumber, &fallback.ItemNumber}, {&m.ItemName, &fallback.ItemName}, {&m.Kind, &fallback.Kind},
	} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
	return m
}

// importTextOptions are the flags of "import text".
type importTextOptions struct {
	Out      string
	MetaFile string
	TimeZone string
	Quiet    bool
	textMeta
}

// AddFlags registers the flags.
func (o *importTextOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Out, "out", "", "records `dir` to write (replaced as a whole when the import succeeds)")
	fs.StringVar(&o.MetaFile, "meta", "", "TOML `file` with meeting metadata for all files (a FILE.meta.toml beside a file wins over it)")
	fs.StringVar(&o.TimeZone, "time-zone", "Europe/Berlin", "time `zone` of dates and clock times in the texts")
	fs.BoolVarP(&o.Quiet, "quiet", "q", false, "no per-file coverage report")
	fs.StringVar(&o.Kind, "kind", "", "how to read the files: item, minutes, or auto (default: auto, by their structure)")
	fs.StringVar(&o.Body, "body", "", "the council's body, e.g. \"Gemeinde Nordstemmen\" (default: read from full minutes)")
	fs.StringVar(&o.Organization, "organization", "", "committee or council that met, e.g. \"Sozialausschuss\" (default: read from full minutes)")
	fs.StringVar(&o.OrganizationID, "organization-id", "", "record `id` of the organization (default: derived from its name)")
	fs.StringVar(&o.MeetingID, "meeting-id", "", "record `id` of the meeting (default: organization and date)")
	fs.StringVar(&o.MeetingName, "meeting-name", "", "meeting `name` (default: read from full minutes, or organization and date)")
	fs.StringVar(&o.Date, "date", "", "meeting start: 2022-09-13 or 2022-09-13T17:00 (default: read from full minutes)")
	fs.StringVar(&o.End, "end", "", "meeting end, same forms as --date")
	fs.StringVar(&o.Location, "location", "", "where the meeting took place")
	fs.StringVar(&o.ItemNumber, "item-number", "", "agenda item number of a per-item text (one file only)")
	fs.StringVar(&o.ItemName, "item-name", "", "agenda item name of a per-item text (one file only)")
}

func (m *Main) importTextCommand() *cobra.Command {
	var opts importTextOptions
	cmd := &cobra.Command{
		Use:   "text FILE… --out DIR",
		Short: "Convert minute texts into TOML records",
		Long: `import text reads plain-text minutes and writes them as records
(docs/records.md) into DIR.

Two kinds of text are understood:

  - full minutes of a meeting (Niederschrift, Protokoll) with attendance list,
    agenda and one "Zu Punkt N:" or "TOP N" section per item: each file becomes
    a meeting with one agenda item per section;
  - the minutes of a single agenda item as council systems export them
    ("Beratungsergebnis: …", discussion, "Beschluss: …"): each file becomes an
    agenda item of the meeting given by the flags or the sidecar.

Result, resolution, votes, speakers and the discussion are read from the
text. Metadata the text lacks comes from flags, from FILE.meta.toml beside a
file, or from --meta FILE (keys: body, organization, organizationId,
meetingId, meetingName, date, end, location, itemId, itemNumber, itemName,
kind). Files in Windows-1252 or Latin-1 are converted; other encodings are
rejected. The records are checked by loading them back before DIR is
replaced; a coverage report per file goes to stderr.`,
		Example: `  ratsarchiv import text Niederschrift_Rat_29.03.2022.txt --out records/minutes
  ratsarchiv import text top6.txt --body "Stadt Rheine" --organization Sozialausschuss \
      --date 2022-09-13T17:00 --item-number 6 --item-name "Integration" --out records/soz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runImportText(cmd.Context(), opts, args)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// textFile is one input file, parsed.
type textFile struct {
	path    string
	meta    textMeta
	minutes *minutetext.Minutes // full minutes, or
	item    *minutetext.Item    // a single item
}

func (m *Main) runImportText(ctx context.Context, opts importTextOptions, args []string) error {
	if opts.Out == "" {
		return fmt.Errorf("%w: --out DIR is required", errUsage)
	}
	loc, err := time.LoadLocation(opts.TimeZone)
	if err != nil {
		return fmt.Errorf("%w: --time-zone: %v", errUsage, err)
	}
	var shared textMeta
	if opts.MetaFile != "" {
		if shared, err = readTextMeta(opts.MetaFile); err != nil {
			return err
		}
	}
	if (opts.ItemNumber != "" || opts.ItemName != "") && len(args) > 1 {
		return fmt.Errorf("%w: --item-number and --item-name name one item; give them per file in FILE.meta.toml", errUsage)
	}

	var files []textFile
	for _, path := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := readTextFile(path, opts.textMeta, shared)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	a, warnings, err := textArchive(files, loc)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(m.Stderr, "warning:", w)
	}
	if !opts.Quiet {
		reportCoverage(m, files)
	}
	return writeRecords(opts.Out, a, loc)
}

// readTextFile reads, decodes and parses one file with its metadata.
func readTextFile(path string, flags, shared textMeta) (textFile, error) {
	f := textFile{path: path}
	side := textMeta{}
	if sp := path + ".meta.toml"; fileExists(sp) {
		var err error
		if side, err = readTextMeta(sp); err != nil {
			return f, err
		}
	}
	f.meta = flags.over(side).over(shared)
	raw, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	text, err := minutetext.Decode(raw)
	if err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	switch f.meta.Kind {
	case "item":
		f.item, err = minutetext.ParseItem(text)
	case "minutes":
		f.minutes, err = minutetext.ParseMinutes(text)
	case "", "auto":
		// Full minutes have headings, an attendance list or an agenda.
		var mt *minutetext.Minutes
		if mt, err = minutetext.ParseMinutes(text); err == nil {
			if isFullMinutes(mt) {
				f.minutes = mt
			} else {
				f.item, err = minutetext.ParseItem(text)
			}
		}
	default:
		return f, fmt.Errorf("%s: kind %q: want item, minutes or auto", path, f.meta.Kind)
	}
	if err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

func isFullMinutes(m *minutetext.Minutes) bool {
	if m.Attendance.Text != "" || m.AgendaText != "" {
		return true
	}
	for _, s := range m.Sections {
		if s.Heading != "" {
			return true
		}
	}
	return false
}

// readTextMeta reads a metadata file; unknown keys are errors, so that a
// typo never drops metadata silently.
func readTextMeta(path string) (textMeta, error) {
	var raw map[string]any
	md, err := toml.DecodeFile(path, &raw)
	if err != nil {
		return textMeta{}, fmt.Errorf("%s: %w", path, err)
	}
	var tm textMeta
	known := map[string]*string{
		"body": &tm.Body, "organization": &tm.Organization, "organizationId": &tm.OrganizationID,
		"meetingId": &tm.MeetingID, "meetingName": &tm.MeetingName, "date": &tm.Date, "end": &tm.End,
		"location": &tm.Location, "itemId": &tm.ItemID, "itemNumber": &tm.ItemNumber, "itemName": &tm.ItemName,
		"kind": &tm.Kind,
	}
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
			return textMeta{}, fmt.Errorf("%s: unknown key %q (known: %s)", path, name, strings.Join(names, ", "))
		}
		switch v := raw[name].(type) {
		case string:
			*dst = v
		case int64:
			*dst = strconv.FormatInt(v, 10) // itemNumber = 6
		case time.Time:
			*dst = formatMetaTime(v, md.Type(name))
		default:
			return textMeta{}, fmt.Errorf("%s: %s: want a string, got %T", path, name, v)
		}
	}
	return tm, nil
}

// formatMetaTime writes a TOML date or local datetime back in the form the
// flags take; times with an offset keep it.
func formatMetaTime(t time.Time, typ string) string {
	switch typ {
	case "LocalDate":
		return t.Format("2006-01-02")
	case "LocalDatetime":
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

// textArchive turns the parsed files into an archive: one meeting per full
// minutes; per-item files join the meeting their metadata names.
func textArchive(files []textFile, loc *time.Location) (a *record.Archive, warnings []string, err error) {
	a = &record.Archive{}
	orgs := map[string]*record.Organization{}
	meetings := map[string]*record.Meeting{}
	minutesOf := map[string]string{} // meeting ID → the full minutes it came from
	var errs []error

	body := ""
	for _, f := range files {
		if f.meta.Body != "" {
			body = f.meta.Body
			break
		}
		if f.minutes != nil && body == "" {
			body = f.minutes.BodyName()
		}
	}
	if body == "" {
		return nil, nil, fmt.Errorf("%w: the council's body is not in the texts: give --body (e.g. --body \"Stadt Rheine\")", errUsage)
	}
	a.Body = record.Body{ID: idPart(body), Name: body, Language: "de"}

	meetingFor := func(f textFile, mt textMeta, mins *minutetext.Minutes) (*record.Meeting, error) {
		org := mt.Organization
		if org == "" && mins != nil {
			org = mins.Organization
		}
		if org == "" {
			return nil, fmt.Errorf("%s: no committee or council: give --organization or organization in %s.meta.toml", f.path, f.path)
		}
		orgID := mt.OrganizationID
		if orgID == "" {
			orgID = idPart(org)
		}
		if orgs[orgID] == nil {
			orgs[orgID] = &record.Organization{ID: orgID, Name: org}
		}
		var start, end time.Time
		if mt.Date != "" {
			t, err := parseMetaTime(mt.Date, loc)
			if err != nil {
				return nil, fmt.Errorf("%s: date: %v", f.path, err)
			}
			start = t
		} else if mins != nil {
			start, end = mins.Start(loc), mins.Stop(loc)
		}
		if start.IsZero() {
			return nil, fmt.Errorf("%s: no meeting date: give --date or date in %s.meta.toml", f.path, f.path)
		}
		if mt.End != "" {
			t, err := parseMetaTime(mt.End, loc)
			if err != nil {
				return nil, fmt.Errorf("%s: end: %v", f.path, err)
			}
			end = t
		}
		id := mt.MeetingID
		if id == "" {
			id = orgID + "-" + start.Format("2006-01-02")
		}
		if mtg := meetings[id]; mtg != nil {
			// Per-item files share a meeting; full minutes are a meeting
			// of their own. Two minutes of one committee on one day (a
			// joint session filed under both committees) get IDs of their
			// own, with a warning.
			other := minutesOf[id]
			if mins == nil && other == "" {
				return mtg, nil
			}
			if other == "" {
				other = "per-item files"
			}
			if mins == nil || mt.MeetingID != "" {
				return nil, fmt.Errorf("%s: meeting %q is also the meeting of %s: give it its own --meeting-id or date", f.path, id, other)
			}
			base := id
			for n := 2; meetings[id] != nil; n++ {
				id = base + "-" + strconv.Itoa(n)
			}
			warnings = append(warnings, fmt.Sprintf("%s: a meeting of %s on %s is imported from %s already; this one is %q",
				f.path, org, start.Format("2006-01-02"), other, id))
		}
		name := mt.MeetingName
		if name == "" && mins != nil {
			name = mins.MeetingName
		}
		if name == "" {
			name = "Sitzung " + org + " am " + start.Format("02.01.2006")
		}
		location := mt.Location
		if location == "" && mins != nil {
			location = mins.Location
		}
		mtg := &record.Meeting{ID: id, Name: name, Organizations: []string{orgID}, Start: start, End: end, Location: location, Public: true}
		meetings[id] = mtg
		if mins != nil {
			minutesOf[id] = f.path
		}
		return mtg, nil
	}

	for _, f := range files {
		if f.minutes != nil {
			mtg, err := meetingFor(f, f.meta, f.minutes)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			mtg.Files = minutesFiles(f.minutes)
			mtg.AgendaItems = minutesItems(mtg.ID, f.minutes)
			continue
		}
		mtg, err := meetingFor(f, f.meta, nil)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		order := len(mtg.AgendaItems) + 1
		number := f.meta.ItemNumber
		id := f.meta.ItemID
		if id == "" {
			key := number
			if key == "" {
				key = strconv.Itoa(order)
			}
			id = mtg.ID + "-" + idPart(key)
		}
		name := f.meta.ItemName
		if name == "" {
			name = f.item.Summary(100)
		}
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(f.path), filepath.Ext(f.path))
		}
		ai := &record.AgendaItem{ID: id, Number: number, Order: order, Name: name, Public: true}
		f.item.ApplyTo(ai)
		mtg.AgendaItems = append(mtg.AgendaItems, ai)
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	for _, o := range orgs {
		a.Organizations = append(a.Organizations, o)
	}
	for _, mtg := range meetings {
		a.Meetings = append(a.Meetings, mtg)
	}
	a.Sort()
	return a, warnings, nil
}

// minutesItems returns the agenda items of full minutes: one per section,
// and one per agenda entry that has no section (items not minuted, as in a
// meeting that was not quorate), in the order of the agenda. Sections the
// agenda does not list follow the section before them.
func minutesItems(meetingID string, m *minutetext.Minutes) []*record.AgendaItem {
	type placed struct {
		key float64
		ai  *record.AgendaItem
	}
	agendaAt := map[string]int{}
	for i, e := range m.Agenda {
		if _, dup := agendaAt[e.Number]; !dup {
			agendaAt[e.Number] = i
		}
	}
	var items []placed
	seen := map[string]bool{}
	ids := map[string]bool{}
	newID := func(key string) string {
		id := meetingID + "-" + idPart(key)
		for n := 2; ids[id]; n++ {
			id = meetingID + "-" + idPart(key) + "-" + strconv.Itoa(n)
		}
		ids[id] = true
		return id
	}
	last := -1.0
	for i := range m.Sections {
		s := &m.Sections[i]
		key := last + 0.001
		if at, ok := agendaAt[s.Number]; ok && !seen[s.Number] {
			key = float64(at)
		}
		seen[s.Number] = true
		last = key
		num := s.Number
		if num == "" {
			num = strconv.Itoa(i + 1)
		}
		items = append(items, placed{key, s.AgendaItem(newID(num), 0)})
	}
	for i, e := range m.Agenda {
		if seen[e.Number] {
			continue
		}
		seen[e.Number] = true
		items = append(items, placed{float64(i), &record.AgendaItem{ID: newID(e.Number), Number: e.Number, Name: e.Title, Public: true}})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].key < items[j].key })
	out := make([]*record.AgendaItem, len(items))
	for i, p := range items {
		p.ai.Order = i + 1
		out[i] = p.ai
	}
	return out
}

// minutesFiles keeps the parts of full minutes that belong to no agenda
// item as text files of the meeting, so that nothing of the text is lost:
// the attendance list, and the closing with signatures and attachments.
func minutesFiles(m *minutetext.Minutes) []record.File {
	var fs []record.File
	if m.Attendance.Text != "" {
		fs = append(fs, record.File{Name: "Anwesenheit", MimeType: "text/plain", Text: m.Attendance.Text})
	}
	if m.Closing != "" {
		fs = append(fs, record.File{Name: "Schluss und Anlagen der Niederschrift", MimeType: "text/plain", Text: m.Closing})
	}
	return fs
}

// writeRecords writes the archive into a staging folder, loads it back to
// check it, and swaps it in for out.
func writeRecords(out string, a *record.Archive, loc *time.Location) error {
	stage, err := atomicdir.Stage(out)
	if err != nil {
		return err
	}
	defer stage.Abort()
	if err := tomlrec.Write(stage.Dir(), a); err != nil {
		return err
	}
	if _, diags, err := tomlrec.Load(stage.Dir(), tomlrec.Options{Location: loc}); err != nil {
		return err
	} else if len(diags) > 0 {
		msgs := make([]string, len(diags))
		for i, d := range diags {
			msgs[i] = d.String()
		}
		return fmt.Errorf("import text: the records written do not load (a bug; %s left unchanged):\n%s", out, strings.Join(msgs, "\n"))
	}
	return stage.Commit()
}

// reportCoverage prints what was understood of each file.
func reportCoverage(m *Main, files []textFile) {
	var sections, headed, results, votes, matched, agenda int
	for _, f := range files {
		if it := f.item; it != nil {
			votes := "no votes"
			if it.Votes != nil {
				votes = "votes " + formatVotes(it.Votes)
			}
			fmt.Fprintf(m.Stderr, "%s: agenda item: result %q (%s), %s, resolution %d chars, %d speakers, %d paper references\n",
				f.path, it.Result, orNone(string(it.ResultCategory)), votes, len([]rune(it.ResolutionText)), len(it.Speakers), len(it.PaperRefs))
			continue
		}
		mt := f.minutes
		var h, r, v int
		byNum := map[string]bool{}
		for _, s := range mt.Sections {
			if s.Heading != "" {
				h++
			}
			if s.Result != "" {
				r++
			}
			if s.Votes != nil {
				v++
			}
			byNum[s.Number] = true
		}
		mm := 0
		for _, e := range mt.Agenda {
			if byNum[e.Number] {
				mm++
			}
		}
		att := len(mt.Attendance.Present) + len(mt.Attendance.Absent) + len(mt.Attendance.Administration) + len(mt.Attendance.Guests)
		fmt.Fprintf(m.Stderr, "%s: minutes %s: %d sections (%d under a heading), agenda entries with a section %d/%d, results %d, votes %d, attendance %d\n",
			f.path, mt.Date.Format("2006-01-02"), len(mt.Sections), h, mm, len(mt.Agenda), r, v, att)
		sections += len(mt.Sections)
		headed += h
		results += r
		votes += v
		matched += mm
		agenda += len(mt.Agenda)
	}
	if sections > 0 {
		fmt.Fprintf(m.Stderr, "total: %d sections (%d under a heading), agenda entries with a section %d/%d, results %d, votes %d\n",
			sections, headed, matched, agenda, results, votes)
	}
}

func formatVotes(v *record.Votes) string {
	s := fmt.Sprintf("%d/%d/%d", v.Yes, v.No, v.Abstain)
	if v.Unanimous {
		s += " unanimous"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// idPart turns a name into an ID part: lower case, German letters spelt out,
// words joined by hyphens ("Ortsrat Groß Escherde" → "ortsrat-gross-escherde").
func idPart(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == 'ä':
			b.WriteString("ae")
		case r == 'ö':
			b.WriteString("oe")
		case r == 'ü':
			b.WriteString("ue")
		case r == 'ß':
			b.WriteString("ss")
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
	}
	id := strings.TrimSuffix(b.String(), "-")
	if len(id) > 60 {
		id = strings.TrimSuffix(id[:60], "-")
	}
	if id == "" {
		id = "x"
	}
	return id
}
