package outtree

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// files writes name → content below dir.
func files(t *testing.T, dir string, fs map[string]string) {
	t.Helper()
	for name, content := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// contents reads every file below dir but the marker.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".marker" {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// TestApply makes two versions of a site, each from the one before, as an
// incremental build does: unchanged files are the live files (hard links),
// changed ones new, removed ones gone; the second time in the folder that
// held the first version, changing only what differs; the live folder's
// files are never written.
func TestApply(t *testing.T) {
	root := t.TempDir()
	v1 := filepath.Join(root, "v1")
	files(t, v1, map[string]string{
		"index.html": "home 1", "a/index.html": "a", "b/index.html": "b 1", "gone/index.html": "gone",
		"same.txt": "same", ".marker": "m",
	})
	t1, err := Scan(v1, map[string]Sum{"a/index.html": SumOf([]byte("a"))}, ".marker")
	if err != nil {
		t.Fatal(err)
	}
	if len(t1.Files) != 5 || t1.Files["b/index.html"].Sum != SumOf([]byte("b 1")) {
		t.Fatalf("scan: %+v", t1.Files)
	}

	// Version 2: home and b change, gone goes, c comes; same.txt is
	// produced again with the same content.
	v2, scratch := filepath.Join(root, "v2"), filepath.Join(root, "scratch")
	os.MkdirAll(v2, 0o755)
	files(t, scratch, map[string]string{"index.html": "home 2", "b/index.html": "b 2", "c/x/index.html": "c", "same.txt": "same"})
	want := map[string]Want{
		"a/index.html":   {Live: true},
		"index.html":     {Sum: SumOf([]byte("home 2"))},
		"b/index.html":   {Sum: SumOf([]byte("b 2"))},
		"c/x/index.html": {Sum: SumOf([]byte("c"))},
		"same.txt":       {Sum: SumOf([]byte("same"))},
	}
	t2, st, err := Apply(v2, nil, v1, t1, scratch, want)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string]string{"index.html": "home 2", "a/index.html": "a", "b/index.html": "b 2", "c/x/index.html": "c", "same.txt": "same"}
	if got := contents(t, v2); !maps.Equal(got, wantFiles) {
		t.Fatalf("v2 = %v, want %v", got, wantFiles)
	}
	for _, rel := range []string{"a/index.html", "same.txt"} {
		if !sameFile(t, filepath.Join(v1, rel), filepath.Join(v2, rel)) {
			t.Errorf("v2's %s is not v1's file", rel)
		}
	}
	if *st != (Stats{Files: 5, Linked: 2, Written: 3}) {
		t.Errorf("stats %+v", *st)
	}
	if st.Changed() != 3 {
		t.Errorf("changed %d, want 3", st.Changed())
	}
	checkTree(t, v2, t2)

	// Version 3, in the folder of version 1 (which v2 replaced): b comes
	// back to its first content (a new file: the live one differs), c
	// goes, and the marker stays.
	scratch3 := filepath.Join(root, "scratch3")
	files(t, scratch3, map[string]string{"b/index.html": "b 1"})
	v2Before := contents(t, v2)
	want3 := map[string]Want{
		"index.html": {Live: true}, "a/index.html": {Live: true}, "same.txt": {Live: true},
		"b/index.html": {Sum: SumOf([]byte("b 1"))},
	}
	t3, st3, err := Apply(v1, t1, v2, t2, scratch3, want3, ".marker")
	if err != nil {
		t.Fatal(err)
	}
	want3Files := map[string]string{"index.html": "home 2", "a/index.html": "a", "b/index.html": "b 1", "same.txt": "same"}
	if got := contents(t, v1); !maps.Equal(got, want3Files) {
		t.Fatalf("v3 = %v, want %v", got, want3Files)
	}
	if got := contents(t, v2); !maps.Equal(got, v2Before) {
		t.Errorf("the live folder changed: %v, was %v", got, v2Before)
	}
	if data, err := os.ReadFile(filepath.Join(v1, ".marker")); err != nil || string(data) != "m" {
		t.Errorf("marker: %q, %v", data, err)
	}
	// a and same.txt were links already; home and b are not.
	if *st3 != (Stats{Files: 4, Kept: 2, Linked: 1, Written: 1, Removed: 1}) {
		t.Errorf("stats %+v", *st3)
	}
	for _, rel := range []string{"a/index.html", "same.txt", "index.html"} {
		if !sameFile(t, filepath.Join(v1, rel), filepath.Join(v2, rel)) {
			t.Errorf("v3's %s is not the live file", rel)
		}
	}
	if _, err := os.Stat(filepath.Join(v1, "c")); !os.IsNotExist(err) {
		t.Errorf("c/ left: %v", err)
	}
	checkTree(t, v1, t3)
}

// TestApplyInParts brings a reused folder to a new version in two parts,
// as an incremental build does while its search index is written: all
// but the index's folder and file (kept, untouched, even where stale),
// then those alone (ApplyWithin). Together they make what one Apply
// makes.
func TestApplyInParts(t *testing.T) {
	root := t.TempDir()
	live, old, scratch := filepath.Join(root, "live"), filepath.Join(root, "old"), filepath.Join(root, "scratch")
	v1 := map[string]string{"index.html": "home", "search/index.html": "page", "search/entry.json": "e1",
		"search/s/a": "a", "search/s/b": "b", "p/x.html": "x"}
	files(t, live, v1)
	files(t, old, v1)
	lt, err := Scan(live, nil)
	if err != nil {
		t.Fatal(err)
	}
	ot, err := Scan(old, nil)
	if err != nil {
		t.Fatal(err)
	}
	files(t, old, map[string]string{"search/s/stray": "left in the reused folder"})
	files(t, scratch, map[string]string{"p/y.html": "y", "search/entry.json": "e2", "search/s/c": "c", "search/s/d": "not wanted"})
	roots := []string{"search/entry.json", "search/s"}
	site := map[string]Want{"index.html": {Live: true}, "search/index.html": {Live: true}, "p/y.html": {Sum: SumOf([]byte("y"))}}
	index := map[string]Want{"search/entry.json": {Sum: SumOf([]byte("e2"))}, "search/s/a": {Live: true}, "search/s/c": {Sum: SumOf([]byte("c"))}}

	t1, st1, err := Apply(old, ot, live, lt, scratch, site, roots...)
	if err != nil {
		t.Fatal(err)
	}
	after1 := contents(t, old)
	for _, rel := range []string{"search/s/stray", "search/s/b", "search/entry.json"} {
		if after1[rel] == "" {
			t.Errorf("the first part touched the index's %s", rel)
		}
	}
	if _, ok := after1["p/x.html"]; ok {
		t.Error("the first part left p/x.html")
	}
	if _, _, err := ApplyWithin(old, ot, live, lt, scratch, map[string]Want{"p/y.html": {Live: true}}, roots...); err == nil {
		t.Error("ApplyWithin took a file outside its roots")
	}
	t2, st2, err := ApplyWithin(old, ot, live, lt, scratch, index, roots...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"index.html": "home", "search/index.html": "page", "p/y.html": "y",
		"search/entry.json": "e2", "search/s/a": "a", "search/s/c": "c"}
	if got := contents(t, old); !maps.Equal(got, want) {
		t.Fatalf("after both parts %v, want %v", got, want)
	}
	whole := &Tree{Ino: t1.Ino, Files: maps.Clone(t1.Files)}
	maps.Copy(whole.Files, t2.Files)
	checkTree(t, old, whole)
	first := *st1
	if st1.Add(st2); st1.Files != len(want) || st1.Written != 3 || st1.Removed != first.Removed+st2.Removed {
		t.Errorf("stats %+v and %+v: together %+v", first, *st2, *st1)
	}
}

// TestApplyFrom: a file wanted From another path of the live tree is a
// link to that file (a dictionary shard renamed with its page), counted
// as changed; one the live tree has at its own path stays the live file;
// a From whose file the live tree lacks, or holds with another sum, is an
// error, and nothing is taken on trust.
func TestApplyFrom(t *testing.T) {
	root := t.TempDir()
	live, dst, scratch := filepath.Join(root, "live"), filepath.Join(root, "dst"), filepath.Join(root, "scratch")
	files(t, live, map[string]string{"s/p1-0.bin": "shard x", "s/p1-1.bin": "shard y"})
	os.MkdirAll(dst, 0o755)
	os.MkdirAll(scratch, 0o755)
	lt, err := Scan(live, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, y := SumOf([]byte("shard x")), SumOf([]byte("shard y"))
	want := map[string]Want{
		"s/p2-0.bin": {From: "s/p1-1.bin", Sum: y},
		"s/p1-0.bin": {From: "s/p1-1.bin", Sum: x}, // the live tree has it at its path
	}
	nt, st, err := Apply(dst, nil, live, lt, scratch, want)
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(t, dst); !maps.Equal(got, map[string]string{"s/p2-0.bin": "shard y", "s/p1-0.bin": "shard x"}) {
		t.Fatalf("dst = %v", got)
	}
	if !sameFile(t, filepath.Join(dst, "s/p2-0.bin"), filepath.Join(live, "s/p1-1.bin")) {
		t.Error("s/p2-0.bin is not a link to the live s/p1-1.bin")
	}
	if *st != (Stats{Files: 2, Linked: 1, Moved: 1}) || st.Changed() != 1 {
		t.Errorf("stats %+v, changed %d", *st, st.Changed())
	}
	checkTree(t, dst, nt)

	dst2 := filepath.Join(root, "dst2")
	os.MkdirAll(dst2, 0o755)
	for name, w := range map[string]Want{
		"a path the live tree lacks": {From: "s/p0-0.bin", Sum: y},
		"another sum":                {From: "s/p1-1.bin", Sum: x},
	} {
		if _, _, err := Apply(dst2, nil, live, lt, scratch, map[string]Want{"s/p3-0.bin": w}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, _, err := Apply(dst2, nil, live, lt, scratch, map[string]Want{"s/p3-0.bin": {From: "s/p1-1.bin", Sum: y}}); err != nil {
		t.Errorf("the same From with its sum: %v", err)
	}
}

// checkTree compares a tree with what its folder holds.
func checkTree(t *testing.T, dir string, tr *Tree) {
	t.Helper()
	got, err := Scan(dir, nil, ".marker")
	if err != nil {
		t.Fatal(err)
	}
	if got.Ino != tr.Ino || !maps.Equal(got.Files, tr.Files) {
		t.Errorf("tree of %s:\n%+v\nrecorded:\n%+v", dir, got, tr)
	}
}

// reusedFolder makes a live folder with a.html and a reused one whose
// a.html is a link to it, and returns them with their trees.
func reusedFolder(t *testing.T) (live, old string, lt, ot *Tree) {
	t.Helper()
	root := t.TempDir()
	live, old = filepath.Join(root, "live"), filepath.Join(root, "old")
	files(t, live, map[string]string{"a.html": "a"})
	lt, err := Scan(live, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(old, 0o755)
	if err := os.Link(filepath.Join(live, "a.html"), filepath.Join(old, "a.html")); err != nil {
		t.Fatal(err)
	}
	if ot, err = Scan(old, nil); err != nil {
		t.Fatal(err)
	}
	return live, old, lt, ot
}

// TestApplyDoesNotTrustTheReusedFolder: a reused folder's file that is not
// what its tree says, or that the tree does not know, is replaced.
func TestApplyDoesNotTrustTheReusedFolder(t *testing.T) {
	live, old, lt, ot := reusedFolder(t)
	// Someone replaced the file, and added one.
	os.Remove(filepath.Join(old, "a.html"))
	files(t, old, map[string]string{"a.html": "tampered", "stray.html": "x"})
	nt, _, err := Apply(old, ot, live, lt, t.TempDir(), map[string]Want{"a.html": {Live: true}})
	if err != nil {
		t.Fatal(err)
	}
	if got := contents(t, old); !maps.Equal(got, map[string]string{"a.html": "a"}) {
		t.Errorf("reused folder = %v", got)
	}
	checkTree(t, old, nt)
}

func TestVerify(t *testing.T) {
	dir := t.TempDir()
	files(t, dir, map[string]string{"a.html": "a", "b.html": "b", "c.html": "c"})
	tr, err := Scan(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tr.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tr, err = Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a.html"), []byte("changed in place"), 0o644)
	os.Remove(filepath.Join(dir, "b.html"))
	n, err := tr.Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tr.Files["c.html"]; n != 2 || len(tr.Files) != 1 || !ok {
		t.Errorf("dropped %d, left %v", n, tr.Files)
	}
	if _, err := tr.Verify(t.TempDir()); err == nil {
		t.Error("another folder verified")
	}

	// Many files, checked on every core: each changed or removed one is
	// dropped, whichever worker checks it, and only those.
	dir = t.TempDir()
	many := map[string]string{}
	for i := range 200 {
		many[fmt.Sprintf("d%d/%d.html", i%5, i)] = fmt.Sprint(i)
	}
	files(t, dir, many)
	if tr, err = Scan(dir, nil); err != nil {
		t.Fatal(err)
	}
	want := maps.Clone(tr.Files)
	for i := range 200 {
		p := filepath.Join(dir, fmt.Sprintf("d%d", i%5), fmt.Sprintf("%d.html", i))
		switch {
		case i%7 == 0:
			os.WriteFile(p, []byte("changed in place"), 0o644)
		case i%11 == 0:
			os.Remove(p)
		default:
			continue
		}
		delete(want, fmt.Sprintf("d%d/%d.html", i%5, i))
	}
	if n, err = tr.Verify(dir); err != nil {
		t.Fatal(err)
	}
	if n != 200-len(want) || !maps.Equal(tr.Files, want) {
		t.Errorf("dropped %d of 200, left %d, want %d left", n, len(tr.Files), len(want))
	}
}

// TestDelta: a tree told by how it differs from another is the same tree
// again on it: files changed, added and gone.
func TestDelta(t *testing.T) {
	base := &Tree{Ino: 1, Files: map[string]File{
		"same": {Sum: Sum{1}, Ino: 10}, "changed": {Sum: Sum{2}, Ino: 11}, "gone": {Sum: Sum{3}, Ino: 12},
	}}
	tree := &Tree{Ino: 2, Files: map[string]File{
		"same": {Sum: Sum{1}, Ino: 10}, "changed": {Sum: Sum{2}, Ino: 21}, "new": {Sum: Sum{4}, Ino: 22},
	}}
	d := tree.DeltaFrom(base)
	if len(d.Changed) != 2 || len(d.Missing) != 1 {
		t.Errorf("delta %+v, want 2 changed and 1 missing", d)
	}
	got := d.On(base)
	if got.Ino != tree.Ino || !maps.Equal(got.Files, tree.Files) {
		t.Errorf("on its base: %+v, want %+v", got, tree)
	}
	if same := base.DeltaFrom(base).On(base); !maps.Equal(same.Files, base.Files) {
		t.Errorf("a tree on itself: %+v", same)
	}
	if len(base.Files) != 3 {
		t.Errorf("the base changed: %+v", base.Files)
	}
}

// TestReadDir: the folder's entries with what a stat of each tells (the
// inode of a regular file, which Apply takes from the entry).
func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	files(t, dir, map[string]string{"a.html": "a", "sub/b.html": "b"})
	if err := os.Symlink("a.html", filepath.Join(dir, "link.html")); err != nil {
		t.Fatal(err)
	}
	ents, err := readDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range ents {
		seen[e.name] = true
		fi, err := os.Lstat(filepath.Join(dir, e.name))
		if err != nil {
			t.Fatal(err)
		}
		if e.dir != fi.IsDir() || e.regular != fi.Mode().IsRegular() {
			t.Errorf("%s: dir %v regular %v, stat says %v", e.name, e.dir, e.regular, fi.Mode())
		}
		if e.ino != 0 && e.ino != inode(fi) {
			t.Errorf("%s: inode %d, stat says %d", e.name, e.ino, inode(fi))
		}
	}
	if len(ents) != 3 || !seen["a.html"] || !seen["sub"] || !seen["link.html"] {
		t.Errorf("entries %+v", ents)
	}
}

// TestApplyReplacesALinkInTheReusedFolder: a symbolic link to the live
// file where the reused folder had the file is not the file.
func TestApplyReplacesALinkInTheReusedFolder(t *testing.T) {
	live, old, lt, ot := reusedFolder(t)
	os.Remove(filepath.Join(old, "a.html"))
	if err := os.Symlink(filepath.Join(live, "a.html"), filepath.Join(old, "a.html")); err != nil {
		t.Fatal(err)
	}
	nt, st, err := Apply(old, ot, live, lt, t.TempDir(), map[string]Want{"a.html": {Live: true}})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(filepath.Join(old, "a.html")); err != nil || !fi.Mode().IsRegular() || !sameFile(t, filepath.Join(old, "a.html"), filepath.Join(live, "a.html")) {
		t.Errorf("a.html is not the live file: %v %v", fi, err)
	}
	if st.Kept != 0 || st.Linked != 1 {
		t.Errorf("stats %+v, want the file linked again", st)
	}
	checkTree(t, old, nt)
}

// TestTreeCodec: a tree encoded and decoded is the tree again, and a
// damaged record is an error, not another tree.
func TestTreeCodec(t *testing.T) {
	tr := &Tree{Ino: 7, Files: map[string]File{
		"a.html":     {Sum: SumOf([]byte("a")), Size: 1, Ino: 1 << 40, ModTime: 1796000000123456789},
		"b/ü c.html": {Sum: SumOf([]byte("b")), Size: 0, Ino: 2, ModTime: -5},
	}}
	var buf bytes.Buffer
	if err := tr.Write(&buf); err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Ino != tr.Ino || !maps.Equal(got.Files, tr.Files) {
		t.Errorf("decoded %+v, want %+v", got, tr)
	}
	empty := &Tree{Files: map[string]File{}}
	b, _ := empty.MarshalBinary()
	var e Tree
	if err := e.UnmarshalBinary(b); err != nil || e.Files == nil || len(e.Files) != 0 {
		t.Errorf("empty tree: %+v, %v", e, err)
	}
	b, _ = tr.MarshalBinary()
	for _, bad := range [][]byte{b[:len(b)-1], append(append([]byte{}, b...), 0), b[:3], nil} {
		var d Tree
		if err := d.UnmarshalBinary(bad); err == nil {
			t.Errorf("damaged record of %d bytes decoded: %+v", len(bad), d)
		}
	}
}

// FuzzTreeCodec: a build record from the work folder may be damaged; any
// bytes decode to a tree that encodes and decodes to itself, or to an
// error, and never take more than the record's size in entries.
func FuzzTreeCodec(f *testing.F) {
	tr := &Tree{Ino: 3, Files: map[string]File{"a.html": {Sum: SumOf([]byte("a")), Size: 1, Ino: 9, ModTime: 42}}}
	b, _ := tr.MarshalBinary()
	f.Add(b)
	f.Add([]byte{treeCodec, 0, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, b []byte) {
		var d Tree
		if err := d.UnmarshalBinary(b); err != nil {
			return
		}
		if len(d.Files) > len(b) {
			t.Fatalf("%d files from %d bytes", len(d.Files), len(b))
		}
		again, _ := d.MarshalBinary()
		var d2 Tree
		if err := d2.UnmarshalBinary(again); err != nil || d2.Ino != d.Ino || !maps.Equal(d2.Files, d.Files) {
			t.Fatalf("re-encoded tree decodes to %+v, %v; want %+v", d2, err, d)
		}
	})
}
