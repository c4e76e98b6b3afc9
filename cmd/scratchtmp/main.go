package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/ratsarchiv/ratsarchiv/internal/gen"
	"github.com/ratsarchiv/ratsarchiv/internal/searchindex"
	"github.com/ratsarchiv/ratsarchiv/internal/staticindex"
)

func main() {
	dir := os.Args[1]
	var items int
	fmt.Sscan(os.Args[2], &items)
	var o staticindex.Options
	json.Unmarshal([]byte(os.Args[3]), &o)
	if _, err := os.Stat(dir + "/index"); err != nil {
		a := gen.Generate(gen.Options{Items: items, Seed: 1})
		st, err := searchindex.Build(context.Background(), dir+"/index", a, searchindex.Options{BasePath: "/"})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%+v\n", st)
	}
	ix, err := searchindex.Open(dir + "/index")
	if err != nil {
		panic(err)
	}
	os.RemoveAll(dir + "/search")
	xs, err := staticindex.Export(context.Background(), ix, dir+"/search", o)
	if err != nil {
		panic(err)
	}
	fmt.Printf("files %d dict %d post %d docs %d total %d\n", xs.Files, xs.DictBytes, xs.PostingBytes, xs.DocBytes, xs.Bytes())
}
