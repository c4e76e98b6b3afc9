package build

import (
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/config"
)

// forbidden are characters XML 1.0 does not allow, not even escaped.
var forbidden = []string{"\f", "\x1b", "\ufffe", "\uffff", "\x01", "\x00"}

// TestRunWritesWellFormedXML builds records and a config whose texts hold
// characters XML 1.0 forbids: every XML file of the site still parses, and
// the feed still shows the texts.
func TestRunWritesWellFormedXML(t *testing.T) {
	// The parser below must see a forbidden character, or it proves nothing.
	if err := parseXML(strings.NewReader("<a>\f</a>")); err == nil {
		t.Fatal("encoding/xml accepted U+000C")
	}
	cfg := testSite(t)
	raw, err := os.ReadFile(cfg.Path)
	if err != nil {
		t.Fatal(err)
	}
	raw = []byte(strings.Replace(string(raw), `title = "Ratsarchiv Lindenfeld"`, `title = "Ratsarchiv\f Lindenfeld\u001b\uFFFE"`, 1))
	if err := os.WriteFile(cfg.Path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	a := archiveWithIDs("v-1", "v-2")
	bad := strings.Join(forbidden, "")
	a.Body.Name += bad
	for _, m := range a.Meetings {
		m.Name += bad
		for _, it := range m.AgendaItems {
			it.Name = "Beschluss" + bad + "über " + it.ID
			it.Result = "beschlossen" + bad
		}
	}
	for _, p := range a.Papers {
		p.Name += bad
	}
	for _, o := range a.Organizations {
		o.Name += bad
	}
	if cfg, err = config.Load(cfg.Path); err != nil {
		t.Fatal(err)
	}
	out, _, err := buildSite(t, cfg, writeRecords(t, a))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	err = filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".xml") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("XML files: %v, want the feed and the sitemap at least", files)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := parseXML(fh); err != nil {
			t.Errorf("%s: not well-formed: %v", f, err)
		}
		fh.Close()
	}
	feed, err := os.ReadFile(filepath.Join(out, "index.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Beschlussüber v-1", "beschlossen", "Ratsarchiv Lindenfeld"} {
		if !strings.Contains(string(feed), want) {
			t.Errorf("the feed lacks %q", want)
		}
	}
}

// parseXML reads a whole XML document.
func parseXML(r io.Reader) error {
	dec := xml.NewDecoder(r)
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}
