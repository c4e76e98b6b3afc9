package site

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildRendersInMemoryContent(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":         "baseURL = \"https://example.org/rat/\"\ntitle = \"T\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\"]\n",
		"layouts/home.html":   `home {{ range .Site.RegularPages }}[{{ .RelPermalink }}]{{ end }}`,
		"layouts/single.html": `<h1>{{ .Title }}</h1><p>{{ .Params.text }}</p>`,
		"layouts/list.html":   `list`,
		"content/about.md":    "---\ntitle: About\n---\nhand-written",
		"static/robots.txt":   "User-agent: *",
		"static/css/x.css":    "copied verbatim",
		"static/.x.swp":       "an editor's file",
	})
	out := filepath.Join(t.TempDir(), "public")
	stats, err := Build(context.Background(), Options{
		ConfigFile: filepath.Join(dir, "config.toml"),
		PublishDir: out,
		theme:      fstest.MapFS{},
		Content: []File{
			{Path: "meetings/m1.md", Data: []byte(`{"title": "Sitzung <1>", "text": "<script>x</script>"}` + "\n")},
			// A scheduled meeting: dated in the future, published all the same.
			{Path: "meetings/m2.md", Data: []byte(`{"title": "Bald", "date": "2999-01-01T17:00:00+01:00"}` + "\n")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Each page names its generated content file (the site's own page
	// none) and the files written for it.
	files := map[string][]string{}
	for _, p := range stats.Pages {
		files[p.URL] = append([]string{p.Content}, p.Files...)
	}
	for url, want := range map[string][]string{
		"https://example.org/rat/meetings/m1/": {"meetings/m1.md", "meetings/m1/index.html"},
		"https://example.org/rat/about/":       {"", "about/index.html"},
		"https://example.org/rat/":             {"", "index.html"},
	} {
		if !slices.Equal(files[url], want) {
			t.Errorf("%s: content and files %q, want %q", url, files[url], want)
		}
	}
	got, err := os.ReadFile(filepath.Join(out, "meetings", "m1", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<h1>Sitzung &lt;1&gt;</h1><p>&lt;script&gt;x&lt;/script&gt;</p>"; string(got) != want {
		t.Errorf("page = %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(out, "meetings", "m2", "index.html")); err != nil {
		t.Errorf("future-dated page not rendered: %v", err)
	}
	home, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(home), "[/rat/meetings/m1/]") || !strings.Contains(string(home), "[/rat/about/]") {
		t.Errorf("home = %q", home)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "meetings")); !os.IsNotExist(err) {
		t.Errorf("generated content reached the disk: %v", err)
	}
	n, err := copyStatic(filepath.Join(dir, "config.toml"), fstest.MapFS{}, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("static files = %d, want 2", n)
	}
	for name, want := range map[string]bool{"robots.txt": true, "css/x.css": true, ".x.swp": false} {
		_, err := os.Stat(filepath.Join(out, name))
		if (err == nil) != want {
			t.Errorf("%s copied = %v, want %v", name, err == nil, want)
		}
	}
}

// file is a file of a test theme.
func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// TestBuildMountsTheTheme builds a site of only a config and one layout
// over a theme: the theme's layouts, content and settings fill in what the
// site lacks, and the site's files and settings win where both have one.
func TestBuildMountsTheTheme(t *testing.T) {
	theme := fstest.MapFS{
		"defaults.toml": file("disableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\"]\n" +
			"[outputs]\nhome = [\"html\", \"json\"]\npage = [\"html\", \"json\"]\n"),
		"layouts/home.html":          file(`theme home`),
		"layouts/single.html":        file(`theme page {{ .Title }}`),
		"layouts/single.json":        file(`{"title": {{ .Title | jsonify }}}`),
		"layouts/meetings/page.html": file(`theme meeting {{ .Title }}`),
		"layouts/list.html":          file(`theme list`),
		"layouts/.swp":               file(`hidden: not part of the theme`),
		"i18n/en.toml":               file("hello = \"Hello\"\n"),
		"content/about.md":           file("---\ntitle: Theme about\n---\n"),
		"content/search.md":          file("---\ntitle: Suche\n---\n"),
	}
	dir := writeSite(t, map[string]string{
		// The site narrows the home page's outputs; pages keep the theme's.
		"config.toml":       "baseURL = \"https://example.org/\"\ntitle = \"T\"\n[outputs]\nhome = [\"html\"]\n",
		"layouts/home.html": `site home {{ i18n "hello" }}`,
		"content/about.md":  "---\ntitle: Site about\n---\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	_, err := Build(context.Background(), Options{
		ConfigFile: filepath.Join(dir, "config.toml"),
		PublishDir: out,
		theme:      theme,
		Content:    []File{{Path: "meetings/m1.md", Data: []byte(`{"title": "Sitzung"}` + "\n")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"index.html":             "site home Hello",
		"meetings/m1/index.html": "theme meeting Sitzung",
		"meetings/m1/index.json": `{"title": "Sitzung"}`,
		"about/index.html":       "theme page Site about",
		"search/index.html":      "theme page Suche",
		"meetings/index.html":    "theme list",
	} {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if string(got) != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "index.json")); !os.IsNotExist(err) {
		t.Errorf("the home page has the theme's outputs, not the site's: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, themesDir)); !os.IsNotExist(err) {
		t.Errorf("the theme reached the disk: %v", err)
	}
}

// TestBuildFailsWithoutTemplates builds pages no template renders: Hugo
// only warns, the build fails and names them.
func TestBuildFailsWithoutTemplates(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"config.toml":       "baseURL = \"https://example.org/rat/\"\ntitle = \"T\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\"]\n",
		"layouts/home.html": `home`,
		"layouts/list.html": `list`,
	})
	var log strings.Builder
	_, err := Build(context.Background(), Options{
		ConfigFile: filepath.Join(dir, "config.toml"),
		PublishDir: filepath.Join(t.TempDir(), "public"),
		theme:      fstest.MapFS{}, // no theme
		Log:        &log,
		Content: []File{
			{Path: "meetings/m1.md", Data: []byte(`{"title": "Sitzung 1"}` + "\n")},
			{Path: "meetings/m2.md", Data: []byte(`{"title": "Sitzung 2"}` + "\n")},
			{Path: "items/m1-1.md", Data: []byte(`{"title": "Punkt"}` + "\n")},
		},
	})
	want := `site: no template rendered 1 page(s) of kind "page" in items/ as html, e.g. /rat/items/m1-1/; 2 page(s) of kind "page" in meetings/ as html, e.g. /rat/meetings/m1/`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s…", err, want)
	}
	if n := strings.Count(log.String(), "found no layout file"); n != 1 {
		t.Errorf("Hugo's warning printed %d times, want once:\n%s", n, log.String())
	}
}

// TestCopyStaticTheme copies the theme's static files beside the site's;
// the site's file wins over the theme's of the same path.
func TestCopyStaticTheme(t *testing.T) {
	theme := fstest.MapFS{
		"static/favicon.svg":   file("theme icon"),
		"static/css/extra.css": file("theme css"),
		"static/.DS_Store":     file("hidden"),
		"layouts/home.html":    file("not static"),
	}
	dir := writeSite(t, map[string]string{
		"config.toml":        "",
		"static/favicon.svg": "site icon",
		"static/robots.txt":  "site robots",
	})
	out := t.TempDir()
	n, err := copyStatic(filepath.Join(dir, "config.toml"), theme, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("copied %d files, want 3", n)
	}
	got, err := sitecheckFiles(out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"favicon.svg": "site icon", "robots.txt": "site robots", "css/extra.css": "theme css"}
	if len(got) != len(want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s = %q, want %q", name, got[name], data)
		}
	}

	// A site without static/ gets the theme's.
	bare := writeSite(t, map[string]string{"config.toml": ""})
	out = t.TempDir()
	if n, err := copyStatic(filepath.Join(bare, "config.toml"), theme, out); err != nil || n != 2 {
		t.Errorf("without static/: copied %d files, err %v; want 2", n, err)
	}
}

// sitecheckFiles returns every file under root by its slash-separated path.
func sitecheckFiles(root string) (map[string]string, error) {
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	return files, err
}
