package serve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServer(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html><body><h1>Start</h1></body></html>"), 0o644)
	os.WriteFile(filepath.Join(dir, "404.html"), []byte("<html><body>Nicht gefunden</body></html>"), 0o644)
	os.WriteFile(filepath.Join(dir, "app.js"), []byte("let x = '</body>'"), 0o644)
	s := New(dir)
	ts := httptest.NewServer(s)
	defer ts.Close()

	get := func(path string) (int, string) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	t.Run("InjectsReloadIntoHTML", func(t *testing.T) {
		code, body := get("/")
		if code != 200 || !strings.Contains(body, ReloadPath) || !strings.HasSuffix(body, "</script></body></html>") {
			t.Errorf("GET / = %d %q", code, body)
		}
	})
	t.Run("LeavesOtherFilesAlone", func(t *testing.T) {
		if _, body := get("/app.js"); body != "let x = '</body>'" {
			t.Errorf("GET /app.js = %q", body)
		}
	})
	t.Run("SiteNotFoundPage", func(t *testing.T) {
		code, body := get("/nope/")
		if code != 404 || !strings.Contains(body, "Nicht gefunden") {
			t.Errorf("GET /nope/ = %d %q", code, body)
		}
	})
	t.Run("ReloadWaitsForRebuild", func(t *testing.T) {
		got := make(chan string, 1)
		go func() {
			_, v := get(ReloadPath + "?v=0")
			got <- v
		}()
		select {
		case v := <-got:
			t.Fatalf("reload answered %q before any rebuild", v)
		case <-time.After(100 * time.Millisecond):
		}
		s.Reload()
		select {
		case v := <-got:
			if v != "1" {
				t.Errorf("reload = %q, want 1", v)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no answer after Reload")
		}
		// A page that loaded before the rebuild learns of it at once.
		if _, v := get(ReloadPath + "?v=0"); v != "1" {
			t.Errorf("stale page: reload = %q, want 1", v)
		}
	})
}
