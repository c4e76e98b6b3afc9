package main

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/sitecheck"
)

// Payloads an attacker could put into a council's published records.
var payloads = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(2)>`,
	`javascript:alert(3)`,
	`</title><script>alert(4)</script>`,
	`{{ .Site.Params }}`,
	`]]></description><x>`,
	`' onmouseover='alert(5)`,
}

// hostileArchive puts payloads into every text field of the model.
func hostileArchive() *record.Archive {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	p := func(i int) string { return "Feld " + payloads[i%len(payloads)] }
	file := func(i int) record.File {
		return record.File{ID: "f" + p(i), Name: p(i + 1), MimeType: p(i + 2), AccessURL: payloads[2], Text: p(i + 3)}
	}
	return &record.Archive{
		Body:          record.Body{ID: "b", Name: p(0), ShortName: p(1), Website: payloads[2]},
		Organizations: []*record.Organization{{ID: "../../../org<x>", Name: p(2), ShortName: p(3), Classification: p(4), OrganizationType: p(5), Website: "javascript:alert(6)"}},
		Persons: []*record.Person{{ID: "p\"x", Name: p(4), FormOfAddress: p(5), Title: p(6),
			Memberships: []record.Membership{{Organization: "../../../org<x>", Role: p(0)}}}},
		Papers: []*record.Paper{{ID: "../paper/../../x", Reference: p(1), Name: p(2), PaperType: p(3), Public: true, Date: time.Date(2024, 1, 5, 0, 0, 0, 0, berlin),
			Originators: []string{p(4)}, Text: p(5) + "\n\n" + p(6), Files: []record.File{file(0)},
			Consultations: []record.Consultation{{Organization: "../../../org<x>", Role: p(0)}}}},
		Meetings: []*record.Meeting{{
			ID: "<meeting>", Name: p(0), Organizations: []string{"../../../org<x>"}, Public: true,
			Start: time.Date(2024, 1, 10, 17, 0, 0, 0, berlin), Location: p(1), MeetingState: p(2), Files: []record.File{file(1)},
			AgendaItems: []*record.AgendaItem{{
				ID: "item/../../../../escape", Number: p(3), Order: 1, Name: p(4), Public: true,
				Result: p(5), ResultCategory: record.ResultOther, ResolutionText: p(6) + "\n" + p(0), Minutes: strings.Join(payloads, "\n\n"),
				Speakers: []string{p(1)}, Persons: []string{"p\"x"}, Paper: "../paper/../../x", Files: []record.File{file(2)},
			}},
		}},
	}
}

func TestBuildEscapesUntrustedText(t *testing.T) {
	records := t.TempDir()
	if err := tomlrec.Write(records, hostileArchive()); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	code, _, stderr := run(t, "build", "-q", "--config", filepath.Join(repoRoot(t), "config.toml"), "--records", records, "--out", out, "--workdir", filepath.Join(parent, "work"))
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}

	// IDs never become paths outside the output.
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.Name() != "public" && e.Name() != "work" {
			t.Errorf("file written beside the output: %s", e.Name())
		}
	}

	pages, err := sitecheck.Pages(out)
	if err != nil {
		t.Fatal(err)
	}
	sawPayload := false
	for _, pg := range pages {
		pg.Walk(func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			if n.Data == "img" || n.Data == "x" {
				t.Errorf("%s: record text became a <%s> element", pg.File, n.Data)
			}
			if n.Data == "script" {
				if n.FirstChild != nil && strings.Contains(n.FirstChild.Data, "alert") {
					t.Errorf("%s: record text inside a script: %q", pg.File, n.FirstChild.Data)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: event handler attribute %s=%q", pg.File, a.Key, a.Val)
				}
				if (a.Key == "href" || a.Key == "src") && strings.Contains(strings.ToLower(a.Val), "javascript") {
					t.Errorf("%s: %s=%q", pg.File, a.Key, a.Val)
				}
			}
		})
		if strings.Contains(pageText(pg), payloads[0]) {
			sawPayload = true
		}
	}
	// Escaped is not dropped: the text is shown as written.
	if !sawPayload {
		t.Errorf("no page shows the record text %q as text", payloads[0])
	}

	// XML outputs stay well-formed with the payloads inside.
	for _, f := range []string{"sitemap.xml", "index.xml"} {
		fh, err := os.Open(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(fh)
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: not well-formed: %v", f, err)
				break
			}
			if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == "x" || se.Name.Local == "script") {
				t.Errorf("%s: record text became element <%s>", f, se.Name.Local)
			}
		}
		fh.Close()
	}
}
