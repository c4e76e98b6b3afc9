package a11y_test

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// visibleRows is the committees (data-committees) of the meeting rows shown.
const visibleRows = `[...document.querySelectorAll("tr[data-committees]")].filter(r => r.checkVisibility()).map(r => r.dataset.committees)`

// TestMeetingsFilter chooses a committee on the meetings list: only its
// meetings stay, the address keeps the choice, a link leads to the
// committee's page; opening the address again shows the same. Without
// scripts the list shows all meetings and links each committee's page.
func TestMeetingsFilter(t *testing.T) {
	s := buildSite(t)
	ctx := browser(t)
	open(t, ctx, s, "/meetings/", `!document.querySelector("[data-filter]").hidden`)
	all := run(t, ctx, chromedp.Evaluate[[]string](visibleRows))
	do(t, ctx, "choose the Sozialausschuss", chromedp.SetValue(chromedp.ID("committee-filter"), "sozialausschuss"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("committee-filter").dispatchEvent(new Event("change"))`))
	shown := run(t, ctx, chromedp.Evaluate[[]string](visibleRows))
	if len(shown) == 0 || len(shown) >= len(all) {
		t.Fatalf("%d of %d rows shown after choosing a committee", len(shown), len(all))
	}
	for _, r := range shown {
		if !strings.Contains(" "+r+" ", " sozialausschuss ") {
			t.Errorf("row of %q shown for the Sozialausschuss", r)
		}
	}
	status := run(t, ctx, chromedp.Text(chromedp.CSS("[data-filter-status]")))
	if !strings.HasPrefix(status, strconv.Itoa(len(shown))+" Sitzungen: Ausschuss für Soziales, Integration und Senioren") {
		t.Errorf("status %q for %d rows", status, len(shown))
	}
	more := run(t, ctx, chromedp.Evaluate[string](`document.querySelector("[data-filter-more] a").getAttribute("href")`))
	if more != "/committees/sozialausschuss/" {
		t.Errorf("link to the committee's meetings: %q", more)
	}
	loc := run(t, ctx, chromedp.Location())
	if u, _ := url.Parse(loc); u.Query().Get("gremium") != "sozialausschuss" {
		t.Errorf("address %s does not keep the choice", loc)
	}
	do(t, ctx, "reopen", chromedp.Navigate(loc), chromedp.Poll[chromedp.Void](`!document.querySelector("[data-filter]").hidden`))
	if again := run(t, ctx, chromedp.Evaluate[[]string](visibleRows)); len(again) != len(shown) {
		t.Errorf("the shared address shows %d rows, want %d", len(again), len(shown))
	}

	nojs := browser(t)
	do(t, nojs, "no scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	open(t, nojs, s, "/meetings/?gremium=sozialausschuss", "")
	rows := run(t, nojs, chromedp.Evaluate[int](`document.querySelectorAll("tr[data-committees]").length`))
	fallback := run(t, nojs, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-filter-fallback] a")].filter(a => a.checkVisibility()).map(a => a.getAttribute("href"))`))
	if rows != len(all) || len(fallback) < 5 || !slices.Contains(fallback, "/committees/sozialausschuss/") {
		t.Errorf("without scripts: %d rows (want %d), committee links %v", rows, len(all), fallback)
	}
}
