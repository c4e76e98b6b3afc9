package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/progress"
)

// machine describes where the bench ran.
type machine struct {
	CPU       string
	Cores     int
	MemoryGiB float64
	Go        string
	Hugo      string
	Node      string
	Chromium  string
	LoadStart string
	LoadEnd   string
}

func readMachine() machine {
	m := machine{Cores: runtime.NumCPU(), Go: runtime.Version(), LoadStart: loadAverage()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryGiB = float64(kb) / (1 << 20)
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/gohugoio/hugo" {
				m.Hugo = d.Version
			}
		}
	}
	m.Node = commandVersion("node", "--version")
	m.Chromium = commandVersion("/usr/bin/chromium", "--version")
	return m
}

func commandVersion(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

// fsType names the filesystem of path: it matters, since a build creates
// a file and a folder per page.
func fsType(path string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return "an unknown filesystem"
	}
	switch uint64(st.Type) {
	case 0xEF53:
		return "ext4"
	case 0x01021994:
		return "tmpfs"
	case 0x9123683E:
		return "btrfs"
	case 0x58465342:
		return "xfs"
	case 0x794C7630:
		return "overlayfs"
	}
	return fmt.Sprintf("filesystem 0x%x", uint64(st.Type))
}

// loadAverage is the 1-, 5- and 15-minute load: the machine is shared, so
// the report says how busy it was.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

// Stage labels for the report, in pipeline order.
var stageLabels = []struct{ name, label string }{
	{"record", "last build's record"},
	{"load", "load + validate"},
	{"gate", "privacy gate"},
	{"files", "file copies"},
	{"pages", "pages"},
	{"render", "Hugo render"},
	{"index", "Bleve index"},
	{"search", "static export"},
	{"sitemap", "sitemap"},
	{"data", "exports (calendars, CSV, JSON, OParl)"},
	{"publish", "publish"},
}

func stageLabel(name string) string {
	for _, s := range stageLabels {
		if s.name == name {
			return s.label
		}
	}
	return name
}

func median[T int64 | float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mib(b int64) string { return progress.Count(int((b + 1<<19) >> 20)) }

func kib(b int64) string { return fmt.Sprintf("%.1f", float64(b)/1024) }

func secs(d time.Duration) string { return fmt.Sprintf("%.1f", d.Seconds()) }

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// stageNames is the union of the stages the builds reported, in pipeline
// order, then any unknown ones.
func (b *bench) stageNames() []string {
	seen := map[string]bool{}
	for _, r := range b.results {
		for _, bu := range r.Builds {
			for _, s := range bu.Stages {
				seen[s.Name] = true
			}
		}
	}
	var names []string
	for _, s := range stageLabels {
		if seen[s.name] {
			names = append(names, s.name)
			delete(seen, s.name)
		}
	}
	var rest []string
	for n := range seen {
		rest = append(rest, n)
	}
	slices.Sort(rest)
	return append(names, rest...)
}

// stageMedians are the medians of one stage over the builds of a result.
func stageMedians(r *result, name string) (wall, cpu time.Duration, peak int64, ok bool) {
	var ws, cs []time.Duration
	var ps []int64
	for _, bu := range r.Builds {
		for _, s := range bu.Stages {
			if s.Name == name {
				ws, cs, ps = append(ws, s.Wall), append(cs, s.CPU), append(ps, s.PeakRSS)
			}
		}
	}
	return median(ws), median(cs), median(ps), len(ws) > 0
}

func (b *bench) report() string {
	var w strings.Builder
	m := b.machine
	fmt.Fprintf(&w, "## Machine\n\n")
	fmt.Fprintf(&w, "- CPU: %s, %d cores; memory %.1f GiB\n", m.CPU, m.Cores, m.MemoryGiB)
	fmt.Fprintf(&w, "- Go %s, Hugo %s, Node %s, %s", m.Go, m.Hugo, m.Node, m.Chromium)
	for _, r := range b.results {
		if r.Pagefind != nil && r.Pagefind.Version != "" {
			fmt.Fprintf(&w, ", Pagefind %s", r.Pagefind.Version)
			break
		}
	}
	fmt.Fprintf(&w, "\n- load average (1, 5, 15 min): %s at the start, %s at the end (the machine is shared)\n", m.LoadStart, m.LoadEnd)
	fmt.Fprintf(&w, "- %d build(s)", b.opts.Runs)
	if b.opts.Pagefind {
		fmt.Fprintf(&w, " and Pagefind run(s)")
	}
	fmt.Fprintf(&w, " per archive")
	if b.opts.Browser {
		fmt.Fprintf(&w, ", %d browser run(s) per query and engine", b.opts.BrowserRuns)
	}
	fmt.Fprintf(&w, ": medians; the bench took %s\n", b.elapsed.Round(time.Second))
	fmt.Fprintf(&w, "- work folder (records, sites, indexes): %s, on %s\n\n", b.opts.Work, fsType(b.opts.Work))

	if b.opts.Builds {
		b.buildTable(&w)
	}
	w.WriteString("## Output\n\n")
	b.tableHead(&w, "| | ")
	row := func(label string, f func(r *result) string) {
		fmt.Fprintf(&w, "| %s |", label)
		for _, r := range b.results {
			fmt.Fprintf(&w, " %s |", f(r))
		}
		w.WriteString("\n")
	}
	row("pages rendered", func(r *result) string {
		if len(r.Builds) == 0 {
			return "–"
		}
		return progress.Count(r.Builds[0].Rendered)
	})
	row("HTML", func(r *result) string {
		return fmt.Sprintf("%s files, %s MiB", progress.Count(r.Site.HTMLFiles), mib(r.Site.HTMLBytes))
	})
	row("static index (ours)", func(r *result) string {
		return fmt.Sprintf("%s files, %s MiB", progress.Count(r.Site.IndexFiles), mib(r.Site.IndexBytes))
	})
	row("search client (ours)", func(r *result) string { return kib(r.Site.ClientBytes) + " KiB" })
	if b.opts.Pagefind {
		row("Pagefind index (without UI)", func(r *result) string {
			if r.Pagefind == nil {
				return "skipped"
			}
			return fmt.Sprintf("%s files, %s MiB", progress.Count(r.Pagefind.IndexFiles), mib(r.Pagefind.IndexBytes))
		})
		row("index size ours / Pagefind", func(r *result) string {
			if r.Pagefind == nil {
				return "–"
			}
			return ratio(float64(r.Site.IndexBytes+r.Site.ClientBytes), float64(r.Pagefind.IndexBytes))
		})
		row("Pagefind indexing", func(r *result) string {
			p := r.Pagefind
			if p == nil {
				return "–"
			}
			return fmt.Sprintf("%s s · %s s CPU · %s MiB", secs(median(p.Wall)), secs(median(p.CPU)), mib(median(p.PeakRSS)))
		})
	}
	w.WriteString("\n")

	for _, r := range b.results {
		if len(r.Browser) > 0 {
			b.browserTable(&w, r)
			b.networkTable(&w, r)
		}
	}
	return w.String()
}

// buildTable writes the stages of the builds, per archive.
func (b *bench) buildTable(w *strings.Builder) {
	fmt.Fprintf(w, "## Build\n\nWall time in seconds · CPU seconds · peak resident memory in MiB, per stage (median of %d runs).", b.opts.Runs)
	var beside, after []string
	for _, r := range b.results {
		if len(r.Builds) > 0 && r.Builds[0].overlapped() {
			beside = append(beside, r.Dataset.Name)
		} else {
			after = append(after, r.Dataset.Name)
		}
	}
	if len(beside) > 0 {
		fmt.Fprintf(w, " On %s the search stages (Bleve index, static export) ran beside the pages and the Hugo render: while they overlap, a stage's CPU time and peak are the whole build's during it, and the stages' wall times add up to more than the total.", strings.Join(beside, ", "))
	}
	if len(after) > 0 {
		fmt.Fprintf(w, " On %s the stages ran one after another.", strings.Join(after, ", "))
	}
	w.WriteString("\n\n")
	b.tableHead(w, "| stage |")
	for _, name := range b.stageNames() {
		fmt.Fprintf(w, "| %s |", stageLabel(name))
		for _, r := range b.results {
			if wall, cpu, peak, ok := stageMedians(r, name); ok {
				fmt.Fprintf(w, " %s s · %s s · %s MiB |", secs(wall), secs(cpu), mib(peak))
			} else {
				w.WriteString(" – |")
			}
		}
		w.WriteString("\n")
	}
	w.WriteString("| **total** |")
	for _, r := range b.results {
		var ds []time.Duration
		var cs []time.Duration
		var ps []int64
		for _, bu := range r.Builds {
			ds, cs, ps = append(ds, bu.Duration), append(cs, bu.CPU), append(ps, bu.MaxRSS)
		}
		fmt.Fprintf(w, " **%s s** · %s s · **%s MiB** |", secs(median(ds)), secs(median(cs)), mib(median(ps)))
	}
	w.WriteString("\n\n")

}

// tableHead writes the head of a table with a column per archive, after
// first.
func (b *bench) tableHead(w *strings.Builder, first string) {
	w.WriteString(first)
	for _, r := range b.results {
		fmt.Fprintf(w, " %s |", r.Dataset.Name)
	}
	w.WriteString("\n|---|")
	for range b.results {
		w.WriteString("---:|")
	}
	w.WriteString("\n")
}

// browserTable writes one archive's search measurements: bytes fetched and
// times, ours beside Pagefind with the ratio.
func (b *bench) browserTable(w *strings.Builder, r *result) {
	fmt.Fprintf(w, "## Search in the browser: %s\n\n", r.Dataset.Name)
	served := "the bench's server gzips them (`--gzip`), so the times are for the second number"
	if !b.opts.Gzip {
		served = "the bench's server sent them uncompressed (`--gzip=false`), so the times are for the first number"
	}
	fmt.Fprintf(w, "KiB fetched, the files · on the wire from a server that gzips text (text types only, %s; both engines' binary index files are compressed already): start-up", served)
	w.WriteString(" is the client and what opening the index loads, a query what it loads after start-up, in a fresh cache. Milliseconds to a ranked top 10 (cold: the first search; warm: the same search again, its data loaded). Medians; ratios ours / Pagefind.\n\n")
	withPagefind := r.Pagefind != nil
	if withPagefind {
		w.WriteString("| query | hits ours / Pagefind | KiB ours | KiB Pagefind | ratio | ms cold ours | ms cold Pagefind | ratio | ms warm ours | ms warm Pagefind | ratio |\n")
		w.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	} else {
		w.WriteString("| query | hits | KiB fetched | ms cold | ms warm |\n")
		w.WriteString("|---|---:|---:|---:|---:|\n")
	}
	type agg struct {
		bytes, gzip, total    []int64
		cold, warm            []float64
		start                 []float64
		startBytes, startGzip []int64
	}
	get := func(engine, name string) agg {
		var a agg
		for _, x := range r.Browser {
			if x.Engine == engine && x.Name == name && isLocal(x.Network) {
				a.bytes = append(a.bytes, x.Fetched.Bytes)
				a.gzip = append(a.gzip, x.Fetched.Gzip)
				a.total = append(a.total, int64(x.Total))
				a.cold = append(a.cold, x.ColdMs)
				a.warm = append(a.warm, x.WarmMs)
				a.start = append(a.start, x.StartMs)
				a.startBytes = append(a.startBytes, x.Startup.Bytes)
				a.startGzip = append(a.startGzip, x.Startup.Gzip)
			}
		}
		return a
	}
	num := func(xs []float64) (string, float64) {
		if len(xs) == 0 {
			return "–", 0
		}
		v := median(xs)
		return fmt.Sprintf("%.1f", v), v
	}
	// Start-up is the same for every query; take it over all of them.
	var so, sp agg
	for _, q := range r.Queries {
		o, p := get("ours", q.Name), get("pagefind", q.Name)
		so.startBytes, so.startGzip, so.start = append(so.startBytes, o.startBytes...), append(so.startGzip, o.startGzip...), append(so.start, o.start...)
		sp.startBytes, sp.startGzip, sp.start = append(sp.startBytes, p.startBytes...), append(sp.startGzip, p.startGzip...), append(sp.start, p.start...)
	}
	// sizes are the two KiB cells and the ratio cell of a row.
	sizes := func(o, oz, p, pz []int64) (string, string, string) {
		ob, obz, pb, pbz := float64(median(o)), float64(median(oz)), float64(median(p)), float64(median(pz))
		return kib(int64(ob)) + " · " + kib(int64(obz)), kib(int64(pb)) + " · " + kib(int64(pbz)), ratio(ob, pb) + " · " + ratio(obz, pbz)
	}
	ost, ov := num(so.start)
	ps, pv := num(sp.start)
	ok, pk, rk := sizes(so.startBytes, so.startGzip, sp.startBytes, sp.startGzip)
	if withPagefind {
		fmt.Fprintf(w, "| start-up | | %s | %s | %s | %s | %s | %s | | | |\n", ok, pk, rk, ost, ps, ratio(ov, pv))
	} else {
		fmt.Fprintf(w, "| start-up | | %s | %s | |\n", ok, ost)
	}
	for _, q := range r.Queries {
		o, p := get("ours", q.Name), get("pagefind", q.Name)
		label := queryLabel(q)
		ok, pk, rk := sizes(o.bytes, o.gzip, p.bytes, p.gzip)
		oc, ocv := num(o.cold)
		pc, pcv := num(p.cold)
		ow, owv := num(o.warm)
		pw, pwv := num(p.warm)
		if !withPagefind {
			fmt.Fprintf(w, "| %s | %d | %s | %s | %s |\n", label, median(o.total), ok, oc, ow)
			continue
		}
		fmt.Fprintf(w, "| %s | %d / %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label,
			median(o.total), median(p.total), ok, pk, rk, oc, pc, ratio(ocv, pcv), ow, pw, ratio(owv, pwv))
	}
	w.WriteString("\n")
}

// isLocal tells whether a run was measured without network emulation
// (earlier benches did not name the network).
func isLocal(network string) bool { return network == "" || network == "local" }

// networkTable writes one archive's times on the emulated networks, and
// the sequential round trips of each query, ours beside Pagefind.
func (b *bench) networkTable(w *strings.Builder, r *result) {
	var nets []network
	for _, n := range b.networks {
		for _, x := range r.Browser {
			if x.Network == n.Name && n.Latency > 0 {
				nets = append(nets, n)
				break
			}
		}
	}
	if len(nets) == 0 {
		return
	}
	slowest := nets[0]
	for _, n := range nets {
		if n.Latency > slowest.Latency {
			slowest = n
		}
	}
	engines := []string{"ours"}
	if r.Pagefind != nil {
		engines = append(engines, "pagefind")
	}
	fmt.Fprintf(w, "## Search on phone networks: %s\n\n", r.Dataset.Name)
	var desc []string
	for _, n := range nets {
		desc = append(desc, fmt.Sprintf("%s (%.0f ms added to every request, %.1f Mbit/s down, %.2f up)", n.Name, n.Latency, n.Download*8/1e6, n.Upload*8/1e6))
	}
	fmt.Fprintf(w, "Milliseconds to a ranked top 10 in a fresh cache, the site served over HTTP/2, Chromium emulating %s. "+
		"Round trips: the longest chain of the requests that had ended by then, each of which started after the one before it had finished (requests in flight together count once), on %s. Medians; ratios ours / Pagefind.\n\n",
		strings.Join(desc, " and "), slowest.Name)
	// The hits can have waited only for the requests that had ended when
	// they were shown (the counts' start just before).
	toHits := func(x browserRun) []timedRequest {
		if x.HitsAt <= 0 {
			return x.Requests
		}
		var out []timedRequest
		for _, q := range x.Requests {
			if q[1] <= x.HitsAt {
				out = append(out, q)
			}
		}
		return out
	}
	b.networkRows(w, r, nets, slowest, engines, toHits, func(x browserRun) float64 { return x.ColdMs })
	w.WriteString("Milliseconds to the total and the facet counts as well, and the round trips of all the query's requests: ours shows the hits first and loads what counts them after their files; Pagefind counts with its results.\n\n")
	b.networkRows(w, r, nets, slowest, engines, func(x browserRun) []timedRequest { return x.Requests }, func(x browserRun) float64 {
		if x.CountsMs > 0 {
			return x.CountsMs
		}
		return x.ColdMs
	})
}

// networkRows writes a table of the networks' times, ms per query (and
// start-up's), with the round trips of the requests trips selects.
func (b *bench) networkRows(w *strings.Builder, r *result, nets []network, slowest network, engines []string,
	trips func(browserRun) []timedRequest, ms func(browserRun) float64) {
	labels := make([]string, len(engines))
	for i, e := range engines {
		labels[i] = engineLabel(e)
	}
	w.WriteString("| query | round trips " + strings.Join(labels, " / ") + " |")
	for _, n := range nets {
		for _, e := range engines {
			fmt.Fprintf(w, " ms %s %s |", n.Name, engineLabel(e))
		}
		if len(engines) == 2 {
			w.WriteString(" ratio |")
		}
	}
	w.WriteString("\n|---|---:|")
	for range nets {
		w.WriteString(strings.Repeat("---:|", len(engines)))
		if len(engines) == 2 {
			w.WriteString("---:|")
		}
	}
	w.WriteString("\n")
	// row writes one row: the round trips and times of the runs that
	// pick selects, per engine and network.
	row := func(label string, match func(x browserRun) bool, trips func(x browserRun) []timedRequest, ms func(x browserRun) float64) {
		fmt.Fprintf(w, "| %s |", label)
		var rts []string
		for _, e := range engines {
			var ns []int64
			for _, x := range r.Browser {
				if x.Engine == e && x.Network == slowest.Name && match(x) {
					ns = append(ns, int64(roundTrips(trips(x))))
				}
			}
			rts = append(rts, fmt.Sprint(median(ns)))
		}
		fmt.Fprintf(w, " %s |", strings.Join(rts, " / "))
		for _, n := range nets {
			var vals []float64
			for _, e := range engines {
				var xs []float64
				for _, x := range r.Browser {
					if x.Engine == e && x.Network == n.Name && match(x) {
						xs = append(xs, ms(x))
					}
				}
				v := median(xs)
				vals = append(vals, v)
				fmt.Fprintf(w, " %.0f |", v)
			}
			if len(vals) == 2 {
				fmt.Fprintf(w, " %s |", ratio(vals[0], vals[1]))
			}
		}
		w.WriteString("\n")
	}
	row("start-up", func(browserRun) bool { return true },
		func(x browserRun) []timedRequest { return x.StartupRequests }, func(x browserRun) float64 { return x.StartMs })
	for _, q := range r.Queries {
		row(queryLabel(q), func(x browserRun) bool { return x.Name == q.Name }, trips, ms)
	}
	w.WriteString("\n")
}

func engineLabel(e string) string {
	if e == "pagefind" {
		return "Pagefind"
	}
	return e
}

// queryLabel names a query in a table row.
func queryLabel(q query) string {
	label := fmt.Sprintf("%s `%s`", q.Name, q.Q)
	if q.Committee != "" {
		label += fmt.Sprintf(" in %s", q.Committee)
	}
	return label
}

// jsonDump is every measurement, for later analysis.
func (b *bench) jsonDump() any {
	return map[string]any{"machine": b.machine, "options": b.opts, "results": b.results}
}
