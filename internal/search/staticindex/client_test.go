package staticindex

import (
	"os"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// TestClientLeavesOutTheDecompounder: the bundle a site serves holds the
// query-time client only. The words of the index-time decompounder's rules
// are in its port for the tests (the positive control) and not in the
// bundle.
func TestClientLeavesOutTheDecompounder(t *testing.T) {
	b, err := bundledClient()
	if err != nil {
		t.Fatal(err)
	}
	port, err := os.ReadFile(testkit.RepoFile("web/search/testdata/decompound.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, rule := range []string{"unbe unge umbe aufge", "schaft schaften lichen"} {
		if !strings.Contains(string(port), rule) {
			t.Errorf("the decompounder's port has no %q: the scan looks for the wrong words", rule)
		}
		if strings.Contains(string(b), rule) {
			t.Errorf("the client bundle holds the decompounder's %q", rule)
		}
	}
	if !strings.Contains(string(b), "search index: format") {
		t.Error("the bundle is not the client")
	}
}
