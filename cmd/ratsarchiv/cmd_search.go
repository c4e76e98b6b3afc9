package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// searchOptions are the flags of `ratsarchiv search`.
type searchOptions struct {
	site   siteOptions
	JSON   bool
	Limit  int
	Offset int
	Sort   string
	From   string
	To     string
	query.Filters
}

// AddFlags registers the flags.
func (o *searchOptions) AddFlags(fs *pflag.FlagSet) {
	o.site.AddFlags(fs, workdirFlag)
	fs.BoolVar(&o.JSON, "json", false, "print the result as JSON (the browser client's result shape)")
	fs.IntVarP(&o.Limit, "limit", "n", searchindex.DefaultLimit, "number of hits (0: the count and facets only)")
	fs.IntVar(&o.Offset, "offset", 0, "hits to skip (for the next page)")
	fs.StringVar(&o.Sort, "sort", searchindex.SortRelevance, "order: relevance, newest or oldest")
	fs.StringVar(&o.From, "from", "", "only documents dated from `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)")
	fs.StringVar(&o.To, "to", "", "only documents dated up to `DATE`")
	fs.StringArrayVar(&o.Committee, "committee", nil, "only this `committee` (repeat for several)")
	fs.StringArrayVar(&o.Year, "year", nil, "only this `year` or range 2020-2022 (repeat for several)")
	fs.StringArrayVar(&o.ResultCategory, "result", nil, "only this result `category`: approved, rejected, noted … or beschlossen, abgelehnt … (repeat for several)")
	fs.StringArrayVar(&o.Kind, "kind", nil, "only this `kind`: item, paper or meeting (repeat for several)")
}

func (m *Main) searchCommand() *cobra.Command {
	var opts searchOptions
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY...",
		Short: "Search the archive's index from the command line",
		Long: `search queries the index that build made (in the work directory), with the
query language of the search page:

  Kita Gebühren            all words (German forms and compounds match:
                           Kita finds Kitagebühren)
  "Kenntnis genommen"      a phrase
  -Windkraft               without a word
  Schul*                   words starting with Schul
  gremium:Bauausschuss     filters in the query: gremium:/committee:,
  jahr:2022 jahr:2020-2022   jahr:/year:, ergebnis:/result:, art:/kind:

A query starting with "-" follows "--": ratsarchiv search -- -Windkraft Rad.
Results equal the browser's on the published site. --json prints
{"total", "hits": [{id, url, kind, title, date, committee, result,
resultCategory, closedSession, score, excerpt}], "facets": {committee, year,
resultCategory}}.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runSearch(cmd.Context(), opts, strings.Join(args, " "))
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func (m *Main) runSearch(ctx context.Context, opts searchOptions, q string) error {
	workDir := opts.site.Workdir
	if workDir != "" {
		abs, err := filepath.Abs(workDir)
		if err != nil {
			return err
		}
		workDir = abs
	} else {
		s, err := opts.site.resolve()
		if err != nil {
			return err
		}
		workDir = s.workDir
	}
	ix, err := searchindex.Open(filepath.Join(workDir, searchindex.WorkDirName))
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ix.Search(ctx, q, searchindex.SearchOptions{
		Filters: opts.Filters, From: opts.From, To: opts.To, Sort: opts.Sort,
		Limit: &opts.Limit, Offset: opts.Offset,
	})
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return fmt.Errorf("%w: %v", cli.ErrUsage, err)
		}
		return err
	}
	if opts.JSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	printResult(m.Stdout, res, opts.Offset)
	return nil
}

// printResult writes a result for reading in a terminal: matches in the
// excerpt between » and «.
func printResult(w io.Writer, r *searchindex.Result, offset int) {
	switch r.Total {
	case 0:
		fmt.Fprintln(w, "No results.")
		return
	case 1:
		fmt.Fprintln(w, "1 result")
	default:
		fmt.Fprintf(w, "%d results\n", r.Total)
	}
	for i, h := range r.Hits {
		fmt.Fprintf(w, "\n%d. %s\n", offset+i+1, h.Title)
		meta := []string{h.Kind}
		for _, s := range []string{h.Date, h.Committee, h.Result} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		fmt.Fprintf(w, "   %s · %s\n", strings.Join(meta, " · "), h.URL)
		if h.Excerpt != "" {
			fmt.Fprintf(w, "   %s\n", plainExcerpt(h.Excerpt))
		}
	}
	if len(r.Facets.Committee) > 0 {
		fmt.Fprintf(w, "\nCommittees: %s\n", facetLine(r.Facets.Committee))
	}
	if len(r.Facets.Year) > 0 {
		fmt.Fprintf(w, "Years: %s\n", facetLine(r.Facets.Year))
	}
	if len(r.Facets.ResultCategory) > 0 {
		fmt.Fprintf(w, "Results: %s\n", facetLine(r.Facets.ResultCategory))
	}
	if len(r.Facets.Kind) > 0 {
		fmt.Fprintf(w, "Kinds: %s\n", facetLine(r.Facets.Kind))
	}
}

func plainExcerpt(s string) string {
	s = strings.NewReplacer("<mark>", "»", "</mark>", "«").Replace(s)
	return html.UnescapeString(s)
}

// facetLine lists facet values by count, then name.
func facetLine(m map[string]int) string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s (%d)", n, m[n])
	}
	return strings.Join(parts, ", ")
}
