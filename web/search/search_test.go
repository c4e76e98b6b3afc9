package search

import (
	"encoding/json"
	"flag"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// TestNode runs the client's JavaScript unit tests (*.test.mjs) with
// node --test, so that go test ./... runs them in CI.
func TestNode(t *testing.T) {
	nodeTest(t, testkit.Node(t), ".")
}

// TestNodeUnderCommonJSPackage runs the tests of a copy of the client
// placed below a package.json that declares CommonJS, as a user's folder
// made with `npm init -y` does: the client's own package.json must keep its
// modules ES modules.
func TestNodeUnderCommonJSPackage(t *testing.T) {
	node := testkit.Node(t)
	parent := t.TempDir()
	if err := os.WriteFile(filepath.Join(parent, "package.json"), []byte(`{"name": "parent", "type": "commonjs"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	// The tests read the golden index beside the client, at ../../internal.
	dir := filepath.Join(parent, "web", "search")
	if err := os.CopyFS(dir, os.DirFS(".")); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(parent, "internal", "search")
	if err := os.MkdirAll(golden, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(testkit.RepoFile("internal/search/staticindex"), filepath.Join(golden, "staticindex")); err != nil {
		t.Fatal(err)
	}
	nodeTest(t, node, dir)
}

func nodeTest(t *testing.T, node, dir string) {
	t.Helper()
	cmd := exec.Command(node, "--test", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "# fail 0") {
		t.Fatalf("node --test reported failures:\n%s", out)
	}
}

// TestFiles checks that the embedded client is exactly the entry module
// and what it imports, found by following its imports: no test, test data
// or dev-only module (testdata/decompound.mjs) ships.
func TestFiles(t *testing.T) {
	embedded := map[string]bool{}
	fs.WalkDir(Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			embedded[p] = true
		}
		return nil
	})
	imports := regexp.MustCompile(`(?m)^(?:import|export)\b[^;]*?\bfrom "\./([^"]+)"`)
	shipped := map[string]bool{}
	var follow func(name string)
	follow = func(name string) {
		if shipped[name] {
			return
		}
		shipped[name] = true
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, m := range imports.FindAllStringSubmatch(string(src), -1) {
			follow(m[1])
		}
	}
	follow("ratsarchiv-search.js")
	if len(shipped) < 10 {
		t.Fatalf("the import scan found only %v", shipped)
	}
	for n := range embedded {
		if !shipped[n] {
			t.Errorf("embedded %s, which ratsarchiv-search.js does not import: only the client's modules belong in the output", n)
		}
	}
	for n := range shipped {
		if !embedded[n] {
			t.Errorf("%s is imported but not embedded", n)
		}
	}
	if _, err := os.Stat("testdata/decompound.mjs"); err != nil || shipped["testdata/decompound.mjs"] {
		t.Errorf("the decompounder should be test data, not shipped: %v", err)
	}
}

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoLogGolden writes the values of Go's math.Log that score.test.mjs
// requires goLog to reproduce bit for bit: BM25's idf arguments and more.
func TestGoLogGolden(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var xs []float64
	for n := 1; n <= 2000; n += 1 + n/10 {
		for df := 0; df <= n; df += 1 + df/3 {
			xs = append(xs, 1+(float64(n)-float64(df)+0.5)/(float64(df)+0.5))
		}
	}
	for range 500 {
		xs = append(xs, math.Exp(r.NormFloat64()*20), r.Float64(), 1+r.Float64()*1e-9)
	}
	xs = append(xs, 1, 2, math.E, 0.7071067811865476, 1e-300, 1e300, math.MaxFloat64)
	type pair struct{ X, Log uint64 }
	var ps []pair
	for _, x := range xs {
		ps = append(ps, pair{math.Float64bits(x), math.Float64bits(math.Log(x))})
	}
	b, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/golog.json"
	if *update {
		if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(b)+"\n" {
		t.Errorf("%s differs from this platform's math.Log (go test -update rewrites it; scores then differ between Go and JS here)", golden)
	}
}
