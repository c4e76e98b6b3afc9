package main

import (
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchServerCountsSiteBytesOnly(t *testing.T) {
	site, pf := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(site, "a.txt"), []byte(strings.Repeat("x", 1000)), 0o644)
	os.WriteFile(filepath.Join(pf, "pagefind.js"), []byte(strings.Repeat("y", 300)), 0o644)
	// An index file: binary, compressed already, counted as sent.
	bin := make([]byte, 500)
	rand.NewChaCha8([32]byte{1}).Read(bin)
	os.WriteFile(filepath.Join(site, "shard.bin"), bin, 0o644)
	srv := httptest.NewServer((&benchServer{}).handler(site, pf))
	defer srv.Close()
	get := func(path string) (string, *http.Response) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return string(body), resp
	}
	if body, resp := get("/a.txt"); len(body) != 1000 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("site file: %d bytes, encoding %q", len(body), resp.Header.Get("Content-Encoding"))
	}
	if body, _ := get("/pagefind/pagefind.js"); len(body) != 300 {
		t.Errorf("pagefind file: %d bytes", len(body))
	}
	if body, resp := get("/shard.bin"); len(body) != 500 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("binary file: %d bytes, encoding %q", len(body), resp.Header.Get("Content-Encoding"))
	}
	for _, page := range []string{"/__bench/ours.html", "/__bench/pagefind.html"} {
		if body, resp := get(page); !strings.Contains(body, "window.bench") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %q", page, body)
		}
	}
	get("/missing.txt") // a 404 is a request too
	body, _ := get("/__bench/bytes")
	var c struct{ Bytes, Gzip, Requests, Inflight int64 }
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	if c.Requests != 4 || c.Bytes < 1800 || c.Bytes > 1900 || c.Inflight != 0 {
		t.Errorf("counter = %+v, want 4 requests, 1800 bytes and a 404 page, none in flight", c)
	}
	// Gzipped, the repeated letters and the 404 text shrink to a few dozen
	// bytes each; the binary file counts whole.
	if c.Gzip < 500 || c.Gzip > 650 {
		t.Errorf("gzip count = %d, want the 500 binary bytes and three small gzip streams", c.Gzip)
	}
}
