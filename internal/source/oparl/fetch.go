package oparl

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"maps"
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
	if err := f.allowed(u); err != nil {
		return nil, err
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
	var doc *Document
	var data []byte
	err := f.retrying(ctx, u, func() (time.Duration, bool, error) {
		rp, retryAfter, err := f.get(ctx, request{url: u, accept: "application/json", limit: f.opts.MaxResponse})
		data = rp.body
		f.counted(len(data))
		if err != nil {
			return retryAfter, isTransient(err), err
		}
		doc, err = Decode(u, data, hint)
		// Cut-off JSON is what an overloaded server sends; JSON that is
		// wrong in itself comes back the same.
		return 0, isTruncated(err), err
	})
	if err != nil {
		return nil, err
	}
	if f.cache != nil {
		if cerr := f.cache.put(u, data); cerr != nil {
			f.report(Problem{Severity: Warning, Code: "cache", Source: u, Message: "not cached: " + cerr.Error()})
		}
	}
	return doc, nil
}

// allowed refuses, before any request, a URL that no request can fetch or
// that the host policy does not allow.
func (f *fetcher) allowed(u string) error {
	if err := checkURL(u); err != nil {
		return err
	}
	if !f.hosts.check(u) {
		return fmt.Errorf("%w: %s not requested", errOffHost, u)
	}
	return nil
}

// retrying calls try until it succeeds, fails for good (try says whether
// its failure may pass), or the retries are used up, waiting with
// doubling backoff or as long as the server's Retry-After asks between
// attempts. Each retry is reported.
func (f *fetcher) retrying(ctx context.Context, u string, try func() (retryAfter time.Duration, retry bool, err error)) error {
	for attempt := 0; ; attempt++ {
		retryAfter, retry, err := try()
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case !retry || attempt >= f.opts.Retries:
			return err
		}
		wait := f.opts.Backoff << attempt
		if wait > f.opts.MaxBackoff || wait <= 0 {
			wait = f.opts.MaxBackoff
		}
		if retryAfter > 0 {
			if retryAfter > f.opts.MaxBackoff {
				return fmt.Errorf("%w; the server asks to retry after %s, longer than the %s this crawl waits", err, retryAfter, f.opts.MaxBackoff)
			}
			wait = retryAfter
		}
		f.retried.Add(1)
		f.report(Problem{Severity: Warning, Code: "retried", Source: u,
			Message: fmt.Sprintf("%v; retried after %s (attempt %d of %d)", err, wait, attempt+2, f.opts.Retries+1)})
		if err := sleep(ctx, wait); err != nil {
			return err
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

// request is one GET.
type request struct {
	url    string
	accept string
	header http.Header // further headers: a conditional request's validators
	limit  int64       // the largest body read
}

// reply is the answer to a request: 200 with its body, or 304 Not
// Modified to a conditional request.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// get makes one request within the fetcher's bounds: requests at a time,
// rate, the timeout of the whole exchange (body included). It returns the
// reply, or an error (transientError when a retry may help) and the
// server's Retry-After.
func (f *fetcher) get(ctx context.Context, r request) (reply, time.Duration, error) {
	select {
	case f.sem <- struct{}{}:
	case <-ctx.Done():
		return reply{}, 0, ctx.Err()
	}
	defer func() { <-f.sem }()
	if err := f.limiter.Wait(ctx); err != nil {
		if _, ok := ctx.Deadline(); ok && ctx.Err() == nil {
			// The wait would pass the deadline: the request ends with it.
			<-ctx.Done()
		}
		return reply{}, 0, cmp.Or(ctx.Err(), err)
	}
	f.requests.Add(1)
	rctx, cancel := context.WithTimeout(ctx, f.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, r.url, nil)
	if err != nil {
		return reply{}, 0, err
	}
	maps.Copy(req.Header, r.header)
	req.Header.Set("Accept", r.accept)
	req.Header.Set("User-Agent", "ratsarchiv-oparl-import")
	resp, err := f.client.Do(req)
	if err != nil {
		var cert *tls.CertificateVerificationError
		if errors.Is(err, errRedirectLoop) || errors.Is(err, errOffHost) || errors.As(err, &cert) || ctx.Err() != nil {
			return reply{}, 0, err
		}
		return reply{}, 0, transientError{err} // timeouts, refused and reset connections
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotModified && len(r.header) > 0:
		return reply{status: resp.StatusCode, header: resp.Header}, 0, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		return reply{}, retryAfter(resp.Header.Get("Retry-After")), transientError{fmt.Errorf("HTTP %s", resp.Status)}
	default:
		return reply{}, 0, statusError{resp.StatusCode}
	}
	if resp.ContentLength > r.limit {
		return reply{}, 0, fmt.Errorf("%w: %d bytes, more than %d", errTooLarge, resp.ContentLength, r.limit)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, r.limit+1))
	if err != nil {
		if ctx.Err() != nil {
			return reply{}, 0, ctx.Err()
		}
		return reply{}, 0, transientError{fmt.Errorf("reading response: %w", err)}
	}
	if int64(len(data)) > r.limit {
		return reply{}, 0, fmt.Errorf("%w: more than %d bytes", errTooLarge, r.limit)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}, 0, nil
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
