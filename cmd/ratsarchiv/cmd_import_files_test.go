package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// firstPaperFiles returns the paper IDs and file paths (on the test
// server) of the first papers of the Hürtgenwald corpus that have a main
// file.
func firstPaperFiles(t *testing.T, dir string, n int) (papers, paths []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "body", "1", "paper.json"))
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Data []struct {
			ID       string `json:"id"`
			MainFile *struct {
				AccessURL string `json:"accessUrl"`
			} `json:"mainFile"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &page); err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Data {
		if p.MainFile != nil && p.MainFile.AccessURL != "" && len(paths) < n {
			papers = append(papers, p.ID)
			paths = append(paths, strings.TrimPrefix(p.MainFile.AccessURL, huertgenwaldOrigin))
		}
	}
	if len(paths) < n {
		t.Fatalf("%d papers with files, want %d", len(paths), n)
	}
	return papers, paths
}

// TestImportOParlFiles crawls Hürtgenwald with three of its papers' files
// served (a PDF, a DOCX, an HTML error page named .pdf), the others
// missing: by default the files' text comes into the records; with
// --mirror-files copies come too, and the site built from the records
// publishes them and links to them.
func TestImportOParlFiles(t *testing.T) {
	dir := testcorpus.Dir(t, "huertgenwald-oparl")
	srv := oparltest.New(t, dir, huertgenwaldOrigin)
	papers, paths := firstPaperFiles(t, dir, 3)
	// The decision stands on a later page of the PDF: search names it.
	filler := strings.Repeat("Die Verwaltung erläutert den Sachstand der Planung und die Kosten der Maßnahme im Einzelnen. ", 12)
	pdf, err := docgen.PDF("vorlage.pdf", "Beschlussvorlage\n\n"+strings.Repeat(filler+"\n\n", 8)+
		"Der Gemeinderat beschließt die Sanierung der Grundschule Vossenack und ihres Fledermausquartiers.", docgen.Style(1))
	if err != nil {
		t.Fatal(err)
	}
	decisionPage := 0
	for i, p := range pdf.Pages {
		if strings.Contains(p, "Fledermausquartiers") {
			decisionPage = i + 1
		}
	}
	if decisionPage < 2 {
		t.Fatalf("the generated PDF has the decision on page %d of %d, want a later page", decisionPage, len(pdf.Pages))
	}
	docx, err := docgen.DOCX("anlage.docx", "Anlage zur Vorlage: Kostenschätzung für den Feuerwehrgerätehaus-Neubau.")
	if err != nil {
		t.Fatal(err)
	}
	srv.ServeDocument(paths[0], oparltest.Document{Data: pdf.Data, ETag: `"1"`})
	srv.ServeDocument(paths[1], oparltest.Document{Data: docx.Data, ETag: `"2"`})
	srv.ServeDocument(paths[2], oparltest.Document{Data: []byte(docgen.HTMLAsPDF), ContentType: "application/pdf"})
	out := filepath.Join(t.TempDir(), "records")
	cache := t.TempDir()
	code, _, stderr := run(t, "import", "oparl", srv.At("/system"), "--out", out, "--rate", "1000",
		"--files-cache", cache, "--mirror-files", "--max-file-size", "5MiB")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, want := range []string{"files: ", "3 fetched", "with text", "kept copies of 2 files", "claims to be application/pdf but is an HTML page", "warning file-fetch"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	a, diags, err := tomlrec.Load(out, tomlrec.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatalf("records do not load cleanly: %v\n%v", err, diags)
	}
	ix := record.NewIndex(a)
	texts := []string{"Grundschule Vossenack", "Feuerwehrgerätehaus-Neubau", ""}
	for i, id := range papers {
		p := ix.Papers[srv.URL+strings.TrimPrefix(id, huertgenwaldOrigin)]
		if p == nil || len(p.Files) == 0 {
			t.Fatalf("paper %s with its files not imported", id)
		}
		f := p.Files[0]
		if texts[i] == "" && (f.Text != "" || f.Copy != "") || texts[i] != "" && (!strings.Contains(f.Text, texts[i]) || f.Copy == "") {
			t.Errorf("paper %s: file text %q, copy %q; want %q and a copy", id, f.Text, f.Copy, texts[i])
		}
	}

	site, work := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "work")
	if code, _, stderr := run(t, "build", "-q", "--config", filepath.Join(repoRoot(t), "config.toml"), "--records", out, "--out", site, "--workdir", work); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	copies, _ := filepath.Glob(filepath.Join(site, "files", "*"))
	if len(copies) != 2 {
		t.Fatalf("the site has copies %q, want the PDF and the DOCX", copies)
	}
	page, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(permalink.Paper(srv.URL+strings.TrimPrefix(papers[0], huertgenwaldOrigin))), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `href="/files/`) || !strings.Contains(string(page), `href="`+srv.URL+paths[0]+`"`) {
		t.Errorf("the paper's page does not link to the copy and name the original")
	}

	t.Run("SearchNamesThePage", func(t *testing.T) {
		code, stdout, stderr := run(t, "search", "--workdir", work, "--json", "Fledermausquartiers")
		if code != 0 {
			t.Fatalf("search: exit %d\n%s", code, stderr)
		}
		var r struct {
			Hits []struct {
				ID, File, FileURL, Excerpt string
				Page                       int
			}
		}
		if err := json.Unmarshal([]byte(stdout), &r); err != nil {
			t.Fatal(err)
		}
		want := srv.URL + strings.TrimPrefix(papers[0], huertgenwaldOrigin)
		for _, h := range r.Hits {
			if h.ID != want {
				continue
			}
			if h.File == "" || h.Page != decisionPage || !strings.HasPrefix(h.FileURL, "/files/") ||
				!strings.HasSuffix(h.FileURL, "#page="+strconv.Itoa(decisionPage)) || !strings.Contains(h.Excerpt, "<mark>Fledermausquartiers</mark>") {
				t.Errorf("hit %+v: want file page %d at the site's copy", h, decisionPage)
			}
			return
		}
		t.Errorf("no hit for the paper %s among %+v", want, r.Hits)
	})

	t.Run("FilesFalse", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "records")
		code, _, stderr := run(t, "import", "oparl", srv.At("/system"), "--out", out, "--rate", "1000", "--files=false", "--files-cache", cache)
		if code != 0 || strings.Contains(stderr, "files: ") {
			t.Fatalf("exit %d, stderr reports files:\n%s", code, stderr)
		}
		if texts, _ := filepath.Glob(filepath.Join(out, tomlrec.FilesDir, "*")); len(texts) != 0 {
			t.Errorf("--files=false wrote %q", texts)
		}
	})
}
