// Package search holds the browser client of the static search index
// (dependency-free ES modules) and embeds it, so that internal/search/staticindex
// writes exactly the client it was built with next to the index files.
package search

import "embed"

// Files are the client's modules: ratsarchiv-search.js and what it imports.
//
//go:embed *.js
var Files embed.FS
