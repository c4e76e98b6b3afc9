package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ratsarchiv/ratsarchiv/internal/build"
	"github.com/ratsarchiv/ratsarchiv/internal/cli"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/serve"
)

// serveOptions are the flags of `ratsarchiv serve`.
type serveOptions struct {
	siteOptions
	Addr string
}

// AddFlags registers the flags.
func (o *serveOptions) AddFlags(fs *pflag.FlagSet) {
	o.siteOptions.AddFlags(fs, recordsFlag|outFlag|workdirFlag|quietFlag)
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:1313", "`host:port` to listen on")
}

func (m *Main) serveCommand() *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Build the archive, serve it locally and rebuild on changes",
		Long: `serve builds the site (into the work directory, leaving --out alone unless
given), serves it on --addr, and rebuilds whenever a record, layout, content,
static or config file changes. Open pages reload after each rebuild. A build
that fails keeps the last good site online and prints the problems.

/api/search answers searches with Bleve, with the query parameters and the
JSON of the browser client: /api/search?q=Kita&committee=Rat&limit=10.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return m.runServe(cmd.Context(), opts)
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

func (m *Main) runServe(ctx context.Context, opts serveOptions) error {
	s, err := opts.resolve()
	if err != nil {
		return err
	}
	bopts := buildOptions{siteOptions: opts.siteOptions}
	if bopts.Out == "" {
		bopts.Out = filepath.Join(s.workDir, "serve")
	}
	outDir, err := filepath.Abs(bopts.Out)
	if err != nil {
		return err
	}
	// A refused output would fail every build while the server served it.
	if err := build.CheckOutDir(build.Options{Config: s.cfg, RecordsDir: s.recordsDir, OutDir: outDir, WorkDir: s.workDir}); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	bopts.BaseURL = "http://" + ln.Addr().String() + "/"
	rebuild := func() bool {
		if err := m.runBuild(ctx, bopts); err != nil {
			var ee cli.ExitError
			if !errors.As(err, &ee) {
				fmt.Fprintln(m.Stderr, "ratsarchiv: build failed:", err)
			}
			return false
		}
		return true
	}
	rebuild()

	srv := serve.New(outDir)
	api := serve.NewSearchAPI(filepath.Join(s.workDir, searchindex.WorkDirName))
	defer api.Close()
	srv.Handle(serve.APIPath, api)
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		httpSrv.Shutdown(shutdown)
	}()
	fmt.Fprintf(m.Stderr, "serving %s at http://%s/ (Ctrl+C to stop)\n", s.cfg.Title, ln.Addr())

	roots := []string{s.recordsDir, s.cfg.Path}
	for _, d := range []string{"layouts", "content", "static", "i18n", "assets"} {
		roots = append(roots, filepath.Join(s.cfg.SiteDir, d))
	}
	go func() {
		err := serve.Watch(ctx, roots, 300*time.Millisecond, func(changed []string) {
			fmt.Fprintf(m.Stderr, "\n%d file(s) changed, rebuilding\n", len(changed))
			if rebuild() {
				api.Reset()
				srv.Reload()
			}
		})
		if err != nil {
			fmt.Fprintln(m.Stderr, "ratsarchiv: watching for changes stopped:", err)
		}
	}()
	if err := httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
