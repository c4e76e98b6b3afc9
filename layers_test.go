package ratsarchiv

import (
	"os/exec"
	"strings"
	"testing"
)

// The data flows one way: sources → record → gate → (pages, search,
// exports) → site, with internal/build ordering the stages and the commands
// on top. layerRules says, for the packages of each layer, which of the
// module's packages they must not import (by path prefix, relative to the
// module). docs/architecture.md explains the layers.
var layerRules = []struct {
	pkg    string   // package path prefix
	forbid []string // import path prefixes it must not use
}{
	{"internal/record", []string{"internal/", "cmd/", "web/"}},
	{"internal/source/", []string{"internal/gate", "internal/pages", "internal/search/", "internal/export", "internal/site", "internal/build", "internal/serve", "internal/sitemap", "internal/config", "cmd/"}},
	{"internal/gate", []string{"internal/source/", "internal/pages", "internal/search/", "internal/export", "internal/site", "internal/build", "internal/serve", "internal/config", "cmd/"}},
	{"internal/pages", []string{"internal/source/", "internal/gate", "internal/search/", "internal/export", "internal/site", "internal/build", "internal/serve", "internal/config", "cmd/"}},
	{"internal/search/", []string{"internal/source/", "internal/gate", "internal/pages", "internal/export", "internal/site", "internal/build", "internal/serve", "internal/config", "cmd/"}},
	{"internal/export", []string{"internal/source/", "internal/gate", "internal/pages", "internal/search/", "internal/site", "internal/build", "internal/serve", "internal/config", "cmd/"}},
	{"internal/sitemap", []string{"internal/source/", "internal/gate", "internal/pages", "internal/search/", "internal/export", "internal/site", "internal/build", "internal/serve", "cmd/"}},
	{"internal/site", []string{"internal/source/", "internal/record", "internal/gate", "internal/pages", "internal/search/", "internal/export", "internal/build", "internal/serve", "cmd/"}},
	{"internal/filetext", []string{"internal/source/", "internal/record", "internal/gate", "internal/pages", "internal/search/", "internal/export", "internal/site", "internal/build", "cmd/"}},
	{"internal/build", []string{"internal/serve", "cmd/"}},
	{"internal/serve", []string{"internal/build", "cmd/"}},
}

// thirdParty names the one place (package prefix) of the shipped code
// allowed to import a dependency: Hugo only in internal/site, Bleve only in
// internal/search. Test support and tools may use them directly.
var thirdParty = map[string]string{
	"github.com/gohugoio/hugo": "internal/site",
	"github.com/blevesearch/":  "internal/search/",
}

// shipped is false for the packages that only tests and developers use:
// nothing that ships in the ratsarchiv binary may import them.
func shipped(pkg string) bool {
	return !strings.HasPrefix(pkg, "internal/testkit") && !strings.HasPrefix(pkg, "internal/tools/")
}

type edge struct{ from, to string }

// violations checks edges (non-test imports, module-relative where the
// import is ours) against the rules.
func violations(edges []edge) []string {
	var out []string
	for _, e := range edges {
		for _, r := range layerRules {
			if !strings.HasPrefix(e.from, r.pkg) {
				continue
			}
			for _, f := range r.forbid {
				if strings.HasPrefix(e.to, f) && !strings.HasPrefix(e.to, r.pkg) {
					out = append(out, e.from+" imports "+e.to+" (the data flows one way)")
				}
			}
		}
		for dep, owner := range thirdParty {
			if shipped(e.from) && strings.HasPrefix(e.to, dep) && !strings.HasPrefix(e.from, owner) {
				out = append(out, e.from+" imports "+e.to+" (only "+owner+" may)")
			}
		}
		if shipped(e.from) && !shipped(e.to) {
			out = append(out, e.from+" imports "+e.to+" (test support in shipped code)")
		}
	}
	return out
}

func TestImportsFlowOneWay(t *testing.T) {
	const module = "github.com/ratsarchiv/ratsarchiv/"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var edges []edge
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		from := strings.TrimPrefix(f[0], module)
		for _, to := range f[1:] {
			edges = append(edges, edge{from, strings.TrimPrefix(to, module)})
		}
	}
	if len(edges) < 100 {
		t.Fatalf("only %d imports listed: go list did not see the module", len(edges))
	}
	for _, v := range violations(edges) {
		t.Error(v)
	}
}

// TestViolationsFindsBackwardImports is the check's positive control: each
// kind of wrong import is found.
func TestViolationsFindsBackwardImports(t *testing.T) {
	bad := []edge{
		{"internal/record", "internal/permalink"},
		{"internal/source/oparl", "internal/gate"},
		{"internal/pages", "internal/source/tomlrec"},
		{"internal/search/searchindex", "internal/build"},
		{"internal/pages", "github.com/gohugoio/hugo/hugolib"},
		{"internal/build", "internal/testkit/gen"},
	}
	for _, e := range bad {
		if v := violations([]edge{e}); len(v) == 0 {
			t.Errorf("%s → %s not reported", e.from, e.to)
		}
	}
	good := []edge{
		{"internal/source/oparl", "internal/record"},
		{"internal/search/searchindex", "internal/search/analysis"},
		{"internal/site", "github.com/gohugoio/hugo/hugolib"},
		{"internal/tools/ratsarchiv-bench", "internal/testkit/gen"},
	}
	if v := violations(good); len(v) > 0 {
		t.Errorf("allowed imports reported: %v", v)
	}
}
