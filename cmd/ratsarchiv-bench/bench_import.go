package main

import "context"

// importOParl imports an OParl folder into dir. The OParl importer is not
// part of this build yet, so the corpus is skipped.
func (b *bench) importOParl(ctx context.Context, src, dir string) (string, error) {
	b.logf("OParl import not available in this build; skipping %s", src)
	return "", errSkipped
}
