package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// importTextOptions are the flags of "import text".
type importTextOptions struct {
	Out      string
	MetaFile string
	TimeZone string
	Quiet    bool
	minutetext.Meta
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

func (m *Main) runImportText(ctx context.Context, opts importTextOptions, args []string) error {
	if opts.Out == "" {
		return fmt.Errorf("%w: --out DIR is required", cli.ErrUsage)
	}
	loc, err := time.LoadLocation(opts.TimeZone)
	if err != nil {
		return fmt.Errorf("%w: --time-zone: %v", cli.ErrUsage, err)
	}
	var shared minutetext.Meta
	if opts.MetaFile != "" {
		if shared, err = minutetext.ReadMeta(opts.MetaFile); err != nil {
			return err
		}
	}
	if (opts.ItemNumber != "" || opts.ItemName != "") && len(args) > 1 {
		return fmt.Errorf("%w: --item-number and --item-name name one item; give them per file in FILE.meta.toml", cli.ErrUsage)
	}
	keep := []atomicdir.Keep{{Path: opts.MetaFile, What: "the --meta file"}}
	for _, path := range args {
		keep = append(keep, atomicdir.Keep{Path: path, What: "a minutes text to import"})
	}
	if err := checkImportOut(opts.Out, keep...); err != nil {
		return err
	}

	var texts []minutetext.Text
	for _, path := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		t, err := readText(path, opts.Meta, shared)
		if err != nil {
			return err
		}
		texts = append(texts, t)
	}
	a, warnings, err := minutetext.Archive(texts, loc)
	if errors.Is(err, minutetext.ErrNoBody) {
		return fmt.Errorf("%w: %v", cli.ErrUsage, err)
	} else if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(m.Stderr, "warning:", w)
	}
	if !opts.Quiet {
		reportCoverage(m.Stderr, texts)
	}
	return tomlrec.Save(opts.Out, a, tomlrec.Options{Location: loc})
}

// readText reads, decodes and parses one file. Its metadata are the flags,
// over the sidecar FILE.meta.toml, over the shared --meta file.
func readText(path string, flags, shared minutetext.Meta) (minutetext.Text, error) {
	var side minutetext.Meta
	if sp := path + ".meta.toml"; fileExists(sp) {
		var err error
		if side, err = minutetext.ReadMeta(sp); err != nil {
			return minutetext.Text{}, err
		}
	}
	meta := flags.Over(side).Over(shared)
	raw, err := os.ReadFile(path)
	if err != nil {
		return minutetext.Text{}, err
	}
	text, err := minutetext.Decode(raw)
	if err != nil {
		return minutetext.Text{}, fmt.Errorf("%s: %w", path, err)
	}
	return minutetext.ParseText(path, text, meta)
}

// reportCoverage prints what was understood of each file.
func reportCoverage(w io.Writer, texts []minutetext.Text) {
	var sections, headed, results, votes, matched, agenda int
	for _, t := range texts {
		if it := t.Item; it != nil {
			votes := "no votes"
			if it.Votes != nil {
				votes = "votes " + formatVotes(it.Votes)
			}
			fmt.Fprintf(w, "%s: agenda item: result %q (%s), %s, resolution %d chars, %d speakers, %d paper references\n",
				t.Path, it.Result, orNone(string(it.ResultCategory)), votes, len([]rune(it.ResolutionText)), len(it.Speakers), len(it.PaperRefs))
			continue
		}
		mt := t.Minutes
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
		fmt.Fprintf(w, "%s: minutes %s: %d sections (%d under a heading), agenda entries with a section %d/%d, results %d, votes %d, attendance %d\n",
			t.Path, mt.Date.Format("2006-01-02"), len(mt.Sections), h, mm, len(mt.Agenda), r, v, att)
		sections += len(mt.Sections)
		headed += h
		results += r
		votes += v
		matched += mm
		agenda += len(mt.Agenda)
	}
	if sections > 0 {
		fmt.Fprintf(w, "total: %d sections (%d under a heading), agenda entries with a section %d/%d, results %d, votes %d\n",
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
