// Package permalink derives the URL paths of the archive's pages from record
// IDs. Both the pages and the search index use it, so a hit links to the page
// that exists. Paths never derive from titles: a corrected title must not
// break a journalist's link.
package permalink

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// The sections of the site, one per kind of record.
const (
	MeetingsSection      = "meetings"
	ItemsSection         = "items"
	PapersSection        = "papers"
	OrganizationsSection = "committees"
	PersonsSection       = "persons"
	YearsSection         = "years"
)

// maxReadable bounds the readable part of a slug; long IDs (OParl URLs) keep
// their last path segments.
const maxReadable = 48

// Slug turns a record ID into one safe path segment: only a–z, 0–9 and '-',
// never empty, never "." or "..", never a name Hugo reserves, at most ~60
// bytes. An ID that is already such a segment is its own slug; an OParl URL
// is the source's own short ID, when that is such a segment (see ShortID);
// any other ID keeps a readable tail and gets a hash of the whole ID
// appended. A slug depends on its ID alone, so it is the same in every
// import and build; the pages package checks that no two records of a kind
// share one.
func Slug(id string) string {
	if isPlain(id) && !reserved[id] {
		return id
	}
	if s := ShortID(id); s != "" {
		return s
	}
	return hashed(id)
}

// FileSlug is a segment like Slug for naming files: distinct IDs always
// give distinct names (an ID that is not a plain segment gets the hash of
// the whole ID), even where two servers' URLs share a short ID.
func FileSlug(id string) string {
	if isPlain(id) && !reserved[id] {
		return id
	}
	return hashed(id)
}

// hashed is an ID's readable tail with a hash of the whole ID.
func hashed(id string) string {
	readable := readablePart(id)
	sum := sha256.Sum256([]byte(id))
	h := hex.EncodeToString(sum[:4])
	if readable == "" {
		return h
	}
	return readable + "-" + h
}

// reserved are the plain segments that Hugo's content layout gives a
// meaning of their own: papers/index.md would be the papers section's leaf
// bundle, and every other paper page would silently vanish into it. Its
// siblings _index (the section's own page) and _content (a content
// adapter) cannot be plain, as they start with '_'; nor can anything with a
// language or output-format suffix, which needs a dot.
var reserved = map[string]bool{"index": true}

// kindSegments are the path segments that OParl servers name a kind of
// object with.
var kindSegments = map[string]bool{
	"system": true, "systems": true, "legislativeterm": true, "legislativeterms": true, "legislative_term": true,
	"organization": true, "organizations": true, "organisation": true, "organisations": true,
	"person": true, "persons": true, "people": true, "membership": true, "memberships": true,
	"meeting": true, "meetings": true, "agendaitem": true, "agendaitems": true, "agenda_item": true,
	"paper": true, "papers": true, "consultation": true, "consultations": true,
	"file": true, "files": true, "location": true, "locations": true,
}

// ShortID is the source's own short ID in an OParl URL: the path after the
// body, without the segment naming the object's kind when that is the only
// one. "…/body/1/agendaitem/9578" is "9578", "…/bodies/0001/organizations/
// gr/32130" is "gr-32130", a nested "…/body/1/meeting/5/agendaitem/3" is
// "meeting-5-agendaitem-3". Within one body, OParl URLs of one kind differ
// in just this part, so it is unique among them. "" when id is no such URL
// or the short ID would not be a plain, unreserved segment (a query, capital
// letters, "index").
func ShortID(id string) string {
	i := strings.Index(id, "://")
	if i < 0 {
		return ""
	}
	rest := id[i+3:]
	j := strings.IndexByte(rest, '/')
	if j < 0 || strings.ContainsAny(rest, "?#") {
		return ""
	}
	segs := strings.Split(strings.Trim(rest[j+1:], "/"), "/")
	start := -1
	for k := len(segs) - 2; k >= 0; k-- {
		if segs[k] == "body" || segs[k] == "bodies" {
			start = k + 2 // after the body's own ID
			break
		}
	}
	if start < 0 { // no body in the path: from the first kind on
		for k, s := range segs {
			if kindSegments[s] {
				start = k
				break
			}
		}
	}
	if start < 0 || start >= len(segs) {
		return ""
	}
	segs = segs[start:]
	kinds := 0
	for _, s := range segs {
		if kindSegments[s] {
			kinds++
		}
	}
	if kinds == 1 && kindSegments[segs[0]] {
		segs = segs[1:]
	}
	short := strings.Join(segs, "-")
	if !isPlain(short) || reserved[short] {
		return ""
	}
	return short
}

func isPlain(id string) bool {
	if id == "" || len(id) > maxReadable {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return id[0] != '-' && id[len(id)-1] != '-' && !strings.Contains(id, "--")
}

var transliterations = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss",
	"Ä", "ae", "Ö", "oe", "Ü", "ue", "ẞ", "ss",
)

// Words returns the words of s as lower-case ASCII letters and digits
// joined by single hyphens, with German letters spelt out: "Ortsrat Groß
// Escherde" → "ortsrat-gross-escherde". Slugs take their readable part from
// it, and importers and the generator make IDs of names with it, so that
// the two read alike.
func Words(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(transliterations.Replace(s)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// readablePart keeps what a reader recognises in an ID: for URLs the path
// after the host, then the last segments that fit.
func readablePart(id string) string {
	s := id
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexByte(s, '/'); j >= 0 {
			s = s[j+1:]
		} else {
			s = ""
		}
	}
	out := Words(s)
	for len(out) > maxReadable {
		i := strings.IndexByte(out, '-')
		if i < 0 || i == len(out)-1 {
			out = out[len(out)-maxReadable:]
			break
		}
		out = out[i+1:]
	}
	return out
}

// Meeting returns the path of a meeting page, e.g. "/meetings/sa-2024-03/".
func Meeting(id string) string { return path(MeetingsSection, id) }

// AgendaItem returns the path of an agenda item page.
func AgendaItem(id string) string { return path(ItemsSection, id) }

// Paper returns the path of a paper page.
func Paper(id string) string { return path(PapersSection, id) }

// Organization returns the path of a committee's page.
func Organization(id string) string { return path(OrganizationsSection, id) }

// Person returns the path of a person's page.
func Person(id string) string { return path(PersonsSection, id) }

// Year returns the path of a year's archive page.
func Year(year int) string { return "/" + YearsSection + "/" + strconv.Itoa(year) + "/" }

func path(section, id string) string { return "/" + section + "/" + Slug(id) + "/" }
