package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error    // returned by the command
		args   []string // after the command's name
		code   int
		stderr string
	}{
		{"OK", nil, nil, 0, ""},
		{"Failure", errors.New("records: bad"), nil, 1, "prog: records: bad\n"},
		{"Usage", fmt.Errorf("%w: --out DIR is required", ErrUsage), nil, 2, "prog: usage: --out DIR is required\n"},
		{"UnknownFlag", nil, []string{"--bogus"}, 2, "prog: usage: unknown flag: --bogus (see prog run --help)\n"},
		{"ExitErrorPrintsNothing", fmt.Errorf("build: %w", ExitError{Code: 3}), nil, 3, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := &cobra.Command{Use: "prog"}
			root.AddCommand(&cobra.Command{
				Use:  "run",
				RunE: func(*cobra.Command, []string) error { return tc.err },
			})
			var stdout, stderr strings.Builder
			code := Run(context.Background(), root, append([]string{"run"}, tc.args...), &stdout, &stderr)
			if code != tc.code || stderr.String() != tc.stderr || stdout.Len() > 0 {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit %d, stderr %q", code, stderr.String(), stdout.String(), tc.code, tc.stderr)
			}
		})
	}
}

func TestStartCPUProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cpu.prof")
	stop, err := StartCPUProfile(path)
	if err != nil {
		t.Fatal(err)
	}
	stop()
	raw, err := os.ReadFile(path)
	// A profile is gzipped protobuf, even without samples.
	if err != nil || len(raw) < 2 || raw[0] != 0x1f || raw[1] != 0x8b {
		t.Errorf("profile %d bytes (%v), want a gzipped profile", len(raw), err)
	}
	if _, err := StartCPUProfile(filepath.Join(t.TempDir(), "missing", "cpu.prof")); err == nil {
		t.Error("no error for a folder that does not exist")
	}
}
