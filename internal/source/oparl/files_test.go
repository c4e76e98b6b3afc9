package oparl

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/filetext"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/docgen"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/oparltest"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

// filesOrigin is the address the test endpoint's JSON names.
const filesOrigin = "https://ris.example.org/oparl"

// testExtractor is one Extractor for the package's tests (PDFium starts
// once), reading at most 50 pages of a PDF.
var testExtractor = sync.OnceValue(func() *filetext.Extractor {
	return filetext.New(filetext.Options{
		Limits:   filetext.Limits{MaxPages: 50},
		CacheDir: filepath.Join(os.TempDir(), "ratsarchiv-pdfium-cache"),
	})
})

// testFile is one file of the test endpoint: where the records name it,
// and what the server sends.
type testFile struct {
	name  string // the path's last segment: /files/<name>
	owner string // "paper", "meeting" (invitation), "protocol", "item", "closed" (a closed-session item), "offhost"
	doc   oparltest.Document
	fault *oparltest.Fault
}

// karlsruheText returns the i-th of a few Karlsruhe text extractions.
func karlsruheText(t *testing.T, i int) docgen.Source {
	t.Helper()
	srcs, err := docgen.KarlsruheTexts(filepath.Join(testcorpus.Dir(t, "karlsruhe-oparl"), "file-texts-2025-2026"), 8, 300)
	if err != nil {
		t.Fatal(err)
	}
	return srcs[i]
}

// goodFiles are documents every import reads: PDF, DOCX, ODT, the
// protocol with its minutes. Their servers send ETag and Last-Modified
// unless bare.
func goodFiles(t *testing.T, bare bool) ([]testFile, map[string]docgen.Doc) {
	t.Helper()
	docs := map[string]docgen.Doc{}
	var files []testFile
	add := func(owner string, d docgen.Doc, err error) {
		if err != nil {
			t.Fatal(err)
		}
		docs[d.Name] = d
		doc := oparltest.Document{Data: d.Data}
		if !bare {
			doc.ETag = `"` + d.Name + `-1"`
			doc.LastModified = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
		}
		files = append(files, testFile{name: d.Name, owner: owner, doc: doc})
	}
	o := docgen.Style(2)
	o.MaxPages = 3
	src := karlsruheText(t, 0)
	d, err := docgen.PDF("vorlage.pdf", src.Text, o)
	add("paper", d, err)
	d, err = docgen.DOCX("einladung.docx", karlsruheText(t, 1).Text)
	add("meeting", d, err)
	d, err = docgen.ODT("plan.odt", karlsruheText(t, 2).Text)
	add("item", d, err)
	o = docgen.Style(1)
	d, err = docgen.PDF("niederschrift.pdf", protocolText, o)
	add("protocol", d, err)
	d, err = docgen.PDF("geheim.pdf", "Kaufpreis des Grundstücks: 1,2 Millionen Euro", docgen.Style(0))
	add("closed", d, err)
	return files, docs
}

// protocolText is the results protocol of the meeting: the minutes of
// its first item.
const protocolText = `Niederschrift über die 1. Sitzung des Gemeinderates

Zu Punkt 1: Bebauungsplan Mühlenweg

Der Bürgermeister erläutert den Entwurf des Bebauungsplans.

Beschluss: Der Gemeinderat beschließt den Bebauungsplan Mühlenweg als Satzung.

Abstimmungsergebnis: einstimmig beschlossen
`

// badFiles are the attachments that must not stop an import.
func badFiles(t *testing.T, offHost string) []testFile {
	t.Helper()
	text := karlsruheText(t, 3).Text
	pdf := func(name string, o docgen.PDFOptions) docgen.Doc {
		o.MaxPages = 2
		d, err := docgen.PDF(name, text, o)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	enc, err := docgen.Encrypted("verschluesselt.pdf", text, "geheim")
	if err != nil {
		t.Fatal(err)
	}
	bomb, err := docgen.ZipBomb("bombe.docx", 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	huge, err := docgen.Huge("haushaltsplan.pdf", text, 2000)
	if err != nil {
		t.Fatal(err)
	}
	scan, err := docgen.Scanned("scan.pdf", 2)
	if err != nil {
		t.Fatal(err)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	pdfType := "application/pdf"
	return []testFile{
		{name: "verschluesselt.pdf", owner: "paper", doc: oparltest.Document{Data: enc.Data}},
		{name: "kaputt.pdf", owner: "paper", doc: oparltest.Document{Data: docgen.BrokenXref(pdf("kaputt.pdf", docgen.Style(4)).Data)}},
		{name: "bombe.docx", owner: "paper", doc: oparltest.Document{Data: bomb.Data}},
		{name: "haushaltsplan.pdf", owner: "paper", doc: oparltest.Document{Data: huge.Data}},
		{name: "fehlerseite.pdf", owner: "paper", doc: oparltest.Document{Data: []byte(docgen.HTMLAsPDF), ContentType: pdfType}},
		{name: "umleitung.pdf", owner: "paper", doc: oparltest.Document{Data: []byte("x")}, fault: &oparltest.Fault{RedirectTo: offHost + "/umleitung.pdf"}},
		{name: "haengt.pdf", owner: "paper", doc: oparltest.Document{Data: pdf("haengt.pdf", docgen.Style(5)).Data}, fault: &oparltest.Fault{Stall: true}},
		{name: "ueberlastet.pdf", owner: "paper", doc: oparltest.Document{Data: pdf("ueberlastet.pdf", docgen.Style(6)).Data}, fault: &oparltest.Fault{Times: 1, Status: http.StatusServiceUnavailable, RetryAfter: "0"}},
		{name: "scan.pdf", owner: "paper", doc: oparltest.Document{Data: scan.Data}},
		{name: "lageplan.png", owner: "paper", doc: oparltest.Document{Data: png, ContentType: "image/png"}},
		{name: "anderswo.pdf", owner: "offhost"},
	}
}

// newFilesEndpoint serves a small OParl endpoint and its files: one
// meeting with an invitation, a results protocol and two agenda items (the
// second in closed session), and one paper with its files.
func newFilesEndpoint(t *testing.T, files []testFile) *oparltest.Server {
	t.Helper()
	o := filesOrigin
	fileObj := func(f testFile) map[string]any {
		u := o + "/files/" + f.name
		if f.owner == "offhost" {
			u = "https://cdn.example.net/files/" + f.name
		}
		return map[string]any{"id": o + "/body/1/file/" + f.name, "type": "https://schema.oparl.org/1.1/File",
			"name": strings.TrimSuffix(f.name, filepath.Ext(f.name)), "mimeType": "application/pdf", "accessUrl": u}
	}
	var paperFiles, itemFiles, closedFiles []any
	meeting := map[string]any{
		"id": o + "/body/1/meeting/1", "type": "https://schema.oparl.org/1.1/Meeting", "name": "1. Sitzung des Gemeinderates",
		"start": "2025-03-12T18:00:00+01:00", "organization": []string{o + "/body/1/organization/rat"},
	}
	for _, f := range files {
		switch f.owner {
		case "paper", "offhost":
			paperFiles = append(paperFiles, fileObj(f))
		case "meeting":
			meeting["invitation"] = fileObj(f)
		case "protocol":
			meeting["resultsProtocol"] = fileObj(f)
		case "item":
			itemFiles = append(itemFiles, fileObj(f))
		case "closed":
			closedFiles = append(closedFiles, fileObj(f))
		}
	}
	meeting["agendaItem"] = []any{
		map[string]any{"id": o + "/body/1/agendaitem/1", "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "1",
			"name": "Bebauungsplan Mühlenweg", "public": true, "auxiliaryFile": itemFiles},
		map[string]any{"id": o + "/body/1/agendaitem/2", "type": "https://schema.oparl.org/1.1/AgendaItem", "number": "2",
			"name": "Grundstücksangelegenheit", "public": false, "auxiliaryFile": closedFiles},
	}
	paper := map[string]any{
		"id": o + "/body/1/paper/1", "type": "https://schema.oparl.org/1.1/Paper", "name": "Bebauungsplan Mühlenweg",
		"reference": "DS 1/2025", "date": "2025-02-20", "paperType": "Beschlussvorlage", "auxiliaryFile": paperFiles,
	}
	list := func(objs ...any) any {
		return map[string]any{"data": objs, "pagination": map[string]any{}, "links": map[string]any{}}
	}
	dir := t.TempDir()
	for name, v := range map[string]any{
		"system.json": map[string]any{"id": o + "/system", "type": "https://schema.oparl.org/1.1/System", "body": o + "/bodies"},
		"bodies.json": list(map[string]any{"id": o + "/body/1", "type": "https://schema.oparl.org/1.1/Body", "name": "Gemeinde Testdorf",
			"organization": o + "/body/1/organization", "meeting": o + "/body/1/meeting", "paper": o + "/body/1/paper"}),
		"body/1/organization.json": list(map[string]any{"id": o + "/body/1/organization/rat", "type": "https://schema.oparl.org/1.1/Organization", "name": "Gemeinderat"}),
		"body/1/meeting.json":      list(meeting),
		"body/1/paper.json":        list(paper),
	} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := oparltest.New(t, dir, o)
	for _, f := range files {
		if f.owner == "offhost" {
			continue
		}
		srv.ServeDocument("/files/"+f.name, f.doc)
		if f.fault != nil {
			srv.Fault("/files/"+f.name, *f.fault)
		}
	}
	return srv
}

// filesImport imports the endpoint with its files into a fresh folder.
func filesImport(t *testing.T, srv *oparltest.Server, fo FileOptions) (string, *Report) {
	t.Helper()
	fo.Fetch = true
	fo.Extractor = testExtractor()
	if fo.Timeout == 0 {
		fo.Timeout = 2 * time.Second
	}
	out, rep, err := crawlImport(t, srv, Options{Crawl: fastCrawl(), Files: fo})
	if err != nil {
		t.Fatalf("import: %v\n%s", err, summary(rep))
	}
	return out, rep
}

func loadRecords(t *testing.T, dir string) *record.Archive {
	t.Helper()
	a, diags, err := tomlrec.Load(dir, tomlrec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) > 0 {
		t.Fatalf("records do not load cleanly:\n%v", diags)
	}
	return a
}

// filesByName maps the records' files by the last segment of their
// address.
func filesByName(a *record.Archive) map[string]record.File {
	out := map[string]record.File{}
	publicFiles(a, func(f *record.File) { out[f.AccessURL[strings.LastIndexByte(f.AccessURL, '/')+1:]] = *f })
	for _, m := range a.Meetings {
		for _, it := range m.AgendaItems {
			for _, f := range it.Files {
				out[f.AccessURL[strings.LastIndexByte(f.AccessURL, '/')+1:]] = f
			}
		}
	}
	return out
}

// warningsFor returns the warnings that name the file.
func warningsFor(rep *Report, name string) []string {
	var out []string
	for _, p := range rep.Problems {
		if strings.HasSuffix(p.Source, "/files/"+name) {
			out = append(out, p.Code+": "+p.Message)
		}
	}
	return out
}

// TestImportFiles crawls an endpoint whose records have files: documents
// of every type read, and every kind of bad file. Each bad file gets a
// warning naming it and the import goes on; a closed-session item's file
// and a file on another host are never requested.
func TestImportFiles(t *testing.T) {
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a redirect off the endpoint's host was followed to %s", r.URL)
	}))
	defer elsewhere.Close()
	good, docs := goodFiles(t, false)
	srv := newFilesEndpoint(t, append(good, badFiles(t, elsewhere.URL)...))
	out, rep := filesImport(t, srv, FileOptions{Cache: t.TempDir()})
	if n := rep.Errors(); n > 0 {
		t.Errorf("%d errors:\n%s", n, summary(rep))
	}
	a := loadRecords(t, out)
	files := filesByName(a)

	t.Run("TextOfEveryType", func(t *testing.T) {
		for _, name := range []string{"vorlage.pdf", "einladung.docx", "plan.odt", "niederschrift.pdf"} {
			d, f := docs[name], files[name]
			var matched, want int
			pages := f.Pages()
			for i, p := range d.Pages {
				if i < len(pages) {
					m, w, _ := docgen.Score(p, pages[i])
					matched, want = matched+m, want+w
				}
			}
			if len(pages) != len(d.Pages) || want == 0 || matched < want*98/100 {
				t.Errorf("%s: %d pages of text, want %d; %d of %d words", name, len(pages), len(d.Pages), matched, want)
			}
		}
		if f := files["vorlage.pdf"]; f.MimeType != filetext.MimePDF || len(f.Pages()) < 2 {
			t.Errorf("vorlage.pdf: type %s, %d pages", f.MimeType, len(f.Pages()))
		}
		if f := files["einladung.docx"]; f.MimeType != filetext.MimeDOCX {
			t.Errorf("einladung.docx has type %s: the sniffed type replaces the server's word", f.MimeType)
		}
	})
	t.Run("TextBesideTheRecords", func(t *testing.T) {
		texts, _ := filepath.Glob(filepath.Join(out, tomlrec.FilesDir, "*.txt"))
		if len(texts) < 6 {
			t.Errorf("%d text files in %s, want one per file with text", len(texts), tomlrec.FilesDir)
		}
		tomls, _ := filepath.Glob(filepath.Join(out, "papers", "*", "*.toml"))
		for _, p := range tomls {
			data, _ := os.ReadFile(p)
			if !strings.Contains(string(data), "textFile = ") {
				t.Errorf("%s names no text file", p)
			}
		}
	})
	t.Run("BadFilesWarnAndTheImportGoesOn", func(t *testing.T) {
		for _, tc := range []struct{ name, want string }{
			{"verschluesselt.pdf", "encrypted"},
			{"bombe.docx", "too large"},
			{"haushaltsplan.pdf", "2000 pages, read the first 50"},
			{"fehlerseite.pdf", "claims to be application/pdf but is an HTML page"},
			{"umleitung.pdf", "off the endpoint's host"},
			{"haengt.pdf", "deadline exceeded"},
			{"ueberlastet.pdf", "503"},
		} {
			ws := warningsFor(rep, tc.name)
			if !strings.Contains(strings.Join(ws, "\n"), tc.want) {
				t.Errorf("%s: warnings %q, want one saying %q", tc.name, ws, tc.want)
			}
		}
		for name, want := range map[string]bool{
			"verschluesselt.pdf": false, "bombe.docx": false, "fehlerseite.pdf": false, "umleitung.pdf": false, "haengt.pdf": false,
			"kaputt.pdf": true, "haushaltsplan.pdf": true, "ueberlastet.pdf": true, // repaired, cut, retried
		} {
			if got := files[name].Text != ""; got != want {
				t.Errorf("%s has text: %v, want %v", name, got, want)
			}
		}
		if n := len(files["haushaltsplan.pdf"].Pages()); n != 50 {
			t.Errorf("haushaltsplan.pdf: %d pages of text, want the first 50", n)
		}
	})
	t.Run("Counted", func(t *testing.T) {
		st := rep.Files
		if st.Scanned != 1 || len(st.Unsupported["image/png"]) != 1 || !strings.HasSuffix(st.Unsupported["image/png"][0], "/lageplan.png") {
			t.Errorf("scanned %d, unsupported %v", st.Scanned, st.Unsupported)
		}
		if st.Refused["https://cdn.example.net"] != 1 {
			t.Errorf("refused %v, want the file on cdn.example.net", st.Refused)
		}
		s := summary(rep)
		for _, want := range []string{"files: 15 of public records", "image/png (1)", "/files/lageplan.png", "refused 1 file off the endpoint's host (fetch them with --files-host HOST): https://cdn.example.net (1)"} {
			if !strings.Contains(s, want) {
				t.Errorf("summary lacks %q:\n%s", want, s)
			}
		}
	})
	t.Run("ClosedSessionFilesNotFetched", func(t *testing.T) {
		if n := srv.Hits("/files/geheim.pdf"); n != 0 {
			t.Errorf("the closed-session item's file was requested %d times", n)
		}
		if files["geheim.pdf"].Text != "" {
			t.Error("the closed-session item's file has text")
		}
		if n := srv.Hits("/files/vorlage.pdf"); n != 1 { // the positive control
			t.Errorf("vorlage.pdf requested %d times, want once", n)
		}
	})
	t.Run("ProtocolIsTheMinutes", func(t *testing.T) {
		it := record.NewIndex(a).AgendaItems[srv.URL+"/body/1/agendaitem/1"]
		if it == nil || !strings.Contains(it.Minutes, "erläutert den Entwurf") || !strings.Contains(it.ResolutionText, "als Satzung") {
			t.Errorf("agenda item 1 = %+v, want the minutes of the protocol", it)
		}
		if rep.Minutes.Matched != 1 {
			t.Errorf("minutes: %+v", rep.Minutes)
		}
	})
}

// TestImportFilesAgain: an import run again with the cache asks for each
// file with its validators and reads none again when none changed; a
// changed file is fetched and read again; a server without validators
// sends the files again, but the same bytes are not read again. The
// records come out the same.
func TestImportFilesAgain(t *testing.T) {
	good, _ := goodFiles(t, false)
	srv := newFilesEndpoint(t, good)
	cache := t.TempDir()
	first, rep := filesImport(t, srv, FileOptions{Cache: cache})
	fetched := rep.Files.Fetched
	if fetched != 4 || rep.Files.Extracted != 4 {
		t.Fatalf("first import: %+v, want 4 files fetched and read", rep.Files)
	}

	t.Run("Unchanged", func(t *testing.T) {
		again, rep := filesImport(t, srv, FileOptions{Cache: cache})
		if st := rep.Files; st.Fetched != 0 || st.Extracted != 0 || st.NotModified != fetched {
			t.Errorf("again: %+v, want every file not modified", st)
		}
		if d := diffDirs(t, first, again); d != "" {
			t.Errorf("records differ: %s", d)
		}
	})
	t.Run("OneChanged", func(t *testing.T) {
		d, err := docgen.DOCX("einladung.docx", "Einladung zur geänderten Sitzung am Mittwoch")
		if err != nil {
			t.Fatal(err)
		}
		srv.ServeDocument("/files/einladung.docx", oparltest.Document{Data: d.Data, ETag: `"einladung-2"`})
		out, rep := filesImport(t, srv, FileOptions{Cache: cache})
		if st := rep.Files; st.Fetched != 1 || st.Extracted != 1 || st.NotModified != fetched-1 {
			t.Errorf("with one changed: %+v", st)
		}
		if f := filesByName(loadRecords(t, out))["einladung.docx"]; !strings.Contains(f.Text, "geänderten Sitzung") {
			t.Errorf("the changed file's text: %q", f.Text)
		}
	})
	t.Run("GoneKeepsText", func(t *testing.T) {
		srv.ServeDocument("/files/plan.odt", oparltest.Document{})
		out, rep := filesImport(t, srv, FileOptions{Cache: cache})
		if f := filesByName(loadRecords(t, out))["plan.odt"]; f.Text == "" {
			t.Error("a file the server no longer has lost the text fetched before")
		}
		if ws := warningsFor(rep, "plan.odt"); len(ws) != 1 || !strings.HasPrefix(ws[0], "file-stale: HTTP 404 Not Found: kept the text fetched on ") {
			t.Errorf("warnings %q", ws)
		}
	})
	t.Run("NoValidators", func(t *testing.T) {
		bare, _ := goodFiles(t, true)
		srv := newFilesEndpoint(t, bare)
		cache := t.TempDir()
		filesImport(t, srv, FileOptions{Cache: cache})
		_, rep := filesImport(t, srv, FileOptions{Cache: cache})
		if st := rep.Files; st.Fetched != fetched || st.Extracted != 0 || st.NotModified != fetched {
			t.Errorf("again without validators: %+v, want every file fetched, none read", st)
		}
	})
}

// diffDirs names the first file that differs between two records
// folders.
func diffDirs(t *testing.T, a, b string) string {
	t.Helper()
	ta, tb := txtarOf(t, a), txtarOf(t, b)
	if len(ta.Files) != len(tb.Files) {
		return "different files"
	}
	for i := range ta.Files {
		if ta.Files[i].Name != tb.Files[i].Name || string(ta.Files[i].Data) != string(tb.Files[i].Data) {
			return ta.Files[i].Name
		}
	}
	return ""
}

// TestImportFilesMirror: with mirroring, the originals of the files that
// may be published go into the records folder, up to the budget, and stay
// there when an import run again finds them unchanged; an HTML page is
// never kept.
func TestImportFilesMirror(t *testing.T) {
	good, docs := goodFiles(t, false)
	html := testFile{name: "fehlerseite.pdf", owner: "paper", doc: oparltest.Document{Data: []byte(docgen.HTMLAsPDF), ContentType: "application/pdf", ETag: `"f"`}}
	srv := newFilesEndpoint(t, append(good, html))
	cache := t.TempDir()
	// Room for all but the largest of the four documents.
	var total int64
	for _, name := range []string{"vorlage.pdf", "einladung.docx", "plan.odt", "niederschrift.pdf"} {
		total += int64(len(docs[name].Data))
	}
	budget := total - 1
	for _, again := range []bool{false, true} {
		out, rep := filesImport(t, srv, FileOptions{Cache: cache, Mirror: true, MirrorBudget: budget})
		a := loadRecords(t, out)
		files := filesByName(a)
		var copies int
		for name, f := range files {
			if f.Copy == "" {
				continue
			}
			copies++
			data, err := os.ReadFile(f.Copy)
			if err != nil || string(data) != string(docs[name].Data) {
				t.Errorf("again=%v: %s: copy %s differs from the original (%v)", again, name, f.Copy, err)
			}
			if !strings.HasPrefix(f.Copy, out) {
				t.Errorf("again=%v: %s: copy %s outside the records", again, name, f.Copy)
			}
		}
		if copies != 3 || rep.Files.Kept != 3 || rep.Files.OverBudget != 1 {
			t.Errorf("again=%v: %d copies, report %+v; want 3 kept and 1 over the budget", again, copies, rep.Files)
		}
		if files["fehlerseite.pdf"].Copy != "" || files["geheim.pdf"].Copy != "" {
			t.Errorf("again=%v: an HTML page or a closed-session file was kept", again)
		}
		if again && rep.Files.Fetched != 0 {
			t.Errorf("again: %d fetched, want none (all unchanged)", rep.Files.Fetched)
		}
	}
}

// TestImportFilesBadHost: a bad --files-host is refused before the crawl.
func TestImportFilesBadHost(t *testing.T) {
	srv := newFilesEndpoint(t, nil)
	_, _, err := crawlImport(t, srv, Options{Crawl: fastCrawl(), Files: FileOptions{Fetch: true, Hosts: []string{"http://cdn.example.net/x"}}})
	if err == nil || !strings.Contains(err.Error(), "want HOST or HOST:PORT") {
		t.Errorf("err = %v", err)
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("%d requests before the bad host was refused", n)
	}
}
