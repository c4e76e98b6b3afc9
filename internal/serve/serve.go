// Package serve is the local preview server of `ratsarchiv serve`: it serves
// the built site from disk, tells open pages to reload after a rebuild,
// mounts the search API, and watches the site's source folders (Watch).
// Building is the caller's: it rebuilds when Watch reports a change.
package serve

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Server serves a built site folder. The folder may be swapped (atomically)
// under it by rebuilds; every request reads the current files.
type Server struct {
	dir string
	mux *http.ServeMux

	mu      sync.Mutex
	version int
	waiters []chan int
}

// ReloadPath is where pages poll for rebuilds (long polling, no WebSocket
// needed); the script that does it is injected into HTML responses only.
const ReloadPath = "/_ratsarchiv/reload"

// New returns a Server for dir. Extra handlers (e.g. /api/search) are added
// with Handle.
func New(dir string) *Server {
	s := &Server{dir: dir, mux: http.NewServeMux()}
	s.mux.HandleFunc(ReloadPath, s.waitReload)
	s.mux.Handle("/", s.files())
	return s
}

// Handle mounts an extra handler, such as the search API.
func (s *Server) Handle(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	s.mux.ServeHTTP(w, r)
}

// Reload tells every open page to reload.
func (s *Server) Reload() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	for _, c := range s.waiters {
		c <- s.version
	}
	s.waiters = nil
}

// waitReload answers when the site changes after the version the page has
// (or at once when it is already newer). Pages poll it in a loop.
func (s *Server) waitReload(w http.ResponseWriter, r *http.Request) {
	var have int
	fmt.Sscan(r.URL.Query().Get("v"), &have)
	s.mu.Lock()
	if s.version != have {
		v := s.version
		s.mu.Unlock()
		fmt.Fprint(w, v)
		return
	}
	c := make(chan int, 1)
	s.waiters = append(s.waiters, c)
	s.mu.Unlock()
	select {
	case v := <-c:
		fmt.Fprint(w, v)
	case <-r.Context().Done():
	}
}

func (s *Server) files() http.Handler {
	fs := http.FileServer(http.Dir(s.dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/") && !strings.HasSuffix(r.URL.Path, ".html") {
			fs.ServeHTTP(w, r)
			return
		}
		rec := &recorder{header: http.Header{}}
		fs.ServeHTTP(rec, r)
		if rec.status == http.StatusNotFound {
			s.notFound(w, r)
			return
		}
		body := rec.body.Bytes()
		if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			body = s.inject(body)
			rec.header.Del("Content-Length")
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if rec.status != 0 {
			w.WriteHeader(rec.status)
		}
		w.Write(body)
	})
}

// notFound serves the site's own 404 page, as static hosts do.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	page, err := http.Dir(s.dir).Open("/404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer page.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(page); err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(s.inject(b.Bytes()))
}

// inject adds the reload script before </body>.
func (s *Server) inject(html []byte) []byte {
	s.mu.Lock()
	v := s.version
	s.mu.Unlock()
	script := fmt.Sprintf(`<script>(function(v){function poll(){fetch(%q+"?v="+v).then(function(r){return r.text()}).then(function(t){if(+t!==v){location.reload()}else{poll()}}).catch(function(){setTimeout(poll,1000)})}poll()})(%d)</script>`, ReloadPath, v)
	i := bytes.LastIndex(html, []byte("</body>"))
	if i < 0 {
		return html
	}
	out := make([]byte, 0, len(html)+len(script))
	out = append(out, html[:i]...)
	out = append(out, script...)
	return append(out, html[i:]...)
}

// recorder buffers a response so HTML can be amended.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }
