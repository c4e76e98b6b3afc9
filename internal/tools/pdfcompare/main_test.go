package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(testcorpus.Dir(t, "karlsruhe-oparl"), "file-texts-2025-2026")
	var out bytes.Buffer
	err := run(context.Background(), []string{"-corpus", dir, "-n", "4", "-pages", "2",
		"-only", "pdfium-wasm + layout,ledongthuc/pdf own text"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, l := range strings.Split(out.String(), "\n") {
		if f := strings.Split(l, " | "); len(f) > 2 {
			rows[strings.TrimPrefix(f[0], "| ")] = f[1]
		}
	}
	if rows["pdfium-wasm + layout"] != "100.00 %" || rows["ledongthuc/pdf own text"] == "" || len(rows) != 3 {
		t.Errorf("table:\n%s", out.String())
	}

	out.Reset()
	if err := run(context.Background(), []string{"-corpus", dir, "-n", "3", "-pages", "2", "-extract"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "| 1 | 3 |") || !strings.Contains(out.String(), "100.00 %") {
		t.Errorf("throughput:\n%s", out.String())
	}
}
