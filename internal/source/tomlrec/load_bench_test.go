package tomlrec_test

import (
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/gen"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// BenchmarkLoad reads a generated archive of 2,000 agenda items (about 1,100
// files, 7.7 MB of records).
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	if err := gen.WriteRecords(dir, gen.Options{Items: 2000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		_, diags, err := tomlrec.Load(dir, tomlrec.Options{})
		if err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
	}
}
