package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoad(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		p := write(t, `baseURL = "https://example.org/rat/"
title = "Ratsarchiv"
locale = "en"
[params.ratsarchiv]
records = "example/records"
redact = ["x"]
`)
		c, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if c.BaseURL != "https://example.org/rat/" || c.Locale != "en" || c.Archive.Redact[0] != "x" {
			t.Errorf("config = %+v", c)
		}
		if got, want := c.RecordsDir(), filepath.Join(filepath.Dir(p), "example", "records"); got != want {
			t.Errorf("RecordsDir = %q, want %q", got, want)
		}
		if c.Archive.Location.String() != "Europe/Berlin" || c.Archive.FeedLimit != 50 || c.Archive.ClosedSessions != ClosedSessionsTitles {
			t.Errorf("defaults: %+v", c.Archive)
		}
		if g := c.Archive.Gate(); !slices.Equal(g.Redact, []string{"x"}) || g.OmitClosedSessions {
			t.Errorf("gate options = %+v", g)
		}
	})
	t.Run("ClosedSessionsOmit", func(t *testing.T) {
		c, err := Load(write(t, "[params.ratsarchiv]\nclosedSessions = \"omit\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if !c.Archive.Gate().OmitClosedSessions {
			t.Errorf("closedSessions = omit does not reach the gate: %+v", c.Archive.Gate())
		}
	})
	t.Run("ErrClosedSessions", func(t *testing.T) {
		_, err := Load(write(t, "[params.ratsarchiv]\nclosedSessions = \"hide\"\n"))
		if err == nil || !strings.Contains(err.Error(), `params.ratsarchiv.closedSessions: "hide": want "titles" (show titles, the default) or "omit"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ErrTimeZone", func(t *testing.T) {
		_, err := Load(write(t, "[params.ratsarchiv]\ntimeZone = \"Mars/Olympus\"\n"))
		if err == nil || !strings.Contains(err.Error(), `params.ratsarchiv.timeZone: unknown time zone "Mars/Olympus"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ErrUnknownSetting", func(t *testing.T) {
		_, err := Load(write(t, "[params]\nother = 1\n[params.ratsarchiv]\nrecord = \"r\"\nfeedLimt = 3\n"))
		if err == nil || !strings.Contains(err.Error(), `params.ratsarchiv.record: unknown setting (did you mean "records"?)`) ||
			!strings.Contains(err.Error(), `params.ratsarchiv.feedLimt: unknown setting (did you mean "feedLimit"?)`) {
			t.Errorf("err = %v", err)
		}
		if strings.Contains(err.Error(), "other") {
			t.Errorf("Hugo's own params are not ours to judge: %v", err)
		}
	})
	t.Run("ErrSyntax", func(t *testing.T) {
		_, err := Load(write(t, "title = \n"))
		if err == nil || !strings.Contains(err.Error(), "config.toml:1:") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("RedactLines", func(t *testing.T) {
		// Every way TOML can write the list: the line of each entry is
		// where its string starts.
		for name, tc := range map[string]struct {
			src   string
			lines []int
		}{
			"Table": {"[params.ratsarchiv]\nredact = [\"a\", 'b']\n", []int{2, 2}},
			"MultiLine": {"title = \"x\"\n[params.ratsarchiv]\n# redact = [\"no\"]\nredact = [\n  \"a\", # a comment [\"x\"]\n\n  '''b''',\n  \"\"\"c\"\"\",\n  \"d\\\"]\",\n]\nfeedLimit = 3\n",
				[]int{5, 7, 8, 9}},
			"DottedKey":     {"[params]\nratsarchiv.redact = [\"a\",\n\"b\"]\n", []int{2, 3}},
			"InlineTable":   {"[params]\nother = { redact = [\"no\"] }\nratsarchiv = { records = \"r\", redact = [\"a\"] }\n", []int{3}},
			"KeysInAnyCase": {"[Params]\nRatsArchiv = { REDACT = [\"a\"] }\n", []int{2}},
			"OtherTables":   {"[params.other]\nredact = [\"no\"]\n[params.ratsarchiv]\nredact = [\"a\"]\n[[menu.main]]\nredact = 1\n", []int{4}},
		} {
			t.Run(name, func(t *testing.T) {
				c, err := Load(write(t, tc.src))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(c.Archive.RedactLines, tc.lines) || len(c.Archive.Redact) != len(tc.lines) {
					t.Errorf("redact %q at lines %v, want %v", c.Archive.Redact, c.Archive.RedactLines, tc.lines)
				}
				if got := c.RedactPos(c.Archive.Redact[0]); got.File != c.Path || got.Line != tc.lines[0] {
					t.Errorf("RedactPos = %v", got)
				}
			})
		}
	})
}

// TestLoadRejectsDeepNesting: a config that nests deeper than the TOML
// parser can follow is an error with file and line, not a crash.
func TestLoadRejectsDeepNesting(t *testing.T) {
	p := write(t, "title = \"x\"\n[params]\ndeep = "+strings.Repeat("[", 2_000_000)+strings.Repeat("]", 2_000_000)+"\n")
	_, err := Load(p)
	if err == nil || !strings.HasPrefix(err.Error(), p+":3: TOML nests more than") {
		t.Fatalf("err = %v, want %s:3: and the nesting", err, p)
	}
}
