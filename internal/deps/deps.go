//go:build tools

// Package deps pins modules the project is about to use, so that parallel
// work does not race on go.mod. Remove an import once real code imports it.
package deps

import (
	_ "github.com/bep/overlayfs"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/gohugoio/hugo/hugolib"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/spf13/afero"
)
