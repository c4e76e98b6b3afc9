package tomlrec

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

// deepArray is a value of n nested arrays.
func deepArray(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// deepInline is a value of n nested inline tables.
func deepInline(n int) string { return strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) }

// dotted is a key of n parts.
func dotted(n int) string { return strings.TrimSuffix(strings.Repeat("a.", n), ".") }

// TestLoadRejectsDeepNesting: a file that nests deeper than the parser can
// follow is a diagnostic with its file and line, not a crash, and takes no
// longer than reading it.
func TestLoadRejectsDeepNesting(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		line      int
	}{
		// The sweep's file: 4 MB, which overflowed the stack.
		{"Array", "[[paper]]\nid = \"v\"\nname = \"V\"\nx = " + deepArray(2_000_000) + "\n", 4},
		{"InlineTable", "[[paper]]\nx = " + deepInline(100_000) + "\n", 2},
		// Long dotted keys took time quadratic in their parts.
		{"DottedKey", "[[paper]]\n" + dotted(100_000) + " = 1\n", 2},
		{"Header", "[[paper]]\nid = \"v\"\n\n[" + dotted(100_000) + "]\n", 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "deep.toml")
			if err := os.WriteFile(path, []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "body.toml"), []byte("[body]\nname = \"B\"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, diags, err := Load(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := path + ":" + strconv.Itoa(tt.line) + ": TOML nests more than 32 levels deep"
			if len(diags) != 1 || !strings.HasPrefix(diags[0].String(), want) {
				t.Fatalf("diagnostics = %v, want one starting %q", diags, want)
			}
		})
	}
}

func TestCheckNesting(t *testing.T) {
	ok := []string{
		"x = " + deepArray(MaxNesting-1),
		"x = " + deepInline(MaxNesting-1),
		dotted(MaxNesting) + " = 1",
		"[" + dotted(MaxNesting-1) + "]\nx = 1",
		"[[" + dotted(MaxNesting-2) + "]]\nx = 1",
		"[" + dotted(MaxNesting-3) + "]\nx = [[1]]",
		// Brackets, braces, dots and quotes inside strings and comments
		// are text.
		`x = "` + deepArray(100) + `\"` + deepInline(100) + `"`,
		"x = '" + deepArray(100) + "'",
		"x = \"\"\"\n" + deepArray(100) + "\n\\\"\"\"\" \"\"\"\"\"\ny = 1",
		"x = '''" + deepArray(100) + "''''\ny = 1",
		"# " + deepArray(100) + "\nx = 1",
		`"` + dotted(100) + `" = 1`,
		"x = [ # " + deepArray(100) + "\n1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.2, 3.3]",
		// Strings the file ends in.
		`x = "a\`,
		"x = \"\"\"a\\",
		"x = '''a",
		// Siblings do not add up.
		strings.Repeat("x = "+deepArray(MaxNesting-1)+"\n", 3),
	}
	for _, src := range ok {
		if err := CheckNesting([]byte(src)); err != nil {
			t.Errorf("CheckNesting(%.60q…) = %v, want nil", src, err)
		}
	}
	deep := []struct {
		src  string
		line int
	}{
		{"x = " + deepArray(MaxNesting), 1},
		{"x = " + deepInline(MaxNesting), 1},
		{dotted(MaxNesting+1) + " = 1", 1},
		{"[" + dotted(MaxNesting) + "]", 1},
		{"[[" + dotted(MaxNesting-1) + "]]", 1},
		{"[" + dotted(MaxNesting-3) + "]\n\nx = [[[1]]]", 3},
		{"x = {" + dotted(MaxNesting/2) + " = {" + dotted(MaxNesting/2) + " = 1}}", 1},
		{"x = [\n\n" + deepArray(MaxNesting), 3},
		{"s = \"\"\"\n\n\"\"\"\nx = " + deepArray(MaxNesting), 4},
	}
	for _, tt := range deep {
		var ne *NestingError
		if err := CheckNesting([]byte(tt.src)); !errors.As(err, &ne) || ne.Line != tt.line {
			t.Errorf("CheckNesting(%.60q…) = %v, want a NestingError at line %d", tt.src, err, tt.line)
		}
	}
}

// FuzzLoad feeds any text to the loader of a record file: it must not
// panic, and what passes the nesting check and parses nests no deeper than
// MaxNesting, so the check never lets the parser recurse past it.
func FuzzLoad(f *testing.F) {
	err := filepath.WalkDir(testkit.RepoFile("example/records"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f.Add(data)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("[meeting]\nid = \"m\"\nx = " + deepArray(10_000) + "\n"))
	f.Add([]byte("[meeting]\nid = \"m\"\nx = " + deepArray(MaxNesting-1) + "\n"))
	f.Add([]byte("x = " + deepInline(MaxNesting-1) + "\n[" + dotted(8) + "]\n" + dotted(8) + " = [{a.b = [1, {c = '''x'''}]}]\n"))
	f.Add([]byte("x = \"\"\"a\"\"\"\"\ny = '''b''''' # [[[\n[[z]]\n"))
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		assemble("fuzz", []*fileDecoder{decodeSource("fuzz.toml", src, loc)})
		if CheckNesting(src) != nil {
			return
		}
		var m map[string]any
		if _, err := toml.Decode(string(src), &m); err != nil {
			return
		}
		if d := depth(m); d > MaxNesting {
			t.Fatalf("CheckNesting passed %q, which nests %d deep", src, d)
		}
	})
}

// depth is how deeply v nests tables and arrays: 0 for a plain value.
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, depth(e))
		}
	case []map[string]any:
		for _, e := range v {
			d = max(d, depth(e))
		}
	case []any:
		for _, e := range v {
			d = max(d, depth(e))
		}
	default:
		return 0
	}
	return d + 1
}

// BenchmarkCheckNesting scans a record file of 4 MB to its end: the cost
// the check adds to every file loaded.
func BenchmarkCheckNesting(b *testing.B) {
	one := meetingTOML + "[[agendaItem]]\nid = \"x\"\nvotes = { yes = 1, no = 2 }\nfile = [{ name = \"a\", accessUrl = \"https://e/a.pdf\" }]\n"
	src := []byte(strings.Repeat(one, 4<<20/len(one)))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := CheckNesting(src); err != nil {
			b.Fatal(err)
		}
	}
}
