// Package config reads ratsarchiv's settings from the site's config.toml.
// The file is Hugo's configuration too: our settings live in the table
// [params.ratsarchiv], decoded here into a typed, validated struct, while
// Hugo reads the rest itself.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// Config is the part of config.toml that ratsarchiv reads.
type Config struct {
	// Path is the config file; SiteDir the folder it is in, which may hold
	// layouts/, content/, static/ and i18n/ files of its own (the theme in
	// the binary has the rest).
	Path    string
	SiteDir string

	BaseURL string // Hugo's baseURL
	Title   string // Hugo's title
	Locale  string // Hugo's locale ("de", "en"), formerly languageCode

	Archive Archive
}

// Archive holds the [params.ratsarchiv] settings.
type Archive struct {
	// Records is the folder of TOML records, relative to the site folder.
	Records string `toml:"records"`
	// TimeZone of dates written without an offset (IANA name).
	TimeZone string `toml:"timeZone"`
	// Redact lists record IDs of any kind (organizations, persons,
	// meetings, agenda items, papers) to withhold from every output, as if
	// they were not public; an ID that matches no record is an error.
	Redact []string `toml:"redact"`
	// RedactLines is the line in the config file of each Redact entry, in
	// the same order; shorter when a line is not known.
	RedactLines []int `toml:"-"`
	// FeedLimit is the number of entries in the site feed.
	FeedLimit int `toml:"feedLimit"`
	// ClosedSessions says what the site shows of agenda items (and
	// meetings) treated in closed session: ClosedSessionsTitles (the
	// default) or ClosedSessionsOmit.
	ClosedSessions string `toml:"closedSessions"`

	// Location is TimeZone loaded.
	Location *time.Location `toml:"-"`
}

// The values of closedSessions.
const (
	// ClosedSessionsTitles publishes the number, title, meeting and date
	// of closed-session items, marked "nicht öffentlich", and nothing of
	// their deliberation.
	ClosedSessionsTitles = "titles"
	// ClosedSessionsOmit withholds closed-session items and meetings like
	// records with public = false.
	ClosedSessionsOmit = "omit"
)

// Gate is what the privacy gate takes from the settings: the redactions,
// and whether closed-session records are withheld (closedSessions = "omit").
func (a *Archive) Gate() gate.Options {
	return gate.Options{Redact: a.Redact, OmitClosedSessions: a.ClosedSessions == ClosedSessionsOmit}
}

// file mirrors the keys of config.toml that we read; the rest is Hugo's.
type file struct {
	BaseURL      string `toml:"baseURL"`
	Title        string `toml:"title"`
	Locale       string `toml:"locale"`
	LanguageCode string `toml:"languageCode"` // deprecated by Hugo 0.158 in favour of locale
	Params       struct {
		Ratsarchiv *Archive `toml:"ratsarchiv"`
	} `toml:"params"`
}

// Load reads and validates path.
func Load(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	// The parser recurses once per level: a deeply nested file would
	// crash it.
	var ne *tomlrec.NestingError
	if err := tomlrec.CheckNesting(src); errors.As(err, &ne) {
		return nil, fmt.Errorf("%s:%d: %s", path, ne.Line, ne.Error())
	}
	var f file
	md, err := toml.Decode(string(src), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d:%d: %s", path, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// The rest of the file is Hugo's; our own table must not lose a
	// misspelt setting silently.
	if unknown := unknownOwnKeys(md); len(unknown) > 0 {
		return nil, fmt.Errorf("%s: %s", path, strings.Join(unknown, "\n"+path+": "))
	}
	if f.Locale == "" {
		f.Locale = f.LanguageCode
	}
	c := &Config{
		Path:    abs,
		SiteDir: filepath.Dir(abs),
		BaseURL: f.BaseURL,
		Title:   f.Title,
		Locale:  f.Locale,
	}
	if f.Params.Ratsarchiv != nil {
		c.Archive = *f.Params.Ratsarchiv
	}
	if len(c.Archive.Redact) > 0 {
		c.Archive.RedactLines = redactLines(src)
	}
	if err := c.validate(path); err != nil {
		return nil, err
	}
	return c, nil
}

// ownKeys are the settings of [params.ratsarchiv].
var ownKeys = []string{"records", "timeZone", "redact", "feedLimit", "closedSessions"}

// unknownOwnKeys reports keys of [params.ratsarchiv] that we do not know,
// with a suggestion when one is close.
func unknownOwnKeys(md toml.MetaData) []string {
	var out []string
	for _, k := range md.Undecoded() {
		if len(k) != 3 || k[0] != "params" || k[1] != "ratsarchiv" {
			continue
		}
		msg := fmt.Sprintf("params.ratsarchiv.%s: unknown setting", k[2])
		if s := record.Closest(k[2], ownKeys); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		out = append(out, msg)
	}
	return out
}

func (c *Config) validate(path string) error {
	var errs []string
	a := &c.Archive
	if a.Records == "" {
		a.Records = "records"
	}
	if a.TimeZone == "" {
		a.TimeZone = "Europe/Berlin"
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		errs = append(errs, fmt.Sprintf("params.ratsarchiv.timeZone: unknown time zone %q", a.TimeZone))
	}
	a.Location = loc
	if a.FeedLimit == 0 {
		a.FeedLimit = 50
	}
	if a.FeedLimit < 0 {
		errs = append(errs, "params.ratsarchiv.feedLimit: must not be negative")
	}
	switch a.ClosedSessions {
	case "":
		a.ClosedSessions = ClosedSessionsTitles
	case ClosedSessionsTitles, ClosedSessionsOmit:
	default:
		errs = append(errs, fmt.Sprintf("params.ratsarchiv.closedSessions: %q: want %q (show titles, the default) or %q", a.ClosedSessions, ClosedSessionsTitles, ClosedSessionsOmit))
	}
	if c.Locale == "" {
		c.Locale = "de"
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %s", path, strings.Join(errs, "\n"+path+": "))
	}
	return nil
}

// RecordsDir is the absolute records folder.
func (c *Config) RecordsDir() string {
	if filepath.IsAbs(c.Archive.Records) {
		return c.Archive.Records
	}
	return filepath.Join(c.SiteDir, c.Archive.Records)
}
