package config

import (
	"os"
	"path/filepath"
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
		if c.Archive.Location.String() != "Europe/Berlin" || c.Archive.FeedLimit != 50 {
			t.Errorf("defaults: %+v", c.Archive)
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
}
