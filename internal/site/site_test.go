package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	_, err := Build(context.Background(), Options{
		ConfigFile: filepath.Join(dir, "config.toml"),
		PublishDir: out,
		Content: []File{
			{Path: "meetings/m1.md", Data: []byte(`{"title": "Sitzung <1>", "text": "<script>x</script>"}` + "\n")},
			// A scheduled meeting: dated in the future, published all the same.
			{Path: "meetings/m2.md", Data: []byte(`{"title": "Bald", "date": "2999-01-01T17:00:00+01:00"}` + "\n")},
		},
	})
	if err != nil {
		t.Fatal(err)
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
	n, err := CopyStatic(filepath.Join(dir, "config.toml"), out)
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
