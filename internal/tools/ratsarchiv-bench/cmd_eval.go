package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/config"
	"github.com/ratsarchiv/ratsarchiv/internal/gate"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// evalOptions are the flags of `ratsarchiv-bench eval`.
type evalOptions struct {
	Name, Records, Site, BasePath, Config string
	Queries                               int
	Seed                                  uint64
	Pagefind                              bool
	Cache, Chromium, Work, QueriesOut     string
	Failures                              int
}

func (m *Main) evalCommand() *cobra.Command {
	var o evalOptions
	cmd := &cobra.Command{
		Use:   "eval --records DIR --site DIR",
		Short: "Measure search quality: compound-part and known-item queries, ours and Pagefind's",
		Long: `eval builds, from the records of a built site, compound-part queries (a
part of a compound in a title that never stands alone in the target
document, plus one other word of its title) and known-item queries (three
words of a title), and reports success@10 and the mean reciprocal rank of
the site's own search client and of Pagefind on the same site, both in
headless Chromium, and the queries that fail. The queries come from the
records alone, with a splitter of the evaluation's own, so the same
queries measure every version of the search.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runEval(cmd.Context(), o)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&o.Name, "name", "", "name of the archive in the report")
	fs.StringVar(&o.Records, "records", "", "records `dir` the site was built from")
	fs.StringVar(&o.Site, "site", "", "the built site `dir`")
	fs.StringVar(&o.BasePath, "base-path", "/", "URL `path` the site was built for (its baseURL's)")
	fs.StringVar(&o.Config, "config", "config.toml", "site configuration `file`")
	fs.IntVar(&o.Queries, "queries", 300, "queries of each kind")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed of the query choice")
	fs.BoolVar(&o.Pagefind, "pagefind", true, "index the site with Pagefind and evaluate it too")
	fs.StringVar(&o.Cache, "cache", "", "`dir` for the npm packages (default: the user's cache dir)")
	fs.StringVar(&o.Chromium, "chromium", "/usr/bin/chromium", "Chromium `binary`")
	fs.StringVar(&o.Work, "work", "", "work `dir` for Pagefind's index (default: a folder in the temp dir)")
	fs.IntVar(&o.Failures, "failures", 30, "failing queries listed per engine and kind")
	fs.StringVar(&o.QueriesOut, "queries-out", "", "also write the queries as JSON to `file`")
	return cmd
}

func (m *Main) runEval(ctx context.Context, o evalOptions) error {
	if o.Records == "" || o.Site == "" {
		return fmt.Errorf("%w: eval needs --records and --site", cli.ErrUsage)
	}
	cfg, err := config.Load(o.Config)
	if err != nil {
		return err
	}
	a, diags, err := tomlrec.Load(o.Records, tomlrec.Options{Location: cfg.Archive.Location})
	if err != nil {
		return err
	}
	if len(diags) > 0 {
		return fmt.Errorf("records: %v", diags[0])
	}
	pub, _ := gate.Public(a, cfg.Archive.Gate())
	docs := searchindex.Documents(pub, o.BasePath, searchindex.DefaultExcerptLen)
	qs := pickEvalQueries(docs, o.Queries, o.Seed)
	if o.QueriesOut != "" {
		if err := writeJSON(o.QueriesOut, qs); err != nil {
			return err
		}
	}
	tops, err := m.browserTops(ctx, o, qs)
	if err != nil {
		return err
	}
	engines := []struct {
		name string
		tops [][]string
	}{{"ratsarchiv", tops["ours"]}}
	if o.Pagefind {
		engines = append(engines, struct {
			name string
			tops [][]string
		}{"Pagefind", tops["pagefind"]})
	}
	name := o.Name
	if name == "" {
		name = filepath.Base(o.Records)
	}
	fmt.Fprintf(m.Stdout, "| archive | engine | compound parts (n) | success@10 | MRR | known items (n) | success@10 | MRR |\n|---|---|---|---|---|---|---|---|\n")
	var fails strings.Builder
	for _, e := range engines {
		p, k := scoreRuns(qs, e.tops, "part"), scoreRuns(qs, e.tops, "known")
		fmt.Fprintf(m.Stdout, "| %s | %s | %d | %.3f | %.3f | %d | %.3f | %.3f |\n", name, e.name, p.Queries, p.Success, p.MRR, k.Queries, k.Success, k.MRR)
		for _, s := range []struct {
			kind string
			sc   evalScore
		}{{"compound parts", p}, {"known items", k}} {
			fmt.Fprintf(&fails, "\n%s, %s: %d failing\n", e.name, s.kind, len(s.sc.Failures))
			for i, f := range s.sc.Failures {
				if i < o.Failures {
					fmt.Fprintf(&fails, "  %s\n", f)
				}
			}
		}
	}
	fmt.Fprint(m.Stdout, fails.String())
	return nil
}

// browserTops runs the queries through the site's own search client and,
// with --pagefind, through Pagefind's index of the site, in Chromium: the
// top-10 URLs by engine ("ours", "pagefind").
func (m *Main) browserTops(ctx context.Context, o evalOptions, qs []evalQuery) (map[string][][]string, error) {
	b := &bench{m: m, opts: benchOptions{Cache: o.Cache, Runs: 1, Work: o.Work}, started: time.Now()}
	if b.opts.Cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return nil, err
		}
		b.opts.Cache = filepath.Join(dir, "ratsarchiv-bench")
	}
	if b.opts.Work == "" {
		b.opts.Work = filepath.Join(os.TempDir(), "ratsarchiv-bench-eval")
	}
	defer b.cleanup()
	if err := b.installNPM(ctx); err != nil {
		return nil, err
	}
	dir := filepath.Join(b.opts.Work, filepath.Base(o.Site))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	pages := map[string]string{"ours": "/__bench/ours.html"}
	pfDir := ""
	if o.Pagefind {
		pf, err := b.runPagefind(ctx, o.Site, dir)
		if err != nil {
			return nil, err
		}
		pfDir = pf.OutDir
		pages["pagefind"] = "/__bench/pagefind.html"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: (&benchServer{}).handler(o.Site, pfDir), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	texts := make([]string, len(qs))
	for i, q := range qs {
		texts[i] = q.Q
	}
	out := map[string][][]string{}
	for engine, page := range pages {
		cfgPath := filepath.Join(dir, "eval-"+engine+".json")
		if err := writeJSON(cfgPath, map[string]any{"base": "http://" + ln.Addr().String() + "/", "chromium": o.Chromium, "page": page, "queries": texts}); err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, "node", filepath.Join(b.npmDir, "eval.mjs"), cfgPath)
		cmd.Dir = b.npmDir
		cmd.Stderr = m.Stderr
		res, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("%s eval: %w", engine, err)
		}
		var tops [][]string
		if err := json.Unmarshal(res, &tops); err != nil {
			return nil, fmt.Errorf("%s eval: %w", engine, err)
		}
		if len(tops) != len(qs) {
			return nil, fmt.Errorf("%s eval: %d answers for %d queries", engine, len(tops), len(qs))
		}
		out[engine] = tops
	}
	return out, nil
}
