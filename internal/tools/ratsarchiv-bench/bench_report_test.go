package main

import (
	"strings"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestReportTakesMediansAndRatios checks the report's arithmetic on made-up
// measurements of three builds and two browser runs per query.
func TestReportTakesMediansAndRatios(t *testing.T) {
	s := time.Second
	bu := func(load, render time.Duration, peak int64) buildReport {
		return buildReport{Rendered: 42, Duration: load + render, CPU: load + 2*render, MaxRSS: peak, Stages: []build.StageStats{
			{Name: "load", Wall: load, CPU: load, PeakRSS: 100 << 20},
			{Name: "render", Wall: render, CPU: 2 * render, PeakRSS: peak},
		}}
	}
	// Text compresses to a third here; the bytes after start-up do not.
	br := func(engine string, startup, bytes int64, warm float64) browserRun {
		return browserRun{Engine: engine, Name: "rare word", Startup: fetched{Bytes: startup, Gzip: startup / 3}, Fetched: fetched{Bytes: bytes, Gzip: bytes}, ColdMs: 2 * warm, WarmMs: warm, Total: 2}
	}
	b := &bench{opts: benchOptions{Runs: 3, BrowserRuns: 2, Pagefind: true, Browser: true, Builds: true}}
	b.results = []*result{{
		Dataset: dataset{Name: "gen-1k", Items: 1000},
		Builds:  []buildReport{bu(1*s, 10*s, 300<<20), bu(3*s, 30*s, 900<<20), bu(2*s, 20*s, 600<<20)},
		Site:    siteSizes{HTMLFiles: 43, HTMLBytes: 10 << 20, IndexFiles: 7, IndexBytes: 3 << 20, ClientBytes: 1 << 20},
		Pagefind: &pagefindResult{
			Wall: []time.Duration{5 * s, 7 * s, 6 * s}, CPU: []time.Duration{s, s, s}, PeakRSS: []int64{1 << 30, 1 << 30, 1 << 30},
			IndexFiles: 9, IndexBytes: 8 << 20,
		},
		Queries: []query{{Name: "rare word", Q: "straßenreinigung"}},
		Browser: []browserRun{
			br("ours", 30<<10, 10<<10, 4), br("ours", 30<<10, 12<<10, 6),
			br("pagefind", 200<<10, 40<<10, 10), br("pagefind", 200<<10, 48<<10, 10),
		},
	}}
	got := b.report()
	for _, want := range []string{
		"| stage | gen-1k |\n|---|---:|\n",
		"On gen-1k the stages ran one after another.",
		"## Output\n\n| |  gen-1k |\n|---|---:|\n",
		"| load + validate | 2.0 s · 2.0 s · 100 MiB |",
		"| Hugo render | 20.0 s · 40.0 s · 600 MiB |",
		"| **total** | **22.0 s** · 42.0 s · **600 MiB** |",
		"| static index (ours) | 7 files, 3 MiB |",
		"| index size ours / Pagefind | 0.50 |", // (3 + 1) / 8
		"| Pagefind indexing | 6.0 s · 1.0 s CPU · 1,024 MiB |",
		"| start-up | | 30.0 · 10.0 | 200.0 · 66.7 | 0.15 · 0.15 |",
		"| rare word `straßenreinigung` | 2 / 2 | 11.0 · 11.0 | 44.0 · 44.0 | 0.25 · 0.25 | 10.0 | 20.0 | 0.50 | 5.0 | 10.0 | 0.50 |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}

func TestOverlappedBuilds(t *testing.T) {
	s := time.Second
	stages := func(indexStart time.Duration) buildReport {
		return buildReport{Stages: []build.StageStats{
			{Name: "render", Start: 1 * s, Wall: 10 * s},
			{Name: "sitemap", Start: 11 * s, Wall: s},
			{Name: "index", Start: indexStart, Wall: 5 * s},
		}}
	}
	if !stages(1 * s).overlapped() {
		t.Error("an index started with the render: not taken as overlapped")
	}
	if stages(12 * s).overlapped() {
		t.Error("an index started after the sitemap: taken as overlapped")
	}
	if (buildReport{}).overlapped() {
		t.Error("a report without stages: taken as overlapped")
	}
}

func TestRoundTrips(t *testing.T) {
	for _, tc := range []struct {
		name string
		reqs []timedRequest
		want int
	}{
		{"none", nil, 0},
		{"one", []timedRequest{{0, 150}}, 1},
		{"in flight together", []timedRequest{{0, 150}, {1, 160}, {2, 155}}, 1},
		{"each after the last", []timedRequest{{0, 150}, {151, 300}, {300, 450}}, 3},
		// The third starts after the first ended, while the second is in
		// flight: two round trips, whatever the order they are listed in.
		{"overlapping", []timedRequest{{12, 20}, {0, 10}, {5, 15}}, 2},
		// Three parallel, then one that waited for the slowest of them.
		{"fan out, then in", []timedRequest{{0, 100}, {0, 300}, {0, 200}, {310, 400}}, 2},
	} {
		if got := roundTrips(tc.reqs); got != tc.want {
			t.Errorf("%s: %d round trips, want %d", tc.name, got, tc.want)
		}
	}
}

// TestNetworkTable checks the tables of the emulated networks: medians of
// the times, round trips on the slowest network, ratios; the first table
// to the hits (the requests made until they were shown), the second to
// the counts (every request).
func TestNetworkTable(t *testing.T) {
	slow, _ := networkNamed("slow4g")
	fast, _ := networkNamed("Fast 4G")
	local, _ := networkNamed("local")
	run := func(engine, net string, ms float64, chain int) browserRun {
		var reqs []timedRequest
		for i := range chain {
			reqs = append(reqs, timedRequest{float64(200 * i), float64(200*i + 150)})
		}
		x := browserRun{Engine: engine, Name: "rare word", Network: net, ColdMs: ms, CountsMs: ms, StartMs: ms / 2, Requests: reqs,
			StartupRequests: []timedRequest{{0, 100}, {110, 200}}}
		if engine == "ours" {
			// the counts' requests: one started just before the hits were
			// shown, one after
			x.HitsAt = float64(200*chain - 40)
			x.Requests = append(x.Requests, timedRequest{x.HitsAt - 1, x.HitsAt + 100}, timedRequest{float64(200 * chain), float64(200*chain + 150)})
			x.CountsMs = ms + 200
		}
		return x
	}
	b := &bench{networks: []network{local, fast, slow}}
	r := &result{
		Dataset:  dataset{Name: "gen-1k"},
		Pagefind: &pagefindResult{},
		Queries:  []query{{Name: "rare word", Q: "straßenreinigung"}},
		Browser: []browserRun{
			run("ours", "local", 10, 9), // not emulated: no round trips counted
			run("ours", "Fast 4G", 300, 3), run("ours", "Fast 4G", 500, 3),
			run("ours", "Slow 4G", 900, 5), run("ours", "Slow 4G", 1100, 4), run("ours", "Slow 4G", 1000, 4),
			run("pagefind", "Fast 4G", 200, 2), run("pagefind", "Fast 4G", 200, 2),
			run("pagefind", "Slow 4G", 500, 2), run("pagefind", "Slow 4G", 500, 3), run("pagefind", "Slow 4G", 500, 2),
		},
	}
	var w strings.Builder
	b.networkTable(&w, r)
	got := w.String()
	for _, want := range []string{
		"## Search on phone networks: gen-1k",
		"Slow 4G (150 ms added to every request, 1.6 Mbit/s down, 0.75 up)",
		"| query | round trips ours / Pagefind | ms Fast 4G ours | ms Fast 4G Pagefind | ratio | ms Slow 4G ours | ms Slow 4G Pagefind | ratio |",
		"| start-up | 2 / 2 | 200 | 100 | 2.00 | 500 | 250 | 2.00 |",
		"| rare word `straßenreinigung` | 4 / 2 | 400 | 200 | 2.00 | 1000 | 500 | 2.00 |",
		"| rare word `straßenreinigung` | 5 / 2 | 600 | 200 | 3.00 | 1200 | 500 | 2.40 |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
}
