package staticindex

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	client "github.com/ratsarchiv/ratsarchiv/web/search"
)

// ClientFile is the browser client's one file in the search folder: the
// modules of web/search bundled and minified, an ES module exporting
// what ratsarchiv-search.js exports.
const ClientFile = "ratsarchiv-search.js"

// bundledClient is the client as written beside the index: built once per
// process (the modules are embedded, so the bytes never change).
var bundledClient = sync.OnceValues(func() ([]byte, error) { return bundleClient(client.Files) })

// bundleClient bundles and minifies the client modules in files with
// esbuild (which Hugo uses too): a reader downloads one file of about a
// third of the modules' size before the first query.
func bundleClient(files fs.FS) ([]byte, error) {
	const ns = "ratsarchiv-client"
	load := api.Plugin{
		Name: "embedded",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: `.*`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				p := a.Path
				if a.Importer != "" {
					p = path.Join(path.Dir(a.Importer), p)
				}
				return api.OnResolveResult{Path: path.Clean(p), Namespace: ns}, nil
			})
			b.OnLoad(api.OnLoadOptions{Filter: `.*`, Namespace: ns}, func(a api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := fs.ReadFile(files, a.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				s := string(src)
				return api.OnLoadResult{Contents: &s, Loader: api.LoaderJS}, nil
			})
		},
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{ClientFile},
		Bundle:            true,
		Format:            api.FormatESModule,
		Target:            api.ES2022,
		MinifyWhitespace:  true,
		MinifySyntax:      true,
		MinifyIdentifiers: true,
		LegalComments:     api.LegalCommentsNone,
		Charset:           api.CharsetUTF8,
		Plugins:           []api.Plugin{load},
		Write:             false,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range res.Errors {
			msgs = append(msgs, m.Text)
		}
		return nil, fmt.Errorf("staticindex: bundling the client: %s", strings.Join(msgs, "; "))
	}
	if len(res.OutputFiles) != 1 {
		return nil, errors.New("staticindex: bundling the client gave no single file")
	}
	return res.OutputFiles[0].Contents, nil
}
