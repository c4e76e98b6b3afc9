package main

import (
	"bytes"
	"compress/gzip"
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

// With Gzip, text goes to a browser gzipped, as a static host sends it,
// and the counter's wire bytes are what went out; binary files, ranges and
// clients that do not accept gzip get the file as it is.
func TestBenchServerGzipsText(t *testing.T) {
	site := t.TempDir()
	text := strings.Repeat("const x = 1;\n", 400)
	os.WriteFile(filepath.Join(site, "client.js"), []byte(text), 0o644)
	bin := make([]byte, 700)
	rand.NewChaCha8([32]byte{2}).Read(bin)
	os.WriteFile(filepath.Join(site, "shard.bin"), bin, 0o644)
	s := &benchServer{Gzip: true}
	srv := httptest.NewServer(s.handler(site, ""))
	defer srv.Close()
	// The transport must not decode: the test reads what was on the wire.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	resp, body := get("/client.js", "Accept-Encoding", "br, gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || len(body) >= len(text)/10 {
		t.Fatalf("client.js: encoding %q, %d bytes on the wire for %d", resp.Header.Get("Content-Encoding"), len(body), len(text))
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := io.ReadAll(zr); err != nil || string(plain) != text {
		t.Fatalf("client.js decodes to %d bytes (%v), want the file", len(plain), err)
	}
	wire := int64(len(body))
	for _, c := range []struct {
		path   string
		header []string
		want   int
	}{
		{"/shard.bin", []string{"Accept-Encoding", "gzip"}, len(bin)},
		{"/client.js", []string{"Accept-Encoding", "gzip;q=0, identity"}, len(text)},
		{"/client.js", nil, len(text)},
		{"/client.js", []string{"Accept-Encoding", "gzip", "Range", "bytes=0-99"}, 100},
	} {
		resp, body := get(c.path, c.header...)
		if resp.Header.Get("Content-Encoding") != "" || len(body) != c.want {
			t.Errorf("%s %v: encoding %q, %d bytes, want the file's %d", c.path, c.header, resp.Header.Get("Content-Encoding"), len(body), c.want)
		}
	}
	// Bytes count the files (the text three times whole, once a range of
	// 100); the wire count takes the gzipped body as sent, and the other
	// text responses as gzip would have sent them.
	if got, want := s.bytes.Load(), int64(3*len(text)+100+len(bin)); got != want {
		t.Errorf("bytes = %d, want %d", got, want)
	}
	if got := s.gzip.Load(); got < wire+int64(len(bin)) || got > 4*wire+int64(len(bin))+200 {
		t.Errorf("wire bytes = %d, want the binary file's %d and about four gzip streams of %d", got, len(bin), wire)
	}
}

// TestAcceptsGzip: gzip listed is taken unless its quality is zero.
func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"gzip, deflate, br": true, "br;q=1.0, GZIP;q=0.5": true, "gzip;q=0": false,
		"gzip; q=0.000": false, "identity": false, "": false, "x-gzip": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
