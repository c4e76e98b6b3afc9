package docgen

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

// pdfFile is a PDF cut into its objects by its cross-reference table, to
// rewrite objects of a file fpdf wrote (fpdf writes one classic xref
// table, no object streams, no incremental updates).
type pdfFile struct {
	head    []byte         // from the start to the first object
	objs    map[int][]byte // object number → "N 0 obj … endobj\n"
	list    []int          // object numbers in file order
	trailer []byte         // the trailer dictionary, "<<…>>"
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	trailerRE   = regexp.MustCompile(`(?s)trailer\s*(<<.*>>)\s*startxref`)
)

// parseObjects reads the objects of a PDF through its xref table.
func parseObjects(data []byte) (*pdfFile, error) {
	m := startxrefRE.FindSubmatch(data)
	if m == nil {
		return nil, fmt.Errorf("pdf: no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(data) || !bytes.HasPrefix(data[xref:], []byte("xref")) {
		return nil, fmt.Errorf("pdf: startxref %d points to no xref table", xref)
	}
	t := trailerRE.FindSubmatch(data[xref:])
	if t == nil {
		return nil, fmt.Errorf("pdf: no trailer")
	}
	lines := bytes.Split(data[xref:], []byte("\n"))
	sub := bytes.Fields(lines[1])
	if len(sub) != 2 {
		return nil, fmt.Errorf("pdf: xref subsection %q", lines[1])
	}
	first, _ := strconv.Atoi(string(sub[0]))
	count, _ := strconv.Atoi(string(sub[1]))
	type entry struct{ num, off int }
	var entries []entry
	for i := 0; i < count && 2+i < len(lines); i++ {
		f := bytes.Fields(lines[2+i])
		if len(f) != 3 || string(f[2]) != "n" {
			continue
		}
		off, _ := strconv.Atoi(string(f[0]))
		entries = append(entries, entry{first + i, off})
	}
	slices.SortFunc(entries, func(a, b entry) int { return a.off - b.off })
	if len(entries) == 0 {
		return nil, fmt.Errorf("pdf: empty xref table")
	}
	f := &pdfFile{head: data[:entries[0].off], objs: map[int][]byte{}, trailer: t[1]}
	for i, e := range entries {
		end := xref
		if i+1 < len(entries) {
			end = entries[i+1].off
		}
		f.objs[e.num] = data[e.off:end]
		f.list = append(f.list, e.num)
	}
	return f, nil
}

// body returns an object without its "N 0 obj" and "endobj" lines.
func (f *pdfFile) body(num int) []byte {
	o := f.objs[num]
	if i := bytes.IndexByte(o, '\n'); i >= 0 {
		o = o[i+1:]
	}
	if i := bytes.LastIndex(o, []byte("endobj")); i >= 0 {
		o = o[:i]
	}
	return o
}

// replace sets an object's body.
func (f *pdfFile) replace(num int, body []byte) {
	f.objs[num] = fmt.Appendf(nil, "%d 0 obj\n%s\nendobj\n", num, body)
}

// write lays the objects out again with a fresh xref table.
func (f *pdfFile) write() []byte {
	var b bytes.Buffer
	b.Write(f.head)
	offsets := map[int]int{}
	maxNum := 0
	for _, n := range f.list {
		offsets[n] = b.Len()
		b.Write(f.objs[n])
		maxNum = max(maxNum, n)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", maxNum+1)
	for n := 1; n <= maxNum; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n%s\nstartxref\n%d\n%%%%EOF\n", f.trailer, xref)
	return b.Bytes()
}

// streamObject returns the body of a compressed stream object whose
// dictionary holds extra entries besides Length and Filter.
func streamObject(extra []byte, content []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(content)
	w.Close()
	return fmt.Appendf(nil, "<</Length %d /Filter /FlateDecode%s>>\nstream\n%s\nendstream", z.Len(), extra, z.Bytes())
}
