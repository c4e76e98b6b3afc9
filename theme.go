// Package ratsarchiv holds the theme that travels with the ratsarchiv
// binary: the repository's layouts/, i18n/, assets/, static/ and content/
// folders and defaults.toml, embedded so that `ratsarchiv build` works in a
// folder that holds only a config.toml and records. internal/site mounts it
// as a Hugo theme under the site's own files, which override it file by file.
//
// All of content/ belongs to the theme, because every archive has those
// pages: search and data present what every build writes (the search index,
// the exports), and about is linked from every page's footer, so the theme
// brings a general text that a site replaces with its own content/about.md.
//
// The file lives at the module root because go:embed cannot reach up out of
// a package's folder, and the folders stay at the top of the repository,
// where the example site (config.toml) uses them as its own.
package ratsarchiv

import "embed"

// Theme is the embedded theme. "all:" keeps layouts/_partials (go:embed
// leaves out names starting with _ or . otherwise); hidden files are skipped
// where the theme is used.
//
//go:embed all:layouts all:i18n all:assets all:static all:content defaults.toml
var Theme embed.FS
