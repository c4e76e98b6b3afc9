package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// huertgenwaldOrigin is the endpoint the Hürtgenwald crawl was made from.
const huertgenwaldOrigin = "https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0"

// TestImportOParlCrawl crawls the Hürtgenwald corpus from a local server
// through the command line and checks that every meeting, agenda item and
// paper of the source became exactly one record. (That each gets its page
// internal/faithful's TestNothingLost checks, on every corpus.)
func TestImportOParlCrawl(t *testing.T) {
	dir := testcorpus.Dir(t, "huertgenwald-oparl")
	srv := oparltest.New(t, dir, huertgenwaldOrigin)
	out := filepath.Join(t.TempDir(), "records")
	code, _, stderr := run(t, "import", "oparl", srv.At("/system"), "--out", out, "--rate", "1000", "--files=false")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	a, diags, err := tomlrec.Load(out, tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("records do not load cleanly: %v\n%v", err, diags)
	}
	want, got := oparltest.CountSource(t, dir), oparltest.CountRecords(a)
	if got != want {
		t.Errorf("records %+v\nsource  %+v", got, want)
	}
	// Each agenda item ID once, so a page per item.
	ids := map[string]bool{}
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			if ids[it.ID] {
				t.Errorf("agenda item %s twice", it.ID)
			}
			ids[it.ID] = true
		}
	}
	if !strings.Contains(stderr, "Meeting") || !strings.Contains(stderr, "wrote records to") {
		t.Errorf("no summary on stderr:\n%s", stderr)
	}
}

func TestImportOParlFailures(t *testing.T) {
	dir := testcorpus.Dir(t, "huertgenwald-oparl")
	srv := oparltest.New(t, dir, huertgenwaldOrigin)
	srv.Fault("/body/1/paper?page=3", oparltest.Fault{Status: http.StatusNotFound})
	out := filepath.Join(t.TempDir(), "records")

	t.Run("ExitOneAndOutputUntouched", func(t *testing.T) {
		code, _, stderr := run(t, "import", "oparl", srv.At("/system"), "--out", out, "--rate", "1000", "--files=false", "-q")
		if code != 1 {
			t.Fatalf("exit %d, want 1:\n%s", code, stderr)
		}
		if !strings.Contains(stderr, "error fetch (1)") || !strings.Contains(stderr, "paper?page=3") || !strings.Contains(stderr, "left unchanged") {
			t.Errorf("stderr does not report the failed page:\n%s", stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("records written despite the error: %v", err)
		}
	})
	t.Run("KeepGoingWrites", func(t *testing.T) {
		code, _, stderr := run(t, "import", "oparl", srv.At("/system"), "--out", out, "--rate", "1000", "--files=false", "--keep-going", "-q")
		if code != 0 {
			t.Fatalf("exit %d, want 0:\n%s", code, stderr)
		}
		a, diags, err := tomlrec.Load(out, tomlrec.Options{})
		if err != nil || len(diags) > 0 {
			t.Fatalf("records do not load cleanly: %v\n%v", err, diags)
		}
		if want := oparltest.CountSource(t, dir); len(a.Papers) >= want.Papers || len(a.Meetings) != want.Meetings {
			t.Errorf("%d papers, %d meetings; want papers from page 3 on missing, all %d meetings", len(a.Papers), len(a.Meetings), want.Meetings)
		}
	})
}

func TestImportOParlUsage(t *testing.T) {
	dir := t.TempDir()
	out := t.TempDir() // apart from the source
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"ErrNoOut", []string{"import", "oparl", dir}, 2, "--out DIR is required"},
		{"ErrBadSince", []string{"import", "oparl", dir, "--out", out + "/r", "--since", "last week"}, 2, "not a date"},
		{"ErrNoSource", []string{"import", "oparl", "--out", out + "/r"}, 2, "want one SOURCE"},
		{"ErrSinceOnDirectory", []string{"import", "oparl", dir, "--out", out + "/r", "--since", "2024-01-31"}, 1, "--since needs an http(s) source"},
		{"ErrMissingFolder", []string{"import", "oparl", dir + "/nope", "--out", out + "/r"}, 1, "no such file"},
		{"ErrBadConcurrency", []string{"import", "oparl", dir, "--out", out + "/r", "--concurrency", "0"}, 2, "must be positive"},
		{"ErrBadMaxPages", []string{"import", "oparl", dir, "--out", out + "/r", "--max-pages", "0"}, 2, "must be positive"},
		{"ErrBadMaxBytes", []string{"import", "oparl", dir, "--out", out + "/r", "--max-bytes", "lots"}, 2, "not a size"},
		{"ErrBadAllowHost", []string{"import", "oparl", "http://ris.example.org/oparl", "--out", out + "/r", "--allow-host", "http://x/y"}, 1, "want HOST or HOST:PORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.msg)
			}
		})
	}
}

// TestImportOParlLimits crawls a server whose meeting list never ends: the
// limit flags stop it, the summary ends with what was cut, and the import
// fails unless --keep-going.
func TestImportOParlLimits(t *testing.T) {
	srv := oparltest.NewEndless(t, oparltest.EndlessOptions{PageBytes: 20 << 10})
	out := filepath.Join(t.TempDir(), "records")
	for _, tc := range []struct {
		flags []string
		cut   string
	}{
		{[]string{"--max-pages", "7"}, "crawl cut short: --max-pages 7 reached in the meeting list"},
		{[]string{"--max-bytes", "100KiB"}, "crawl cut short: --max-bytes 100.0 KiB reached"},
		{[]string{"--max-time", "200ms"}, "crawl cut short: --max-time 200ms reached"},
	} {
		t.Run(tc.flags[0], func(t *testing.T) {
			args := append([]string{"import", "oparl", srv.URL + "/system", "--out", out, "--rate", "1000", "-q"}, tc.flags...)
			code, _, stderr := run(t, args...)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			if code != 1 || len(lines) < 2 || !strings.HasPrefix(lines[len(lines)-2], tc.cut) {
				t.Errorf("exit %d, want 1 and the cut %q at the end:\n%s", code, tc.cut, stderr)
			}
			code, _, stderr = run(t, append(args, "--keep-going")...)
			if code != 0 {
				t.Fatalf("--keep-going: exit %d:\n%s", code, stderr)
			}
			a, _, err := tomlrec.Load(out, tomlrec.Options{})
			if err != nil || len(a.Meetings) == 0 {
				t.Errorf("--keep-going wrote no meetings: %v", err)
			}
		})
	}
}
