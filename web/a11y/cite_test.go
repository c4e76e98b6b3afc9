package a11y_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

var germanMonths = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}

// TestCite uses the citation box of an agenda item: the citation names
// body, committee, meeting date, TOP, title and address, the script puts in
// today as the date of access, and the button copies it; without scripts
// the box still shows the citation, with a blank for the date and no
// button; the printed page is headed by the archive's name and address.
func TestCite(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	const path = "/items/rat-2025-12-5/"
	permalink := s.url + path
	do(t, ctx, "clipboard permission", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
				Permission: &cdpbrowser.PermissionDescriptor{Name: name}, Setting: cdpbrowser.PermissionSettingGranted, Origin: s.url,
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	open(t, ctx, s, path, `document.querySelector("[data-accessed]").textContent !== "[Datum des Abrufs]"`)
	text := run(t, ctx, chromedp.Text(chromedp.ID("cite-text")))
	// The reader's today, in the page's language (the browser's clock).
	now := time.Now()
	today := fmt.Sprintf("%d. %s %d", now.Day(), germanMonths[now.Month()-1], now.Year())
	for _, want := range []string{
		"Stadt Lindenfeld, Rat der Stadt Lindenfeld: Sitzung vom 9. Dezember 2025, TOP 5: „Anpassung der Elternbeiträge",
		permalink, "(abgerufen am " + today + ").",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("citation %q lacks %q", text, want)
		}
	}
	do(t, ctx, "copy", chromedp.Click(chromedp.CSS(".cite-copy")),
		chromedp.Poll[chromedp.Void](`document.querySelector(".cite-status").textContent !== ""`, chromedp.WithPollingTimeout(10*time.Second)))
	if st := run(t, ctx, chromedp.Text(chromedp.CSS(".cite-status"))); st != "Zitat kopiert." {
		t.Errorf("status after copying: %q", st)
	}
	copied := run(t, ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if copied != strings.Join(strings.Fields(text), " ") {
		t.Errorf("clipboard holds %q, want the citation %q", copied, text)
	}

	// Printed: the archive's name and the address head the page; the
	// button and the site's header are gone.
	do(t, ctx, "print", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	printed := run(t, ctx, chromedp.Evaluate[[]string](`[".print-source", ".cite-actions", ".site-header", ".cite-text"].map(s => getComputedStyle(document.querySelector(s)).display)`))
	if fmt.Sprint(printed) != "[block none none block]" {
		t.Errorf("printed display of print-source, cite-actions, site-header, cite-text: %v", printed)
	}
	if src := run(t, ctx, chromedp.Evaluate[string](`document.querySelector(".print-source").textContent`)); src != "Ratsarchiv Lindenfeld · "+permalink {
		t.Errorf("print header %q", src)
	}

	// Without scripts.
	nojs := browser(t)
	do(t, nojs, "no scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	open(t, nojs, s, path, "")
	text = run(t, nojs, chromedp.Text(chromedp.ID("cite-text")))
	if !strings.Contains(text, permalink+" (abgerufen am [Datum des Abrufs]).") {
		t.Errorf("citation without scripts: %q", text)
	}
	if shown := run(t, nojs, chromedp.Evaluate[bool](`document.querySelector(".cite-copy").checkVisibility()`)); shown {
		t.Error("the copy button shows without scripts")
	}
}
