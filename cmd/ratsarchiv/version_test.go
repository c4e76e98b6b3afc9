package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"testing"
)

func TestVersionText(t *testing.T) {
	hugo := &debug.Module{Path: hugoModule, Version: "v0.166.0"}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"Checkout", &debug.BuildInfo{
			GoVersion: "go1.27.3",
			Main:      debug.Module{Path: "github.com/ratsarchiv/ratsarchiv", Version: "(devel)"},
			Deps:      []*debug.Module{{Path: "github.com/spf13/cobra", Version: "v1.10.2"}, hugo},
			Settings: []debug.BuildSetting{
				{Key: "GOARCH", Value: "arm64"}, {Key: "GOOS", Value: "darwin"},
				{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "7800c090467ebdb4731b290ed3b716d7abb8fa81"},
				{Key: "vcs.time", Value: "2026-12-03T20:04:42Z"}, {Key: "vcs.modified", Value: "true"},
			},
		}, "ratsarchiv (devel), commit 7800c090467ebdb4731b290ed3b716d7abb8fa81 of 2026-12-03T20:04:42Z, with uncommitted changes\nHugo v0.166.0\ngo1.27.3 darwin/arm64\n"},
		{"Installed", &debug.BuildInfo{
			GoVersion: "go1.27.3",
			Main:      debug.Module{Path: "github.com/ratsarchiv/ratsarchiv", Version: "v1.2.0"},
			Deps:      []*debug.Module{{Path: hugoModule, Version: "v0.166.0", Replace: &debug.Module{Path: "../hugo", Version: ""}}},
		}, "ratsarchiv v1.2.0\nHugo v0.166.0 (replaced by ../hugo)\ngo1.27.3\n"},
		{"TestBinary", &debug.BuildInfo{GoVersion: "go1.27.3", Deps: []*debug.Module{hugo}},
			"ratsarchiv (devel)\nHugo v0.166.0\ngo1.27.3\n"},
		{"NoBuildInfo", nil, "ratsarchiv (unknown version: built without module information)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionText(tc.bi); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestVersionFlag runs --version: it names the Hugo that go.mod requires.
func TestVersionFlag(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*github\.com/gohugoio/hugo (v\S+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod requires no Hugo")
	}
	code, stdout, stderr := run(t, "--version")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	want := regexp.MustCompile(`^ratsarchiv \S+.*\nHugo ` + regexp.QuoteMeta(string(m[1])) + `\ngo1\.\d+`)
	if !want.MatchString(stdout) {
		t.Errorf("--version printed\n%s\nwant it to match %s", stdout, want)
	}
}
