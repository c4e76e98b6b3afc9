package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// hugoModule is the module whose version --version reports beside ours: the
// site generator the pages are rendered with.
const hugoModule = "github.com/gohugoio/hugo"

// versionText describes a binary from its build information: ratsarchiv's
// module version and the commit it was built from (a binary built from a
// checkout with uncommitted changes says so), the Hugo it renders with and
// the Go toolchain. bi is nil when the binary carries no build information.
func versionText(bi *debug.BuildInfo) string {
	if bi == nil {
		return "ratsarchiv (unknown version: built without module information)\n"
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)" // go test and go run leave it out
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ratsarchiv %s", version)
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, ", commit %s", rev)
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " of %s", t)
		}
		if settings["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
	}
	b.WriteString("\nHugo ")
	b.WriteString(moduleVersion(bi, hugoModule))
	fmt.Fprintf(&b, "\n%s", bi.GoVersion)
	if goos, goarch := settings["GOOS"], settings["GOARCH"]; goos != "" && goarch != "" {
		fmt.Fprintf(&b, " %s/%s", goos, goarch)
	}
	b.WriteString("\n")
	return b.String()
}

// moduleVersion is the version of the dependency path in bi, with its
// replacement when it has one.
func moduleVersion(bi *debug.BuildInfo, path string) string {
	for _, d := range bi.Deps {
		if d.Path != path {
			continue
		}
		if r := d.Replace; r != nil {
			// A replacement by a local folder has no version.
			return strings.TrimSpace(fmt.Sprintf("%s (replaced by %s %s", d.Version, r.Path, r.Version)) + ")"
		}
		return d.Version
	}
	return "(not in the build information)"
}

// buildVersion is versionText of the running binary.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return versionText(bi)
}
