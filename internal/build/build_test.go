package build

import (
	"context"
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
	want := []string{"load", "pages", "render", "publish"}
	if len(names) < len(want) {
		t.Fatalf("stages = %v, want at least %v", names, want)
	}
	for i, n := range want[:3] {
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
