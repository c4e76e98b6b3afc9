package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/build/outtree"
	"github.com/ratsarchiv/ratsarchiv/internal/filesum"
	"github.com/ratsarchiv/ratsarchiv/internal/gobfile"
	"github.com/ratsarchiv/ratsarchiv/internal/pages"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/site"
)

// An incremental build (README, "Rebuilds") renders only the
// pages whose content changed, keeps the search index when its documents
// did not change, and writes only the files whose content changed: the
// others are hard links to the live site's (outtree). It needs the last
// build's record, stateFile in the work directory, and falls back to a
// full build whenever the record cannot prove it still holds: another
// program (the binary's own hash), config or site files (layouts, i18n,
// assets, static, content …), base URL, or a live site changed since.

// stateFile is a build's record in the work directory.
const stateFile = "build-state.gob"

// stateFormat is the version of stateFile's layout. 2: the kept folder's
// tree is told by how it differs from the live one's (Kept). 3: trees in
// outtree's own encoding (Tree.MarshalBinary). 4: SearchContents.
const stateFormat = 4

// buildState is what a build published, for the next one.
type buildState struct {
	Format int
	// Key names what the record is valid for (cacheKey).
	Key string
	// Output is the live site; Kept the folder kept beside it
	// (atomicdir.PreviousDir: the site it replaced), as it differs from
	// Output, or nil.
	Output *outtree.Tree
	Kept   *outtree.Delta
	// Pages are the generated regular pages by content path.
	Pages map[string]pageState
	// Context is the part of the home and section pages that regular pages
	// may show (contextSum).
	Context outtree.Sum
	// Shared are the files Hugo wrote that belong to no generated regular
	// page (home, sections, the theme's pages, 404, robots.txt, assets).
	Shared []string
	// Search is the fingerprint of the search documents.
	Search [32]byte
	// SearchContents name the static index's shards that are not named
	// after their content (the dictionary's, staticindex.Stats.Contents)
	// by their content: a rebuild takes such a shard over under its new
	// name rather than compress and write it again.
	SearchContents map[string]string
}

// pageState is a generated page as the last build rendered it.
type pageState struct {
	Sum  outtree.Sum // of its content path and data
	Info site.PageInfo
}

// errStale stops an incremental build that finds the record does not
// hold after all; the build runs again in full.
var errStale = errors.New("build: the last build's record does not match this build")

// incremental is the bookkeeping of a build that has a work directory:
// what it can take over from the last build, and what it records for the
// next.
type incremental struct {
	path string // the state file; "" records nothing (no work directory)
	key  string
	prev *buildState // valid for this build: it is incremental
	live string      // the live site
	// scratch receives an incremental build's new files; reuse is the
	// staging folder's tree when it is the kept earlier output.
	scratch string
	reuse   *outtree.Tree
	// conservative: the site has layouts of its own, whose regular pages
	// may show anything of the home and section pages.
	conservative bool
	// searchIntact: the live site has every file of its static index as
	// recorded, so an unchanged index can be taken over.
	searchIntact bool
	// lateShared: a home or section page came after a regular page, so
	// the context was fixed too early (errStale).
	lateShared bool

	mu    sync.Mutex
	next  *buildState
	known map[string]outtree.Sum  // sums of files written, by path
	from  map[string]bool         // files taken over from the live site, by path
	moved map[string]outtree.Want // shards taken over from another path of the live site
	ctx   []byte                  // the context pages' data so far
	sums  map[string]outtree.Sum  // this build's generated regular pages
	kept  map[string]pageState    // of them, those not rendered again
	skip  func(p pages.Page) bool // set once the context is known
	// sections are those of which a page is rendered.
	sections map[string]bool
	stats    *outtree.Stats
	// site is the staging folder's tree but for the static search index,
	// once publishSite brought it up to date, with what it did.
	site      *outtree.Tree
	siteStats *outtree.Stats
}

// openIncremental reads the last build's record and checks it against
// this build; prev stays nil (a full build) when it does not hold.
func openIncremental(opts Options) *incremental {
	inc := &incremental{live: opts.OutDir, known: map[string]outtree.Sum{}, from: map[string]bool{}, moved: map[string]outtree.Want{},
		sums: map[string]outtree.Sum{}, kept: map[string]pageState{}, sections: map[string]bool{}}
	inc.next = &buildState{Format: stateFormat, Pages: map[string]pageState{}}
	if opts.WorkDir == "" || !outtree.Supported {
		return inc
	}
	inc.path = filepath.Join(opts.WorkDir, stateFile)
	key, conservative, err := cacheKey(opts)
	if err != nil {
		inc.path = ""
		return inc
	}
	inc.key, inc.conservative = key, conservative
	inc.next.Key = key
	prev, err := readState(inc.path)
	if err != nil || prev.Format != stateFormat || prev.Key != key || prev.Output == nil {
		return inc
	}
	// The live site must be the one recorded, marker included (a folder
	// made anew may get a freed inode number back); files changed since
	// are not taken over (their pages are rendered, their exports
	// written), and a static index missing a file is exported anew.
	searchFiles := countSearchFiles(prev.Output)
	if _, err := prev.Output.Verify(opts.OutDir); err != nil {
		return inc
	}
	if _, ok := prev.Output.Files[OutputMarker]; !ok {
		return inc
	}
	inc.searchIntact = countSearchFiles(prev.Output) == searchFiles
	inc.prev = prev
	return inc
}

// countSearchFiles counts the files of the static search index in t.
func countSearchFiles(t *outtree.Tree) int {
	n := 0
	for rel := range t.Files {
		if isSearchFile(rel) {
			n++
		}
	}
	return n
}

// stage stages the output: in the kept earlier output for an incremental
// build, in an empty folder for a full one.
func (inc *incremental) stage() (*atomicdir.Staging, error) {
	if inc.prev == nil {
		return atomicdir.Stage(inc.live, OutputMarker)
	}
	out, err := atomicdir.StageReuse(inc.live, OutputMarker)
	if err != nil {
		return nil, err
	}
	if k := inc.prev.Kept; out.Reused() && k != nil {
		if ino, err := outtree.FolderID(out.Dir()); err == nil && ino == k.Ino {
			inc.reuse = k.On(inc.prev.Output)
		}
	}
	// New files go to a folder beside it, to be moved in: a staging-like
	// name, so that atomicdir removes it if the build is killed.
	inc.scratch, err = os.MkdirTemp(filepath.Dir(out.Dir()), filepath.Base(out.Dir())+"-new-")
	if err != nil {
		out.Abort()
		return nil, err
	}
	return out, nil
}

// close removes the scratch folder.
func (inc *incremental) close() {
	if inc.scratch != "" {
		os.RemoveAll(inc.scratch)
	}
}

// siteDir is where the build writes the site: the staging folder, or for
// an incremental build the scratch folder.
func (inc *incremental) siteDir(staging string) string {
	if inc.prev != nil {
		return inc.scratch
	}
	return staging
}

// page records a generated page and reports whether it must be rendered:
// it must unless the last build rendered the same content, the context
// the regular pages show is unchanged, and the live site still has the
// files it wrote for it.
func (inc *incremental) page(p pages.Page) bool {
	h := sha256.New()
	h.Write([]byte(p.Path))
	h.Write([]byte{0})
	h.Write(p.Data)
	var sum outtree.Sum
	copy(sum[:], h.Sum(nil))
	if isShared(p.Path) {
		// pages.Stream hands out the home and section pages first.
		inc.lateShared = inc.lateShared || inc.skip != nil
		inc.ctx = append(inc.ctx, contextData(p, inc.conservative)...)
		return true
	}
	if inc.skip == nil {
		ctx := outtree.SumOf(inc.ctx)
		inc.next.Context = ctx
		inc.skip = func(pages.Page) bool { return false }
		if inc.prev != nil && inc.prev.Context == ctx {
			inc.skip = inc.unchanged
		}
	}
	inc.sums[p.Path] = sum
	// The first page of each section is rendered all the same: Hugo
	// publishes a script or style sheet a layout uses only while it
	// renders a page that uses it (hugoWrote checks that it did).
	if sec, _, _ := strings.Cut(p.Path, "/"); !inc.sections[sec] {
		inc.sections[sec] = true
		return true
	}
	return !inc.skip(p)
}

// unchanged reports whether the last build rendered p as it is now, and
// the live site has its files.
func (inc *incremental) unchanged(p pages.Page) bool {
	ps, ok := inc.prev.Pages[p.Path]
	if !ok || ps.Sum != inc.sums[p.Path] || len(ps.Info.Files) == 0 {
		return false
	}
	for _, f := range ps.Info.Files {
		if _, ok := inc.prev.Output.Files[f]; !ok {
			return false
		}
	}
	inc.kept[p.Path] = ps
	return true
}

// isShared tells the generated pages every Hugo build renders: the home
// and section pages.
func isShared(path string) bool {
	return path == "_index.md" || strings.HasSuffix(path, "/_index.md")
}

// contextParams are the parameters of the home and section pages that
// the theme's regular pages show (site.Home.Params.body: the header, the
// citations); the others list records and change with every meeting
// added. A regular layout that shows another must name it here
// (TestIncrementalBuildMatchesFullBuild adds a meeting, which changes all
// the lists). A site with layouts of its own gets the whole pages as the
// context.
var contextParams = []string{"kind", "section", "body", "website"}

// contextData is what regular pages may show of a shared page: its front
// matter but for the parameters not in contextParams.
func contextData(p pages.Page, conservative bool) []byte {
	data := p.Data
	if !conservative {
		var fm map[string]any
		if json.Unmarshal(p.Data, &fm) == nil {
			if params, ok := fm["params"].(map[string]any); ok {
				for k := range params {
					if !slices.Contains(contextParams, k) {
						delete(params, k)
					}
				}
			}
			if b, err := json.Marshal(fm); err == nil {
				data = b
			}
		}
	}
	return fmt.Appendf(nil, "%s\x00%d\x00%s\x00", p.Path, len(data), data)
}

// rendered completes the pages Hugo rendered with those it did not render
// again, and records each generated page's files. A list page is dated by
// its newest page (see renderer.flush): the pages not rendered count too.
func (inc *incremental) rendered(hugo []site.PageInfo) []site.PageInfo {
	out := slices.Clone(hugo)
	for _, ps := range inc.kept {
		out = append(out, ps.Info)
	}
	var newest time.Time
	bySection := map[string]time.Time{}
	for _, ps := range inc.kept {
		if t := ps.Info.LastMod; t.After(bySection[ps.Info.Section]) {
			bySection[ps.Info.Section] = t
		}
		if ps.Info.LastMod.After(newest) {
			newest = ps.Info.LastMod
		}
	}
	for i, p := range out {
		switch {
		case p.Kind == "home" && newest.After(p.LastMod):
			out[i].LastMod = newest
		case p.Kind == "section" && bySection[p.Section].After(p.LastMod):
			out[i].LastMod = bySection[p.Section]
		}
	}
	slices.SortFunc(out, func(a, b site.PageInfo) int { return strings.Compare(a.URL, b.URL) })
	for _, p := range out {
		if p.Content != "" && !isShared(p.Content) && p.Kind == "page" {
			inc.next.Pages[p.Content] = pageState{Sum: inc.sums[p.Content], Info: p}
		}
	}
	return out
}

// hugoWrote records the files Hugo wrote into dir (the site folder, while
// the search export may still write into it) that belong to no generated
// regular page; an incremental build must have written every file the
// last build had so, or it missed some (errStale).
func (inc *incremental) hugoWrote(dir string) error {
	own := map[string]bool{}
	for _, ps := range inc.next.Pages {
		for _, f := range ps.Info.Files {
			own[f] = true
		}
	}
	var shared []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(p[min(len(p), len(dir)+1):])
		if d.IsDir() {
			if rel == "search/"+staticindex.ShardDir {
				return fs.SkipDir
			}
			return nil
		}
		if !own[rel] && !isSearchFile(rel) {
			shared = append(shared, rel)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	slices.Sort(shared)
	inc.next.Shared = shared
	if inc.prev == nil {
		return nil
	}
	if inc.lateShared {
		return fmt.Errorf("%w: a home or section page came after the regular pages", errStale)
	}
	for _, f := range inc.prev.Shared {
		if _, found := slices.BinarySearch(shared, f); !found {
			return fmt.Errorf("%w: %s is not written again", errStale, f)
		}
	}
	return nil
}

// isSearchFile tells the files of the static search index (not the search
// page, which Hugo renders into the same folder).
func isSearchFile(rel string) bool {
	return rel == "search/"+staticindex.EntryFile || rel == "search/"+staticindex.ClientFile ||
		strings.HasPrefix(rel, "search/"+staticindex.ShardDir+"/")
}

// keepSearch takes the static index over from the live site.
func (inc *incremental) keepSearch() {
	inc.mu.Lock()
	defer inc.mu.Unlock()
	for rel := range inc.prev.Output.Files {
		if isSearchFile(rel) {
			inc.from[rel] = true
		}
	}
	inc.next.SearchContents = inc.prev.SearchContents
}

// keepShard reports whether the live site has a shard of the static
// index already (Options.Keep), at its name or, for a shard not named
// after its content, at the name the last build gave that content; it
// takes the shard over then.
func (inc *incremental) keepShard(name, content string) bool {
	if inc.prev == nil {
		return false
	}
	rel := "search/" + name
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if _, ok := inc.prev.Output.Files[rel]; ok {
		inc.from[rel] = true
		return true
	}
	if content == "" || content == name {
		return false
	}
	was, ok := inc.prev.SearchContents[content]
	if !ok {
		return false
	}
	f, ok := inc.prev.Output.Files["search/"+was]
	if !ok {
		return false
	}
	inc.moved[rel] = outtree.Want{From: "search/" + was, Sum: f.Sum}
	return true
}

// recordContents records the export's shards not named after their
// content (staticindex.Stats.Contents), by content, for the next build.
func (inc *incremental) recordContents(byName map[string]string) {
	inc.next.SearchContents = make(map[string]string, len(byName))
	for name, content := range byName {
		inc.next.SearchContents[content] = name
	}
}

// keepExport reports whether the live site has an export file with this
// content (export.Dir.Keep), and takes it over then; it records the sum of
// one it does not have, which is written.
func (inc *incremental) keepExport(rel string, data []byte) bool {
	sum := outtree.SumOf(data)
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if inc.prev != nil {
		if f, ok := inc.prev.Output.Files[rel]; ok && f.Sum == sum {
			inc.from[rel] = true
			delete(inc.known, rel)
			return true
		}
	}
	delete(inc.from, rel)
	inc.known[rel] = sum
	return false
}

// publish makes the staging folder the new site: for an incremental
// build it brings it to the new files, and records the new tree.
func (inc *incremental) publish(out *atomicdir.Staging) error {
	staging := out.Dir()
	if inc.prev == nil {
		if inc.path == "" {
			return nil
		}
		if err := out.Mark(); err != nil {
			return err
		}
		t, err := outtree.Scan(staging, inc.known)
		if err != nil {
			return err
		}
		inc.next.Output = t
		return nil
	}
	if inc.site == nil {
		if _, err := inc.publishSite(staging); err != nil {
			return err
		}
	}
	if err := atomicdir.CheckMarked(inc.live, OutputMarker); err != nil {
		return err
	}
	// What the scratch folder still holds is the index's new files (and
	// files the exports took over from the live site instead).
	want := map[string]outtree.Want{}
	scratch, err := outtree.Scan(inc.scratch, inc.known)
	if err != nil {
		return err
	}
	for rel, f := range scratch.Files {
		if isSearchFile(rel) {
			want[rel] = outtree.Want{Sum: f.Sum}
		}
	}
	for rel := range inc.from {
		if isSearchFile(rel) {
			want[rel] = outtree.Want{Live: true}
		}
	}
	maps.Copy(want, inc.moved)
	t, st, err := outtree.ApplyWithin(staging, inc.reuse, inc.live, inc.prev.Output, inc.scratch, want, searchRoots...)
	if err != nil {
		return err
	}
	maps.Copy(t.Files, inc.site.Files)
	inc.next.Output = t
	st.Add(inc.siteStats)
	inc.stats = st
	return nil
}

// searchRoots are the paths of the static search index in the site
// (isSearchFile).
var searchRoots = []string{"search/" + staticindex.EntryFile, "search/" + staticindex.ClientFile, "search/" + staticindex.ShardDir}

// publishSite brings an incremental build's staging folder up to date
// with every file but the static search index's, which publish adds
// after the search stages. The pages and exports are done before those
// (the index's merge keeps one core busy, the other is free), so their
// files go in place beside them. It returns the stats of what it did.
func (inc *incremental) publishSite(staging string) (*outtree.Stats, error) {
	// The live site's files are taken over only while it is still ours:
	// the commit checks its marker again, but by then they are linked.
	if err := atomicdir.CheckMarked(inc.live, OutputMarker); err != nil {
		return nil, err
	}
	want := map[string]outtree.Want{OutputMarker: {Live: true}}
	for _, ps := range inc.kept {
		for _, f := range ps.Info.Files {
			want[f] = outtree.Want{Live: true}
		}
	}
	// The new files; a file the exports took over from the live site
	// wins over one Hugo wrote at the same path, as the exports, written
	// last, do in a full build.
	scratch, err := outtree.Scan(inc.scratch, inc.known, searchRoots...)
	if err != nil {
		return nil, err
	}
	for rel, f := range scratch.Files {
		want[rel] = outtree.Want{Sum: f.Sum}
	}
	inc.mu.Lock() // the search stage may be taking shards over
	for rel := range inc.from {
		if !isSearchFile(rel) {
			want[rel] = outtree.Want{Live: true}
		}
	}
	inc.mu.Unlock()
	t, st, err := outtree.Apply(staging, inc.reuse, inc.live, inc.prev.Output, inc.scratch, want, searchRoots...)
	if err != nil {
		return nil, err
	}
	inc.site, inc.siteStats = t, st
	return st, nil
}

// save records this build for the next, after the site went live: the
// live site's tree, and the one kept beside it.
func (inc *incremental) save() error {
	if inc.path == "" {
		return nil
	}
	if inc.prev != nil {
		inc.next.Kept = inc.prev.Output.DeltaFrom(inc.next.Output)
	}
	// The live site is the staging folder, renamed: its inode is the
	// tree's, which Apply and Scan took from the folder before.
	return gobfile.Write(inc.path, inc.next)
}

func readState(path string) (*buildState, error) {
	var st buildState
	if err := gobfile.Read(path, &st); err != nil {
		return nil, err
	}
	return &st, nil
}

// cacheKey names what a build's output depends on besides the records:
// this program, the config file, the site's own files (layouts, i18n,
// assets, static, content, data …) and the base URL. conservative reports
// whether the site has layouts of its own.
func cacheKey(opts Options) (key string, conservative bool, err error) {
	h := sha256.New()
	fmt.Fprintf(h, "ratsarchiv build state %d\n", stateFormat)
	exe, err := executableSum()
	if err != nil {
		return "", false, err
	}
	h.Write(exe[:])
	cfg, err := os.ReadFile(opts.Config.Path)
	if err != nil {
		return "", false, err
	}
	fmt.Fprintf(h, "config %d\n", len(cfg))
	h.Write(cfg)
	fmt.Fprintf(h, "baseURL %q\n", opts.BaseURL)
	siteDir := opts.Config.SiteDir
	for _, d := range hugoSourceDirs {
		err := filepath.WalkDir(filepath.Join(siteDir, d), func(p string, e fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == filepath.Join(siteDir, d) {
				return fs.SkipDir
			}
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if d == "layouts" {
				conservative = true
			}
			rel, _ := filepath.Rel(siteDir, p)
			fmt.Fprintf(h, "file %q %d\n", filepath.ToSlash(rel), len(data))
			h.Write(data)
			return nil
		})
		if err != nil {
			return "", false, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), conservative, nil
}

// executableSum is the hash of the running program: the theme, Hugo and
// every stage's code are part of it.
var executableSum = sync.OnceValues(func() (filesum.Sum, error) {
	exe, err := os.Executable()
	if err != nil {
		return filesum.Sum{}, err
	}
	return filesum.Of(exe)
})
