package oparl

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"sync"
)

// errOffHost ends a request for a URL the crawl may not follow.
var errOffHost = errors.New("off the endpoint's host")

// hostPolicy decides which URLs a crawl may request: those on the
// endpoint's host and port or on a host the user allowed, over the
// endpoint's scheme or https (never down from https to http). A server
// cannot send the crawler elsewhere: to a host on the user's network, to
// localhost, to a file. It remembers the links it refused.
type hostPolicy struct {
	https bool            // the endpoint is https
	hosts map[string]bool // host:port, lower case

	mu      sync.Mutex
	refused map[string]map[string]bool // origin → the URLs refused
}

// newHostPolicy makes the policy for a crawl of endpoint. allow lists
// further hosts: "host" (any port of the scheme's default: 80 and 443) or
// "host:port".
func newHostPolicy(endpoint string, allow []string) (*hostPolicy, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s: not an http(s) URL", endpoint)
	}
	p := &hostPolicy{https: u.Scheme == "https", hosts: map[string]bool{hostPort(u): true}, refused: map[string]map[string]bool{}}
	for _, h := range allow {
		a, err := url.Parse("//" + h)
		if err != nil || a.Host != h || a.User != nil || h == "" {
			return nil, fmt.Errorf("allowed host %q: want HOST or HOST:PORT", h)
		}
		if a.Port() != "" {
			p.hosts[strings.ToLower(h)] = true
			continue
		}
		for _, port := range []string{"80", "443"} {
			p.hosts[net.JoinHostPort(strings.ToLower(a.Hostname()), port)] = true
		}
	}
	return p, nil
}

// hostPort returns u's host and port, the port filled in from the scheme.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// allows reports whether the crawl may request u.
func (p *hostPolicy) allows(u *url.URL) bool {
	switch u.Scheme {
	case "https":
	case "http":
		if p.https {
			return false
		}
	default:
		return false
	}
	return u.User == nil && p.hosts[hostPort(u)]
}

// check reports whether the crawl may request raw, and remembers it when
// not.
func (p *hostPolicy) check(raw string) bool {
	u, err := url.Parse(raw)
	if err == nil && p.allows(u) {
		return true
	}
	origin := raw
	if err == nil {
		origin = u.Scheme + "://" + u.Host
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refused[origin] == nil {
		p.refused[origin] = map[string]bool{}
	}
	p.refused[origin][raw] = true
	return false
}

// refusedCounts returns the number of links refused by origin.
func (p *hostPolicy) refusedCounts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for origin, urls := range p.refused {
		out[origin] = len(urls)
	}
	return out
}
