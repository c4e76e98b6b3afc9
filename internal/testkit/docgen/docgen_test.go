package docgen

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"
)

const sample = `Beschlussvorlage

Der Gemeinderat beschließt die Änderung des Bebauungsplans und die Kita-Gebühren
für die Auf- und Abbauzeiten der Hermann-Ringwald-Halle. Die Finanzierung ist offiziell
gesichert; die Auflage beträgt 1.250.000 €.

– 2 –
Seite 2 von 5
Weitere Erläuterungen folgen in der Sitzung des Ausschusses für Umwelt und Gesundheit.`

func TestParagraphs(t *testing.T) {
	got := Paragraphs(sample)
	if len(got) != 3 || got[0][0] != "Beschlussvorlage" || got[2][0] != "Weitere" {
		t.Fatalf("paragraphs %q", got)
	}
	for _, p := range got {
		for _, w := range p {
			if w == "–" || w == "Seite" {
				t.Errorf("page furniture kept: %q", p)
			}
		}
	}
}

func TestWords(t *testing.T) {
	got := Words("Die „Kita-Gebühren“ (Auf- und Abbau), 2024/1264: z.B. – ja.")
	want := []string{"Die", "Kita-Gebühren", "Auf-", "und", "Abbau", "2024/1264", "z.B", "ja"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		want, got     string
		matched, w, g int
	}{
		{"a b c d", "a b c d", 4, 4, 4},
		{"a b c d", "a c d", 3, 4, 3},
		{"a b c d", "b a c d x", 3, 4, 5}, // order counts
		{"Bebauungsplan", "Bebauungs- plan", 0, 1, 2},
		{"", "x", 0, 0, 1},
	} {
		m, w, g := Score(tc.want, tc.got)
		if m != tc.matched || w != tc.w || g != tc.g {
			t.Errorf("Score(%q, %q) = %d, %d, %d; want %d, %d, %d", tc.want, tc.got, m, w, g, tc.matched, tc.w, tc.g)
		}
	}
}

func TestPDFIsDeterministic(t *testing.T) {
	for i := range 6 {
		o := Style(i)
		a, err := PDF("a.pdf", sample, o)
		if err != nil {
			t.Fatal(err)
		}
		b, err := PDF("a.pdf", sample, o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Data, b.Data) {
			t.Errorf("style %d: two renderings differ", i)
		}
		if !bytes.HasPrefix(a.Data, []byte("%PDF-")) || !bytes.Contains(a.Data, []byte("%%EOF")) {
			t.Errorf("style %d: not a PDF", i)
		}
		if got := strings.Join(a.Pages, " "); Words(got) == nil || !strings.Contains(got, "Bebauungsplans") {
			t.Errorf("style %d: truth %q", i, got)
		}
	}
}

func TestStylesCoverEveryFeature(t *testing.T) {
	seen := map[string]bool{}
	for i := range 24 {
		o := Style(i)
		seen["font"+string(rune('0'+o.Font))] = true
		seen["draw"+string(rune('0'+o.Draw))] = true
		seen["pages"+string(rune('0'+o.PageNumbers))] = true
		for name, on := range map[string]bool{
			"two columns": o.Columns == 2, "row order": o.Columns == 2 && o.RowOrder, "hyphenate": o.Hyphenate,
			"soft hyphens": o.SoftHyphens, "ligatures": o.Ligatures && o.Font == GoFont, "umlaut runs": o.UmlautRuns,
			"accents": o.Accents, "table": o.Table && o.Columns == 1, "header": o.Header != "",
		} {
			if on {
				seen[name] = true
			}
		}
	}
	for _, f := range []string{"font0", "font1", "draw0", "draw1", "draw2", "pages0", "pages1", "pages2", "pages3",
		"two columns", "row order", "hyphenate", "soft hyphens", "ligatures", "umlaut runs", "accents", "table", "header"} {
		if !seen[f] {
			t.Errorf("no style among the first 24 has %s", f)
		}
	}
}

func TestOffice(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(string, string) (Doc, error)
		main string
	}{
		{"DOCX", DOCX, "word/document.xml"},
		{"ODT", ODT, "content.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.make("x", sample)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(d.Data), int64(len(d.Data)))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range zr.File {
				found = found || f.Name == tc.main
			}
			if !found {
				t.Errorf("no %s", tc.main)
			}
			if len(d.Pages) != 1 || !strings.Contains(d.Pages[0], "Kita-Gebühren") || strings.Contains(d.Pages[0], deletedText) {
				t.Errorf("truth %q", d.Pages)
			}
		})
	}
}

func TestBrokenXref(t *testing.T) {
	d, err := PDF("a.pdf", sample, Style(1))
	if err != nil {
		t.Fatal(err)
	}
	broken := BrokenXref(d.Data)
	if len(broken) != len(d.Data) || bytes.Equal(broken, d.Data) {
		t.Fatal("xref unchanged")
	}
	if _, err := parseObjects(d.Data); err != nil {
		t.Errorf("intact file: %v", err)
	}
}
