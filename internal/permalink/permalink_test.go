package permalink

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{"sa-2024-03-top1", "sa-2024-03-top1"},
		{"v-235-22", "v-235-22"},
		// Anything not already a clean lowercase segment gets a hash, so
		// IDs differing only in case or punctuation stay apart.
		{"SA-2024", "sa-2024-" + hash("SA-2024")},
		{"V 235/22", "v-235-22-" + hash("V 235/22")},
		// OParl URLs: the source's own short ID (issue 11), not
		// "webservice-oparl-v1-0-body-1-organization-1-8-ab5f9bd7".
		{"https://ratsinfo.example.de/oparl/v1/meeting/1234", "1234"},
		{"https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/agendaitem/9578", "9578"},
		{"https://sdnetrim.kdvz-frechen.de/rim4220/webservice/oparl/v1.0/body/1/organization/1-8", "1-8"},
		{"https://web1.karlsruhe.de/oparl/bodies/0001/organizations/gr/32130", "gr-32130"},
		{"https://x.example/body/1/meeting/5/agendaitem/3", "meeting-5-agendaitem-3"},
		// No short ID that is a plain, unreserved segment: a hash.
		{"https://x.example/body/1/paper/index", "body-1-paper-index-" + hash("https://x.example/body/1/paper/index")},
		{"https://x.example/body/1/paper/V-12", "body-1-paper-v-12-" + hash("https://x.example/body/1/paper/V-12")},
		{"https://x.example/paper?id=12", "paper-id-12-" + hash("https://x.example/paper?id=12")},
		{"https://x.example/body/1", "body-1-" + hash("https://x.example/body/1")},
		{"Straße_ä", "strasse-ae-" + hash("Straße_ä")},
		{"../../etc/passwd", "etc-passwd-" + hash("../../etc/passwd")},
		{"..", hash("..")},
		{"", hash("")},
		{"<script>", "script-" + hash("<script>")},
		// Names Hugo's content layout reserves: as content files
		// (papers/index.md, papers/_index.md) they would be the section's
		// own page and swallow its other pages.
		{"index", "index-" + hash("index")},
		{"_index", "index-" + hash("_index")},
		{"_content", "content-" + hash("_content")},
		{"index-2", "index-2"},
	}
	for _, tt := range tests {
		if got := Slug(tt.id); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestFileSlug: record files keep the whole ID's hash, so that two servers'
// objects with one short ID never share a file.
func TestFileSlug(t *testing.T) {
	a, b := "https://a.example/body/1/paper/918", "https://b.example/body/1/paper/918"
	if Slug(a) != "918" || FileSlug(a) == FileSlug(b) || FileSlug("v-1") != "v-1" {
		t.Errorf("Slug %q, FileSlug %q and %q", Slug(a), FileSlug(a), FileSlug(b))
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string]string{
		"Ortsrat Groß Escherde":                        "ortsrat-gross-escherde",
		"Fachausschuss Finanzen, Wirtschaftsförderung": "fachausschuss-finanzen-wirtschaftsfoerderung",
		"ÄRZTE UND STRAẞEN":                            "aerzte-und-strassen",
		"  13.1 ":                                      "13-1",
		"Café—Bar":                                     "caf-bar", // other letters separate words
		"—":                                            "",
	} {
		if got := Words(in); got != want {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugIsSafe(t *testing.T) {
	ids := []string{"a", "A", "a/b", "a\\b", "a\x00b", "%2e%2e", "https://x/" + strings.Repeat("verylongsegment/", 20) + "7", "日本語", "-x-", "x--y"}
	seen := map[string]string{}
	for _, id := range ids {
		s := Slug(id)
		if s == "" || s == "." || s == ".." || len(s) > maxReadable+9 {
			t.Errorf("Slug(%q) = %q: not a safe segment", id, s)
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				t.Errorf("Slug(%q) = %q contains %q", id, s, r)
			}
		}
		if prev, dup := seen[s]; dup {
			t.Errorf("Slug(%q) = Slug(%q) = %q", id, prev, s)
		}
		seen[s] = id
	}
}

func TestPaths(t *testing.T) {
	if got := Meeting("m1"); got != "/meetings/m1/" {
		t.Errorf("Meeting = %q", got)
	}
	if got := Year(2024); got != "/years/2024/" {
		t.Errorf("Year = %q", got)
	}
}

// hash is the expected suffix, computed independently of Slug.
func hash(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:4])
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"", "index", "https://x/body/1/agendaitem/9578", "https://x/bodies/0001/organizations/gr/32130", "https://x/body/1/paper/index", "https://x/body//paper/", "a://b/body/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		s := Slug(id)
		if s == "" || len(s) > maxReadable+9 || reserved[s] ||
			strings.Trim(strings.Map(safeRune, s), "-") != s || strings.Contains(s, "--") {
			t.Errorf("Slug(%q) = %q: not a safe segment", id, s)
		}
		if short := ShortID(id); short != "" && (!isPlain(short) || reserved[short]) {
			t.Errorf("ShortID(%q) = %q", id, short)
		}
	})
}

// safeRune drops what no slug may hold.
func safeRune(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
		return r
	}
	return -1
}
