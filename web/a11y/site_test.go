// Package a11y_test checks the built site in Chromium as readers use it:
// axe-core finds no accessibility violation on any kind of page, in the
// light or the dark colour scheme, no page scrolls sideways on a 360 px
// wide phone (a11y_test.go), and the scripts that enhance pages work and
// are not needed (the citation box, the meetings filter, saved searches).
//
// axe-core is an npm package installed here by `npm ci` (.ci/run does it);
// without it, or without Chromium, the tests skip, or fail when
// RATSARCHIV_REQUIRE_BROWSER is set. Screenshots of every page (desktop
// and phone, light and dark) go to $RATSARCHIV_SCREENSHOTS when set.
package a11y_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// longRecords adds to the example a meeting of the Rat whose texts are as
// long as real ones get: a result of several motions in one run, a title
// and a URL without spaces.
func longRecords(a *record.Archive) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	long := "1. Antrag der Fraktion Bürgerbündnis Lindenfelda) einstimmig, 0 Enthaltungenb) 1 Ja-Stimme, 13 Nein-Stimmen, 2 Enthaltungen2. Beschlussvorschlag der Verwaltung in der Fassung der Beschlussempfehlung des Haupt- und Finanzausschusses https://ratsinfo.lindenfeld.example.org/vorlagen/2025/beschlussempfehlung-haupt-und-finanzausschuss-anlage-3.pdf"
	a.Meetings = append(a.Meetings, &record.Meeting{
		ID: "rat-lang", Name: "Sondersitzung des Rates der Stadt Lindenfeld zur Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung",
		Organizations: []string{"rat", "hfa"}, Public: true, Start: time.Date(2025, 10, 7, 18, 0, 0, 0, berlin), Location: "Rathaus",
		AgendaItems: []*record.AgendaItem{{
			ID: "rat-lang-1", Number: "Ö 10.1.2", Order: 1, Public: true,
			Name:   "Bebauungsplan Nr. 117 „Nördlich der Mühlenstraße/Westlich der Bahnhofstraße“ – Abwägungsbeschluss und Satzungsbeschluss (Rechtsgrundlage: https://www.lindenfeld.example.org/satzungen/bebauungsplaene/nr-117-noerdlich-der-muehlenstrasse)",
			Result: long, ResultCategory: record.ResultOther, ResolutionText: long,
		}},
	})
	a.Sort()
}

// site is the example with longRecords, built once for all tests of the
// package and served over HTTP.
type site struct {
	url string
	dir string // the built site
}

var (
	siteOnce  sync.Once
	builtSite *site
	siteErr   error
	siteRoot  string // removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if siteRoot != "" {
		os.RemoveAll(siteRoot)
	}
	os.Exit(code)
}

// buildSite returns the built and served site, building it on first use.
func buildSite(t *testing.T) *site {
	t.Helper()
	siteOnce.Do(func() { builtSite, siteErr = buildExample() })
	if siteErr != nil {
		t.Fatal(siteErr)
	}
	return builtSite
}

func buildExample() (*site, error) {
	cfg, err := config.Load(testkit.RepoFile("config.toml"))
	if err != nil {
		return nil, err
	}
	a, diags, err := tomlrec.Load(cfg.RecordsDir(), tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil || len(diags) > 0 {
		return nil, fmt.Errorf("example: %v %v", err, diags)
	}
	longRecords(a)
	siteRoot, err = os.MkdirTemp("", "ratsarchiv-a11y-")
	if err != nil {
		return nil, err
	}
	records := filepath.Join(siteRoot, "records")
	if err := tomlrec.Write(records, a); err != nil {
		return nil, err
	}
	out := filepath.Join(siteRoot, "public")
	// The server lives as long as the test binary.
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	_, err = build.Run(context.Background(), build.Options{
		Config: cfg, RecordsDir: records, OutDir: out, WorkDir: filepath.Join(siteRoot, "work"), BaseURL: srv.URL + "/",
		Now: time.Date(2026, 1, 1, 0, 0, 0, 0, cfg.Archive.Location),
	})
	return &site{url: srv.URL, dir: out}, err
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(testkit.Chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 8*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// colorScheme emulates prefers-color-scheme.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	})
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page and waits until it is ready for checking.
func open(t *testing.T, ctx context.Context, s *site, path, wait string) {
	t.Helper()
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(s.url + path), chromedp.WaitReady(chromedp.CSS("body"))}
	if wait != "" {
		steps = append(steps, chromedp.Poll[chromedp.Void](wait, chromedp.WithPollingTimeout(20*time.Second)))
	}
	do(t, ctx, path, steps...)
}

func shot(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	png := run(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
