package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

const serveRecords = `[body]
name = "Stadt Test"

[[organization]]
id = "rat"
name = "Rat"

[meeting]
id = "m1"
name = "%s"
organization = "rat"
start = 2024-02-29T17:00:00
`

func TestServeRebuildsOnChange(t *testing.T) {
	records := t.TempDir()
	write := func(name string) {
		os.WriteFile(filepath.Join(records, "all.toml"), []byte(strings.Replace(serveRecords, "%s", name, 1)), 0o644)
	}
	write("Erste Sitzung")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	m := &Main{Stdout: io.Discard, Stderr: &stderr}
	done := make(chan int)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--config", filepath.Join(repoRoot(t), "config.toml"), "--records", records, "--workdir", t.TempDir(), "--addr", "127.0.0.1:0"})
	}()

	var base string
	addr := regexp.MustCompile(`at (http://127\.0\.0\.1:\d+/)`)
	for deadline := time.Now().Add(30 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	if base == "" {
		t.Fatalf("server did not start:\n%s", stderr.String())
	}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	code, body := get("meetings/m1/")
	if code != 200 || !strings.Contains(body, "Erste Sitzung") || !strings.Contains(body, `href="/meetings/m1/"`) && !strings.Contains(body, "/committees/rat/") {
		t.Fatalf("GET meetings/m1/: %d\n%s\n%s", code, body, stderr.String())
	}
	if code, body := get("api/search?q=Sitzung&kind=meeting"); code != 200 || !strings.Contains(body, `"total":1`) || !strings.Contains(body, `"url":"/meetings/m1/"`) {
		t.Errorf("GET api/search: %d %s", code, body)
	}
	if code, body := get("api/search?q=%22Sitzung"); code != 400 || !strings.Contains(body, `"error"`) {
		t.Errorf("GET api/search with an unbalanced quote: %d %s, want 400 with an error", code, body)
	}
	if code, body := get("no/such/page/"); code != 404 || !strings.Contains(body, "Seite nicht gefunden") {
		t.Errorf("GET missing page: %d, want the site's 404 page", code)
	}

	// A page waiting for a reload is answered after the rebuild.
	reloaded := make(chan string)
	go func() {
		_, v := get("_ratsarchiv/reload?v=0")
		reloaded <- v
	}()
	time.Sleep(100 * time.Millisecond)
	write("Geänderte Sitzung")
	select {
	case v := <-reloaded:
		if v != "1" {
			t.Errorf("reload answered %q, want 1", v)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no reload after a record changed:\n%s", stderr.String())
	}
	if _, body := get("meetings/m1/"); !strings.Contains(body, "Geänderte Sitzung") {
		t.Errorf("page not rebuilt:\n%s", body)
	}
	if _, body := get("api/search?q=ge%C3%A4ndert"); !strings.Contains(body, `"total":1`) {
		t.Errorf("search API does not see the rebuilt index: %s", body)
	}

	// A broken record keeps the last good site online.
	os.WriteFile(filepath.Join(records, "all.toml"), []byte("[meeting\n"), 0o644)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(stderr.String(), "problem(s)") && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if _, body := get("meetings/m1/"); !strings.Contains(body, "Geänderte Sitzung") {
		t.Errorf("last good site not served after a failed build")
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop")
	}
}
