package gate

import (
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/gen"
)

// BenchmarkPublic gates a generated archive of 20,000 agenda items, with
// its own closed-session items and no redact list: the cost every build pays.
func BenchmarkPublic(b *testing.B) {
	a := gen.Generate(gen.Options{Items: 20000, Seed: 1})
	b.ReportAllocs()
	for b.Loop() {
		Public(a, Options{})
	}
}
