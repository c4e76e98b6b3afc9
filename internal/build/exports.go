package build

import (
	"fmt"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/export/archivejson"
	"github.com/ratsarchiv/ratsarchiv/internal/export/calendar"
	"github.com/ratsarchiv/ratsarchiv/internal/export/itemcsv"
	"github.com/ratsarchiv/ratsarchiv/internal/export/oparlapi"
	"github.com/ratsarchiv/ratsarchiv/internal/progress"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// exports writes the outputs beside the pages into siteDir (docs/exports.md):
// the calendars, the CSV and JSON files and the static OParl API, all of the
// public archive. They run after the render, so that nothing Hugo writes can
// replace them.
func (r *run) exports(pub *record.Archive, siteDir string) error {
	st := r.stage("data")
	cfg := r.opts.Config
	base := siteBaseURL(r.opts)
	d := export.NewDir(siteDir)
	if r.inc.path != "" {
		d.Keep = r.inc.keepExport
	}
	if err := calendar.Write(d, pub, calendar.Options{BaseURL: base, Now: r.opts.Now, Location: cfg.Archive.Location, Title: cfg.Title}); err != nil {
		return fmt.Errorf("build: calendars: %w", err)
	}
	if err := itemcsv.Write(d, pub, itemcsv.Options{BaseURL: base, Location: cfg.Archive.Location}); err != nil {
		return fmt.Errorf("build: CSV: %w", err)
	}
	if err := archivejson.Write(d, pub, archivejson.Options{BaseURL: base}); err != nil {
		return fmt.Errorf("build: JSON: %w", err)
	}
	api, err := oparlapi.Write(d, pub, oparlapi.Options{BaseURL: base, Title: cfg.Title})
	if err != nil {
		return fmt.Errorf("build: OParl: %w", err)
	}
	if api.SkippedFiles > 0 {
		r.rep.Printf("OParl: %d files without a web address left out (OParl requires an accessUrl)\n", api.SkippedFiles)
	}
	st.Done("%s files, %s KiB: calendars, CSV, JSON, OParl", progress.Count(d.Files()), progress.Count(int(d.Bytes()>>10)))
	return nil
}
