package mirror

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPublish: a copy is published under the extension of what its bytes
// are, once however many records name it; a copy a browser could run is
// not; names are the copies' own when they are slugs.
func TestPublish(t *testing.T) {
	src := t.TempDir()
	pdf := writeFile(t, src, "vorlage-1a2b.pdf", "%PDF-1.7\nVorlage")
	png := writeFile(t, src, "Lageplan (Entwurf).bin", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	html := writeFile(t, src, "anlage.pdf", "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>")
	svg := writeFile(t, src, "plan.png", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	a := &record.Archive{
		Meetings: []*record.Meeting{{ID: "m", Public: true, Files: []record.File{{Copy: pdf}, {Copy: html}},
			AgendaItems: []*record.AgendaItem{{ID: "i", Files: []record.File{{Copy: pdf}, {Copy: svg}}}}}},
		Papers: []*record.Paper{{ID: "p", Files: []record.File{{Copy: png}, {Name: "ohne Kopie"}}}},
	}
	site := t.TempDir()
	res, err := Publish(a, site)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{pdf: "files/vorlage-1a2b.pdf", png: res.Paths[png]}
	if len(res.Paths) != 2 || res.Paths[pdf] != want[pdf] || !strings.HasPrefix(res.Paths[png], "files/lageplan-entwurf-") || !strings.HasSuffix(res.Paths[png], ".png") {
		t.Errorf("paths = %v", res.Paths)
	}
	if res.Files != 2 || len(res.Refused) != 2 {
		t.Errorf("published %d, refused %q; want 2 and the HTML and SVG", res.Files, res.Refused)
	}
	for _, r := range res.Refused {
		if !strings.Contains(r, "text/html") && !strings.Contains(r, "text/xml") {
			t.Errorf("refused %q", r)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(site, Dir))
	if len(entries) != 2 {
		t.Errorf("%d files in the site, want 2", len(entries))
	}
	if data, err := os.ReadFile(filepath.Join(site, "files", "vorlage-1a2b.pdf")); err != nil || string(data) != "%PDF-1.7\nVorlage" {
		t.Errorf("published copy %q, %v", data, err)
	}

	t.Run("SameNamesAgain", func(t *testing.T) {
		again, err := Publish(a, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for c, p := range res.Paths {
			if again.Paths[c] != p {
				t.Errorf("%s: %s, then %s", c, p, again.Paths[c])
			}
		}
	})
	t.Run("TwoCopiesOneName", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "vorlage-1a2b.pdf")
		os.WriteFile(other, []byte("%PDF-1.7\nandere"), 0o644)
		b := &record.Archive{Papers: []*record.Paper{{ID: "p", Files: []record.File{{Copy: pdf}, {Copy: other}}}}}
		res, err := Publish(b, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if res.Paths[pdf] != "files/vorlage-1a2b.pdf" || res.Paths[other] != "files/vorlage-1a2b-2.pdf" {
			t.Errorf("paths = %v", res.Paths)
		}
	})
}
