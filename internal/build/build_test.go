package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
)

func TestRunReportsEachStage(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), Options{
		Config: cfg, OutDir: filepath.Join(t.TempDir(), "public"), WorkDir: t.TempDir(),
		Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var wall time.Duration
	var peak int64
	for _, s := range res.Stages {
		names = append(names, s.Name)
		wall += s.Wall
		peak = max(peak, s.PeakRSS)
		if s.Wall <= 0 || s.PeakRSS <= 0 || s.CPU < 0 {
			t.Errorf("stage %s: wall %v, peak %d, cpu %v; want positive", s.Name, s.Wall, s.PeakRSS, s.CPU)
		}
	}
	want := []string{"load", "pages", "render", "sitemap", "index", "export", "publish"}
	if len(names) < len(want) {
		t.Fatalf("stages = %v, want at least %v", names, want)
	}
	for i, n := range want[:6] {
		if names[i] != n {
			t.Errorf("stage %d = %q, want %q (stages %v)", i, names[i], n, names)
		}
	}
	if names[len(names)-1] != "publish" {
		t.Errorf("last stage = %q, want publish", names[len(names)-1])
	}
	if wall > res.Duration {
		t.Errorf("stages took %v in all, more than the build's %v", wall, res.Duration)
	}
	if res.MaxRSS != peak {
		t.Errorf("MaxRSS = %d, want the largest stage peak %d", res.MaxRSS, peak)
	}
}

func TestRunPartitionsGiveTheSameSite(t *testing.T) {
	cfg, err := config.Load(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	build := func(partition int) (string, *Result) {
		out := filepath.Join(t.TempDir(), "public")
		res, err := Run(context.Background(), Options{
			Config: cfg, OutDir: out, WorkDir: t.TempDir(), PartitionPages: partition,
			Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, res
	}
	whole, res := build(0)
	parts, resParts := build(2)
	if res.Rendered != resParts.Rendered || res.Pages != resParts.Pages {
		t.Errorf("rendered %d of %d pages in one partition, %d of %d in partitions of 2", res.Rendered, res.Pages, resParts.Rendered, resParts.Pages)
	}
	a, b := readTree(t, whole), readTree(t, parts)
	if len(a) < 10 {
		t.Fatalf("only %d files built", len(a))
	}
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s missing when rendered in partitions", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s differs when rendered in partitions", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s only when rendered in partitions", name)
		}
	}
}

// readTree maps every file below dir to its contents.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	if got := memoryLimit(0); got != DefaultMemoryLimit {
		t.Errorf("default = %d, want %d", got, DefaultMemoryLimit)
	}
	if got := memoryLimit(1 << 30); got != 1<<30 {
		t.Errorf("given = %d, want %d", got, 1<<30)
	}
	if got := memoryLimit(-1); got != 0 {
		t.Errorf("negative = %d, want none", got)
	}
	t.Setenv("GOMEMLIMIT", "4GiB")
	if got := memoryLimit(0); got != 0 {
		t.Errorf("with GOMEMLIMIT set = %d, want none (the user's)", got)
	}
}
