package oparl

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// fetcher gets OParl documents over HTTP politely: a bounded number of
// requests at a time, a rate limit, a timeout per request, retries with
// backoff for failures that may pass (5xx, 429, timeouts, cut-off bodies),
// Retry-After honoured, and a cap on the response size.
type fetcher struct {
	client  *http.Client
	limiter *rate.Limiter
	sem     chan struct{}
	opts    CrawlOptions
	cache   *cache
	hosts   *hostPolicy
	report  func(p Problem)
	read    func(n int) // told the size of every document read; may be nil

	requests, fromCache, retried atomic.Int64
}

// Errors that end a request without retrying.
var (
	errRedirectLoop = errors.New("redirect loop")
	errTooLarge     = errors.New("response too large")
)

// maxRedirects bounds a redirect chain, like net/http's default.
const maxRedirects = 10

// newFetcher makes a fetcher that requests only what hosts allows.
func newFetcher(opts CrawlOptions, hosts *hostPolicy, report func(Problem)) *fetcher {
	client := &http.Client{}
	if opts.Client != nil {
		c := *opts.Client
		client = &c
	}
	f := &fetcher{
		client:  client,
		limiter: rate.NewLimiter(rate.Limit(opts.Rate), 1),
		sem:     make(chan struct{}, opts.Concurrency),
		opts:    opts,
		report:  report,
		hosts:   hosts,
	}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !hosts.check(req.URL.String()) {
			return fmt.Errorf("%w: %s redirects to %s", errOffHost, via[len(via)-1].URL, req.URL)
		}
		for _, v := range via {
			if v.URL.String() == req.URL.String() {
				return fmt.Errorf("%w: %s redirects back to itself", errRedirectLoop, req.URL)
			}
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("%w: more than %d redirects", errRedirectLoop, maxRedirects)
		}
		return nil
	}
	return f
}

// document returns the decoded document at u: from the cache when it holds
// u, otherwise fetched (with retries) and then cached. A response that is
// not JSON, or is cut off, counts as a failure that may pass.
func (f *fetcher) document(ctx context.Context, u string, hint Kind) (*Document, error) {
	if err := checkURL(u); err != nil {
		return nil, err
	}
	if !f.hosts.check(u) {
		return nil, fmt.Errorf("%w: %s not requested", errOffHost, u)
	}
	if f.cache != nil {
		if data, ok := f.cache.get(u); ok {
			if doc, err := Decode(u, data, hint); err == nil {
				f.fromCache.Add(1)
				f.counted(len(data))
				return doc, nil
			}
			f.cache.drop(u) // a damaged entry: fetch again
		}
	}
	for attempt := 0; ; attempt++ {
		data, retryAfter, err := f.once(ctx, u)
		f.counted(len(data))
		var doc *Document
		var retry bool
		switch {
		case err == nil:
			doc, err = Decode(u, data, hint)
			// Cut-off JSON is what an overloaded server sends; JSON that
			// is wrong in itself comes back the same.
			retry = isTruncated(err)
		case ctx.Err() != nil:
			return nil, ctx.Err()
		default:
			retry = isTransient(err)
		}
		if err == nil {
			if f.cache != nil {
				if cerr := f.cache.put(u, data); cerr != nil {
					f.report(Problem{Severity: Warning, Code: "cache", Source: u, Message: "not cached: " + cerr.Error()})
				}
			}
			return doc, nil
		}
		if !retry || attempt >= f.opts.Retries {
			return nil, err
		}
		wait := f.opts.Backoff << attempt
		if wait > f.opts.MaxBackoff || wait <= 0 {
			wait = f.opts.MaxBackoff
		}
		if retryAfter > 0 {
			if retryAfter > f.opts.MaxBackoff {
				return nil, fmt.Errorf("%w; the server asks to retry after %s, longer than the %s this crawl waits", err, retryAfter, f.opts.MaxBackoff)
			}
			wait = retryAfter
		}
		f.retried.Add(1)
		f.report(Problem{Severity: Warning, Code: "retried", Source: u,
			Message: fmt.Sprintf("%v; retried after %s (attempt %d of %d)", err, wait, attempt+2, f.opts.Retries+1)})
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// checkURL refuses, before any request, what no request can fetch: a
// malformed URL, a scheme other than http(s), a URL without host.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return err
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%s: unsupported scheme %q (only http and https)", raw, u.Scheme)
	case u.Host == "":
		return fmt.Errorf("%s: URL has no host", raw)
	}
	return nil
}

// statusError is an HTTP answer other than 200 that a retry does not
// change: a 4xx other than 408 and 429.
type statusError struct{ code int }

func (e statusError) Error() string {
	return fmt.Sprintf("HTTP %d %s", e.code, http.StatusText(e.code))
}

// isGone reports whether err says the server no longer publishes the
// object: 401, 403, 404 or 410 (Karlsruhe answers 401 for depublished
// objects).
func isGone(err error) (int, bool) {
	var s statusError
	if !errors.As(err, &s) {
		return 0, false
	}
	switch s.code {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusGone:
		return s.code, true
	}
	return s.code, false
}

func (f *fetcher) counted(n int) {
	if f.read != nil && n > 0 {
		f.read(n)
	}
}

// transientError marks failures worth retrying.
type transientError struct{ error }

func (e transientError) Unwrap() error { return e.error }

func isTransient(err error) bool {
	var t transientError
	return errors.As(err, &t)
}

// once makes one request. It returns the body of a 200 response, or an
// error (transientError when a retry may help) and the server's
// Retry-After.
func (f *fetcher) once(ctx context.Context, u string) ([]byte, time.Duration, error) {
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
	defer func() { <-f.sem }()
	if err := f.limiter.Wait(ctx); err != nil {
		if _, ok := ctx.Deadline(); ok && ctx.Err() == nil {
			// The wait would pass the deadline: the request ends with it.
			<-ctx.Done()
		}
		return nil, 0, cmp.Or(ctx.Err(), err)
	}
	f.requests.Add(1)
	rctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "ratsarchiv-oparl-import")
	resp, err := f.client.Do(req)
	if err != nil {
		var cert *tls.CertificateVerificationError
		if errors.Is(err, errRedirectLoop) || errors.Is(err, errOffHost) || errors.As(err, &cert) || ctx.Err() != nil {
			return nil, 0, err
		}
		return nil, 0, transientError{err} // timeouts, refused and reset connections
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return nil, retryAfter(resp.Header.Get("Retry-After")), transientError{fmt.Errorf("HTTP %s", resp.Status)}
	default:
		return nil, 0, statusError{resp.StatusCode}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, f.opts.MaxResponse+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		return nil, 0, transientError{fmt.Errorf("reading response: %w", err)}
	}
	if int64(len(data)) > f.opts.MaxResponse {
		return nil, 0, fmt.Errorf("%w: more than %d bytes", errTooLarge, f.opts.MaxResponse)
	}
	return data, 0, nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
