package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHelpListsOnlyUsedFlags reads each command's --help: it offers the
// flags the command uses and no other (check once offered --out and
// --workdir, which it never read).
func TestHelpListsOnlyUsedFlags(t *testing.T) {
	flag := regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([\w-]+)`)
	for cmd, want := range map[string]string{
		"build":  "base-url config cpuprofile emit-content help out quiet records sequential workdir",
		"check":  "config help quiet records",
		"serve":  "addr config help out quiet records workdir",
		"search": "committee config from help json kind limit offset result sort to workdir year",
		"init":   "help",
	} {
		code, stdout, stderr := run(t, cmd, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d: %s", cmd, code, stderr)
			continue
		}
		var got []string
		for _, m := range flag.FindAllStringSubmatch(stdout, -1) {
			got = append(got, m[1])
		}
		slices.Sort(got)
		if strings.Join(got, " ") != want {
			t.Errorf("%s --help lists --%s\nwant --%s", cmd, strings.Join(got, " --"), strings.ReplaceAll(want, " ", " --"))
		}
	}
}
