package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// TestBuildPublishesCopies: the copies the records keep of public records'
// files are published in the site's files/, and the pages link to them,
// with the council's link beside; a withheld paper's copy and a copy that
// is an HTML page are not published.
func TestBuildPublishesCopies(t *testing.T) {
	src := t.TempDir()
	copyOf := func(name, data string) string { return writeFile(t, src, name, data) }
	a := archiveWithIDs("a", "b")
	a.Papers[0].Files = []record.File{{ID: "https://ris.example.org/file/1", Name: "Beschlussvorlage", AccessURL: "https://ris.example.org/files/1.pdf",
		Text: "Der Rat beschließt.", Copy: copyOf("1.pdf", "%PDF-1.7\nöffentlich")}}
	a.Papers[1].Public = false
	a.Papers[1].Files = []record.File{{ID: "https://ris.example.org/file/2", Name: "Geheim", AccessURL: "https://ris.example.org/files/2.pdf",
		Copy: copyOf("2.pdf", "%PDF-1.7\ngeheim")}}
	a.Meetings[1].AgendaItems[0].Paper = ""
	a.Meetings[0].Files = []record.File{{ID: "https://ris.example.org/file/3", Name: "Einladung", AccessURL: "https://ris.example.org/files/3.pdf",
		Copy: copyOf("3.pdf", "<!DOCTYPE html><html><script>alert(1)</script></html>")}}
	cfg := testSite(t)
	out, _, err := buildSite(t, cfg, writeRecords(t, a))
	if err != nil {
		t.Fatal(err)
	}
	published, _ := filepath.Glob(filepath.Join(out, "files", "*"))
	if len(published) != 1 || filepath.Ext(published[0]) != ".pdf" {
		t.Fatalf("published %q, want the public paper's PDF alone", published)
	}
	if data, _ := os.ReadFile(published[0]); string(data) != "%PDF-1.7\nöffentlich" {
		t.Errorf("published %q", data)
	}
	page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(permalink.Paper("a")), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	copyURL := "/files/" + filepath.Base(published[0])
	for _, want := range []string{`href="` + copyURL + `"`, `href="https://ris.example.org/files/1.pdf"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the paper's page lacks %s", want)
		}
	}
	meeting, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(permalink.Meeting("a")), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(meeting), `href="https://ris.example.org/files/3.pdf"`) || strings.Contains(string(meeting), `href="/files/`) {
		t.Error("the meeting's page does not link its refused copy to the council's address")
	}
}
