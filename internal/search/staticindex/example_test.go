package staticindex_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ratsarchiv/ratsarchiv/internal/search/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/search/staticindex"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/searchtest"
)

// Export writes the static index of a search index, with the browser
// client, into the site's search/ folder.
func ExampleExport() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	if _, err := searchindex.Build(ctx, filepath.Join(dir, "index"), searchtest.Archive(1, 20), searchindex.Options{BasePath: "/"}); err != nil {
		panic(err)
	}
	ix, err := searchindex.Open(filepath.Join(dir, "index"))
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	st, err := staticindex.Export(ctx, ix, filepath.Join(dir, "search"), staticindex.Options{})
	if err != nil {
		panic(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "search", staticindex.EntryFile))
	var e staticindex.Entry
	json.Unmarshal(b, &e)
	_, clientErr := os.Stat(filepath.Join(dir, "search", "ratsarchiv-search.js"))
	fmt.Println(e.Format, e.Version, e.Documents == st.Documents, clientErr == nil)
	// Output: ratsarchiv-search-index 22 true true
}
