package query_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"

	"github.com/ratsarchiv/ratsarchiv/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// queryCase is one entry of the query language's shared expectations,
// web/search/testdata/queries.json, which the JavaScript parser's test
// reads too.
type queryCase struct {
	Q     string             `json:"q"`
	Want  *query.ParsedQuery `json:"want,omitempty"`
	Error *query.Error       `json:"error,omitempty"`
}

// goldenVocabulary is the committee list the cases are parsed against.
var goldenVocabulary = query.Vocabulary{Committees: []string{
	"Ausschuss für Soziales und Integration", "Bauausschuss", "Finanzausschuss", "Jugendhilfeausschuss", "Rat", "Sozialausschuss",
	"Städtepartnerschaft İzmir",
}}

var goldenQueries = []string{
	"Kita Gebühren",
	"Kitagebühren",
	"Kita-Gebühren",
	`"Kenntnis genommen"`,
	`"Antrag der Fraktion"`,
	`"die Verwaltung"`,
	`"der die das"`,
	"-Windkraft",
	`Kita -"Kenntnis genommen"`,
	"-Kita-Gebühren",
	"Schul*",
	"Schul**",
	"Kita-Geb*",
	"Förder*",
	"Straße STRASSE Straẞe",
	"Fördermittel Foerdermittel fordermittel",
	"Integrationsmanagements",
	"Teilnehmer:innen Bürger*innen",
	"die der das",
	"§ 34 Abs. 2",
	"V 235/22",
	"https://www.beispielstadt.de/rat",
	"  viel   Leerraum\t\n ",
	"",
	"gremium:Bauausschuss Kita",
	"committee:bauausschuss",
	"Gremium:sozial",
	`gremium:"Ausschuss für Soziales und Integration"`,
	"gremium:rat gremium:Rat",
	"jahr:2022 year:2023",
	"jahr:2020-2022",
	"jahr:2020..2021",
	"ergebnis:abgelehnt result:noted",
	"ergebnis:zurückgezogen ergebnis:Geändert",
	"art:vorlage kind:meeting art:TOP",
	"Teilnehmer:innen gremium:Sozialausschuss",
	// Filter values fold white space as query.IsSpace has it (U+0085 is
	// space, U+FEFF is not) and lower-case rune by rune (İ is i).
	"gremium:\"Ausschuss\u0085für\"",
	"GREMİUM:izmir",
	"gremium:\"städtepartnerschaft  \u00a0izmir\"",
	"ergebnis:\"\u2003abgelehnt\u0085\"",
	// malformed
	`"Kenntnis genommen`,
	`Kita "offen`,
	"- Kita",
	"Kita -",
	"*",
	"-*",
	"x*",
	"ä*",
	"§*",
	"gremium:",
	"gremium:\"\u0085\"",
	"gremium:\"\ufeff\"",
	"gremium:\"Ausschuss\ufefffür\"",
	"gremium:Nirgendwo",
	"gremium:Bauauschuss",
	"jahr:20x2",
	"jahr:2022-2020",
	"ergebnis:vielleicht",
	"art:brief",
	"-gremium:Rat",
	"a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg",
}

// jsVocabulary is what the client's parser gets from the static index's
// entry file: its committees, resultCategories, words and limits.
type jsVocabulary struct {
	Committees       []string     `json:"committees"`
	ResultCategories []string     `json:"resultCategories"`
	Words            query.Words  `json:"words"`
	Limits           query.Limits `json:"limits"`
}

func newJSVocabulary(voc query.Vocabulary) jsVocabulary {
	v := jsVocabulary{Committees: voc.Committees, Words: query.Spec().Words, Limits: query.Spec().Limits}
	for _, c := range record.ResultCategories {
		v.ResultCategories = append(v.ResultCategories, string(c))
	}
	return v
}

func TestParseQueryGolden(t *testing.T) {
	golden := testkit.RepoFile("web/search/testdata/queries.json")
	var got []queryCase
	for _, q := range goldenQueries {
		pq, err := query.Parse(q, goldenVocabulary)
		c := queryCase{Q: q, Want: pq}
		if err != nil {
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Fatalf("%q: %v is no QueryError", q, err)
			}
			c.Error = qe
		}
		got = append(got, c)
	}
	b, err := json.MarshalIndent(struct {
		Vocabulary jsVocabulary `json:"vocabulary"`
		Cases      []queryCase  `json:"cases"`
	}{newJSVocabulary(goldenVocabulary), got}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile(golden, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("parsed queries differ from %s (run go test -update and review the diff)", golden)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, q := range goldenQueries {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		pq, err := query.Parse(q, goldenVocabulary)
		if err != nil {
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Fatalf("%q: error %v is no QueryError", q, err)
			}
			if qe.Code == "" || qe.Message == "" {
				t.Fatalf("%q: error without code or message: %+v", q, qe)
			}
			return
		}
		if len(pq.Clauses) > query.MaxClauses {
			t.Fatalf("%q: %d clauses", q, len(pq.Clauses))
		}
		for _, c := range append(pq.Clauses, flatten(pq.Exclude)...) {
			switch c.Kind {
			case query.ClauseTerm:
				if c.Term == "" {
					t.Fatalf("%q: empty term", q)
				}
			case query.ClausePhrase:
				if len(c.Terms) < 2 || c.Terms[0] == "" || c.Terms[len(c.Terms)-1] == "" {
					t.Fatalf("%q: bad phrase %q", q, c.Terms)
				}
			case query.ClausePrefix:
				if len([]rune(c.Prefix)) < query.MinPrefix {
					t.Fatalf("%q: short prefix %q", q, c.Prefix)
				}
			default:
				t.Fatalf("%q: clause kind %q", q, c.Kind)
			}
		}
	})
}

func flatten(gs [][]query.Clause) []query.Clause {
	var out []query.Clause
	for _, g := range gs {
		out = append(out, g...)
	}
	return out
}

// TestParseQueryParity parses random queries — words, quotes, minus signs,
// stars, filters, umlauts, odd spaces — with the Go parser and the
// JavaScript one, which must agree on every result and error.
func TestParseQueryParity(t *testing.T) {
	node := testkit.Node(t)
	r := rand.New(rand.NewPCG(11, 12))
	pieces := []string{"Kita", "Gebühren", "Straße", "ẞ", "\"", "-", "*", "Schul", ":", "gremium:", "jahr:", "2022", "2020-2022",
		"ergebnis:", "abgelehnt", "art:", "vorlage", " ", "  ", "\t", "\u00a0", "die", "der", "Bau", "ausschuss", "§", "1.000,50",
		"Teilnehmer:innen", "x", "ä", "日本", "gremium:\"Bauausschuss\"", "Sozial", "-\"", "\"\"", "Ü", "ß*", "e-Mail",
		// white space by query.IsSpace, and what JavaScript's \s has else
		"\u0085", "\ufeff", "\u2003", "\u180e", "gremium:\"Ausschuss", "für\"", "İ", "GREMİUM:", "izmir", "Σ", "ΣΟΦΟΣ"}
	var qs []string
	for range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(7) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			if r.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		qs = append(qs, b.String())
	}
	f := filepath.Join(t.TempDir(), "queries.json")
	b, _ := json.Marshal(map[string]any{"vocabulary": newJSVocabulary(goldenVocabulary), "queries": qs})
	os.WriteFile(f, b, 0o644)
	out := testkit.RunNode(t, node, testkit.RepoFile("web/search/testdata/parse.mjs"), f)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(qs) {
		t.Fatalf("%d results for %d queries", len(lines), len(qs))
	}
	differ := 0
	for i, q := range qs {
		pq, err := query.Parse(q, goldenVocabulary)
		c := queryCase{Want: pq}
		if err != nil {
			c.Want = nil
			c.Error = err.(*query.Error)
		}
		g, _ := json.Marshal(c)
		var js queryCase
		json.Unmarshal([]byte(lines[i]), &js)
		j, _ := json.Marshal(js)
		if string(g) != string(j) {
			if differ++; differ <= 5 {
				t.Errorf("%q:\nGo %s\nJS %s", q, g, j)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d queries parse differently", differ, len(qs))
	}
}
