package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/source/oparl"
)

// importOParl imports a folder of OParl JSON into dir, unless dir holds
// an import of the same folder already.
func (b *bench) importOParl(ctx context.Context, src, dir string) (string, error) {
	abs, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	stamp := fmt.Sprintf("import oparl %s\n", abs)
	if data, err := os.ReadFile(filepath.Join(dir, stampFile)); err == nil && string(data) == stamp {
		return dir, nil
	}
	b.logf("importing %s into %s", abs, dir)
	start := time.Now()
	if _, err := oparl.Import(ctx, oparl.Options{Source: abs, Out: dir}); err != nil {
		return "", err
	}
	b.logf("imported in %s", time.Since(start).Round(time.Millisecond))
	return dir, os.WriteFile(filepath.Join(dir, stampFile), []byte(stamp), 0o644)
}
