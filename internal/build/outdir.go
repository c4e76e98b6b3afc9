package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
)

// OutputMarker is the file every built site holds: a build replaces only an
// output folder that has it (or is empty or missing), never a folder it did
// not write.
const OutputMarker = ".ratsarchiv-output"

// hugoSourceDirs are the folders of a site that Hugo reads: the output may
// lie in the site folder (public/ does), but not in one of these.
var hugoSourceDirs = []string{"archetypes", "assets", "config", "content", "data", "i18n", "layouts", "resources", "static", "themes"}

// CheckOutDir refuses an output folder whose replacement would delete the
// build's own sources or state: one that is, contains or lies inside the
// records folder, a folder Hugo reads or the search index, or that is or
// contains the site folder, the work directory or the current directory;
// and one that exists but is not an earlier output (see OutputMarker). Run
// checks it first; serve checks it before it starts.
func CheckOutDir(opts Options) error {
	site := opts.Config.SiteDir
	keep := []atomicdir.Keep{
		{Path: opts.RecordsDir, What: "the records folder"},
		{Path: site, What: "the site folder", MayHold: true},
		{Path: opts.Config.Path, What: "the config file"},
	}
	for _, d := range hugoSourceDirs {
		keep = append(keep, atomicdir.Keep{Path: filepath.Join(site, d), What: "the site's " + d + "/ folder"})
	}
	if opts.WorkDir != "" {
		keep = append(keep,
			atomicdir.Keep{Path: opts.WorkDir, What: "the work directory", MayHold: true},
			atomicdir.Keep{Path: filepath.Join(opts.WorkDir, searchindex.WorkDirName), What: "the search index"})
	}
	if wd, err := os.Getwd(); err == nil {
		keep = append(keep, atomicdir.Keep{Path: wd, What: "the current directory", MayHold: true})
	}
	if err := atomicdir.CheckClear(opts.OutDir, keep...); err != nil {
		return fmt.Errorf("build: output folder: %w", err)
	}
	if err := atomicdir.CheckMarked(opts.OutDir, OutputMarker); err != nil {
		return fmt.Errorf("build: output folder: %w", err)
	}
	return nil
}
