package oparlapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/export/oparlapi"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/testkit/testcorpus"
)

const baseURL = "https://example.org/rat/"

// schemas validates OParl objects with the specification's JSON schema
// (../shared/corpus/oparl-spec/schema), and list pages with the schema in
// testdata/list.schema.json, which the specification gives only in prose.
type schemas struct {
	compiled map[string]*jsonschema.Schema // by type ("Meeting"), and "list"
	// embedded maps a type to its properties that hold objects of another
	// type, as the schema's own "schema" hints say ("agendaItem" →
	// "AgendaItem"): embedded objects are validated too.
	embedded map[string]map[string]string
}

func loadSchemas(t testing.TB) *schemas {
	t.Helper()
	dir := filepath.Join(testcorpus.Dir(t, "oparl-spec"), "schema")
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	// OParl's own format: an absolute http(s) URL, as every id is.
	c.RegisterFormat(&jsonschema.Format{Name: "url", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q is not an absolute http(s) URL", s)
		}
		return nil
	}})
	s := &schemas{compiled: map[string]*jsonschema.Schema{}, embedded: map[string]map[string]string{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) < 12 {
		t.Fatalf("schema files in %s: %v, %v", dir, files, err)
	}
	for _, f := range append(files, filepath.Join("testdata", "list.schema.json")) {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if strings.HasPrefix(name, "list.") {
			name = "list"
		}
		abs, _ := filepath.Abs(f)
		sch, err := c.Compile(abs)
		if err != nil {
			t.Fatalf("compile %s: %v", f, err)
		}
		s.compiled[name] = sch
		var doc struct {
			Properties map[string]struct {
				Schema string `json:"schema"`
				Items  struct {
					Schema string `json:"schema"`
				} `json:"items"`
			} `json:"properties"`
		}
		data, _ := os.ReadFile(f)
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		s.embedded[name] = map[string]string{}
		for prop, p := range doc.Properties {
			if ref := strings.TrimSuffix(p.Schema+p.Items.Schema, ".json"); ref != "" && !strings.Contains(ref, "/") {
				s.embedded[name][prop] = ref
			}
		}
	}
	return s
}

// object validates v as an object of its type and the objects embedded in
// it, counting them by type.
func (s *schemas) object(v any, where string, counts map[string]int) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: not an object", where)
	}
	typ, _ := obj["type"].(string)
	kind := strings.TrimPrefix(typ, "https://schema.oparl.org/1.1/")
	sch := s.compiled[kind]
	if sch == nil || kind == "list" {
		return fmt.Errorf("%s: unknown type %q", where, typ)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("%s: %s: %v", where, kind, err)
	}
	counts[kind]++
	props := sortedKeys(s.embedded[kind])
	for _, prop := range props {
		switch val := obj[prop].(type) {
		case map[string]any:
			if err := s.object(val, where+"."+prop, counts); err != nil {
				return err
			}
		case []any:
			for i, e := range val {
				if _, isObj := e.(map[string]any); !isObj {
					continue // a URL, where the schema allows one
				}
				if err := s.object(e, fmt.Sprintf("%s.%s[%d]", where, prop, i), counts); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func decode(t testing.TB, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// writeAPI writes a's API below a new site folder and returns the folder.
func writeAPI(t testing.TB, a *record.Archive, opts oparlapi.Options) string {
	t.Helper()
	site := t.TempDir()
	if _, err := oparlapi.Write(export.NewDir(site), a, opts); err != nil {
		t.Fatal(err)
	}
	return site
}

// TestSchema validates every file of the API written for the example and
// for a generated archive (with small pages, so that lists have many):
// each object and the objects embedded in it against the OParl 1.1 schema,
// each list page against the list schema, each id against the file it is
// in, each next link against the page that follows, and each URL into the
// API against a file that exists.
func TestSchema(t *testing.T) {
	s := loadSchemas(t)
	for _, c := range []struct {
		name     string
		a        *record.Archive
		pageSize int
	}{
		{"Example", loadExample(t), 0},
		{"Generated", generated(400, 3), 7},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := writeAPI(t, c.a, oparlapi.Options{BaseURL: baseURL, Title: "Ratsarchiv", PageSize: c.pageSize})
			counts := checkAPI(t, s, site)
			for _, kind := range []string{"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper", "Consultation", "File", "Location", "item→consultation"} {
				if counts[kind] == 0 {
					t.Errorf("no %s validated", kind)
				}
			}
			t.Logf("validated %v", counts)
		})
	}
}

// checkAPI checks the API below site and returns how many objects of each
// type it validated, embedded ones included.
func checkAPI(t *testing.T, s *schemas, site string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	root := filepath.Join(site, oparlapi.Folder)
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if files[strings.TrimPrefix(oparlapi.SystemPath, "/")] == nil {
		t.Fatalf("no %s", oparlapi.SystemPath)
	}
	lists := map[string][]string{} // list folder → its pages
	for rel, data := range files {
		if !strings.HasSuffix(rel, ".json") {
			continue
		}
		v := decode(t, data)
		self := baseURL + rel
		checkLinks(t, rel, v, files)
		obj := v.(map[string]any)
		if _, isList := obj["data"]; isList {
			if err := s.compiled["list"].Validate(v); err != nil {
				t.Errorf("%s: list page: %v", rel, err)
			}
			if obj["links"].(map[string]any)["self"] != self {
				t.Errorf("%s: links.self is %v", rel, obj["links"].(map[string]any)["self"])
			}
			for i, e := range obj["data"].([]any) {
				if err := s.object(e, fmt.Sprintf("%s data[%d]", rel, i), counts); err != nil {
					t.Error(err)
				}
			}
			lists[path.Dir(rel)] = append(lists[path.Dir(rel)], rel)
			continue
		}
		if obj["id"] != self {
			t.Errorf("%s: id %v, want the file's URL %s", rel, obj["id"], self)
		}
		if err := s.object(v, rel, counts); err != nil {
			t.Error(err)
		}
	}
	for dir, pages := range lists {
		checkPages(t, dir, len(pages), files)
	}
	// An agenda item's consultation is the step of its paper that names it.
	for rel, data := range files {
		if !strings.HasPrefix(rel, oparlapi.Folder+"/agendaitem/") {
			continue
		}
		var it struct{ ID, Consultation string }
		var c struct{ AgendaItem, Paper string }
		json.Unmarshal(data, &it)
		if it.Consultation == "" {
			continue
		}
		counts["item→consultation"]++
		if err := json.Unmarshal(files[strings.TrimPrefix(it.Consultation, baseURL)], &c); err != nil || c.AgendaItem != it.ID || c.Paper == "" {
			t.Errorf("%s: its consultation %s names item %q and paper %q (%v)", rel, it.Consultation, c.AgendaItem, c.Paper, err)
		}
	}
	return counts
}

// checkPages follows a list's next links from its first page.
func checkPages(t *testing.T, dir string, n int, files map[string][]byte) {
	t.Helper()
	total, seen := 0, 0
	rel := dir + "/page-1.json"
	for rel != "" {
		seen++
		if seen > n {
			t.Errorf("%s: the next links loop", dir)
			return
		}
		var page struct {
			Data       []json.RawMessage
			Pagination struct{ TotalElements, CurrentPage, TotalPages int }
			Links      struct{ Next, Last string }
		}
		if err := json.Unmarshal(files[rel], &page); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		total += len(page.Data)
		if page.Pagination.CurrentPage != seen || page.Pagination.TotalPages != n {
			t.Errorf("%s: page %d of %d, want %d of %d", rel, page.Pagination.CurrentPage, page.Pagination.TotalPages, seen, n)
		}
		if page.Links.Last != baseURL+fmt.Sprintf("%s/page-%d.json", dir, n) {
			t.Errorf("%s: links.last %s", rel, page.Links.Last)
		}
		if page.Links.Next == "" {
			if seen != n {
				t.Errorf("%s: no next link on page %d of %d", rel, seen, n)
			}
			if total != page.Pagination.TotalElements {
				t.Errorf("%s: %d objects on the pages, totalElements %d", dir, total, page.Pagination.TotalElements)
			}
			return
		}
		rel = strings.TrimPrefix(page.Links.Next, baseURL)
		if files[rel] == nil {
			t.Errorf("%s: next link %s has no file", dir, page.Links.Next)
			return
		}
	}
}

// checkLinks reports URLs into the API that name no file.
func checkLinks(t *testing.T, rel string, v any, files map[string][]byte) {
	t.Helper()
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, baseURL+oparlapi.Folder+"/") && files[strings.TrimPrefix(x, baseURL)] == nil {
			t.Errorf("%s: %s has no file", rel, x)
		}
	case map[string]any:
		for _, e := range x {
			checkLinks(t, rel, e, files)
		}
	case []any:
		for _, e := range x {
			checkLinks(t, rel, e, files)
		}
	}
}

// TestSchemaRejects makes sure the validation above can fail: the format
// checks are on, and embedded objects are checked.
func TestSchemaRejects(t *testing.T) {
	s := loadSchemas(t)
	for name, doc := range map[string]string{
		"BadDateTime":          `{"id":"https://x.org/m/1","type":"https://schema.oparl.org/1.1/Meeting","start":"2024-13-45T99:00:00"}`,
		"IDNotURL":             `{"id":"m-1","type":"https://schema.oparl.org/1.1/Meeting"}`,
		"NoOrder":              `{"id":"https://x.org/i/1","type":"https://schema.oparl.org/1.1/AgendaItem"}`,
		"EmbeddedNoOrder":      `{"id":"https://x.org/m/1","type":"https://schema.oparl.org/1.1/Meeting","agendaItem":[{"id":"https://x.org/i/1","type":"https://schema.oparl.org/1.1/AgendaItem"}]}`,
		"EmbeddedFileNoAccess": `{"id":"https://x.org/p/1","type":"https://schema.oparl.org/1.1/Paper","mainFile":{"id":"https://x.org/f/1","type":"https://schema.oparl.org/1.1/File"}}`,
		"BodyWithoutLists":     `{"id":"https://x.org/b/1","type":"https://schema.oparl.org/1.1/Body","name":"B"}`,
		"BadDate":              `{"id":"https://x.org/p/1","type":"https://schema.oparl.org/1.1/Paper","date":"12.03.2024"}`,
	} {
		t.Run(name, func(t *testing.T) {
			if err := s.object(decode(t, []byte(doc)), name, map[string]int{}); err == nil {
				t.Errorf("accepted %s", doc)
			}
		})
	}
	if err := s.compiled["list"].Validate(decode(t, []byte(`{"data":[],"links":{}}`))); err == nil {
		t.Error("accepted a list page without pagination")
	}
}

func TestWriteNeedsAbsoluteBaseURL(t *testing.T) {
	for _, base := range []string{"", "/", "/rat/", "example.org/rat/", "ftp://example.org/"} {
		_, err := oparlapi.Write(export.NewDir(t.TempDir()), &record.Archive{Body: record.Body{ID: "b", Name: "B"}}, oparlapi.Options{BaseURL: base})
		if err == nil || !strings.Contains(err.Error(), "absolute") {
			t.Errorf("base URL %q: err = %v, want one that asks for an absolute URL", base, err)
		}
	}
}
