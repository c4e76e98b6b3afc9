// Package searchtest generates deterministic council archives for the
// search tests: German text with the words, compounds, inflections and edge
// cases (umlauts, ß, gender forms, hyphenated compounds, numbers, §, URLs)
// that the analysis and the ranking must handle. The same seed and size
// give the same archive.
package searchtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
)

var committees = []struct{ id, name, short string }{
	{"rat", "Rat der Stadt", "Rat"},
	{"soz", "Ausschuss für Soziales und Integration", "Sozialausschuss"},
	{"bau", "Ausschuss für Bauen, Planen und Umwelt", "Bauausschuss"},
	{"jhA", "Jugendhilfeausschuss", ""},
	{"fin", "Haupt- und Finanzausschuss", "Finanzausschuss"},
	{"kult", "Ausschuss für Kultur, Sport und Freizeit", "Kulturausschuss"},
	{"or-nord", "Ortsrat Nordstadt", ""},
}

var topics = []string{
	"Kita-Gebühren ab {year}", "Kitagebühren: Anpassung der Satzung", "Neubau der Kindertagesstätte Am Mühlenbach",
	"Windkraftanlagen im Außenbereich", "Windkraft: Flächennutzungsplan, 7. Änderung", "Schulentwicklungsplan {year}–{year2}",
	"Haushaltssatzung und Haushaltsplan {year}", "Bebauungsplan Nr. {n} „Am Kirchberg“", "Radverkehrskonzept der Stadt",
	"Kommunales Integrationsmanagement", "Fördermittel für den Straßenausbau", "Feuerwehrgerätehaus Süd: Sanierung",
	"Sanierung der Grundschule Lindenstraße", "Antrag der Fraktion Bündnis 90/Die Grünen: Klimaschutzkonzept",
	"Bericht der Verwaltung zur Unterbringung Geflüchteter", "Jahresabschluss {year} der Stadtwerke",
	"Benennung einer Straße nach Ruth Müller", "Teilnehmer:innen des Jugendparlaments", "Bürger*innenhaushalt {year}",
	"Integrationsmanagements: Zwischenbericht", "Sozialausschusssitzung: Terminplanung", "Ausschussbesetzung nach § 58 NKomVG",
	"Mitteilungen der Bürgermeisterin", "Anfragen der Ratsmitglieder", "Straẞenreinigungsgebühren", "Spielplatzkonzept Nordstadt",
	"Öffentlicher Personennahverkehr: Taktverdichtung", "Digitalisierung der Verwaltung (E-Akte)", "Stellenplan {year}",
}

var sentences = []string{
	"Frau {person} erläutert die Vorlage und beantwortet Fragen der Ausschussmitglieder.",
	"Herr {person} berichtet über den aktuellen Stand der Planungen für {topic}.",
	"Die Verwaltung wird beauftragt, bis zum {date} ein Konzept vorzulegen.",
	"Der Ausschuss nimmt den Bericht zur Kenntnis.",
	"Die Kosten belaufen sich auf rund {money} Euro; Fördermittel des Landes sind beantragt.",
	"Nach kurzer Diskussion wird über den Beschlussvorschlag abgestimmt.",
	"Es wird darauf hingewiesen, dass die Kindertagesstätten bereits voll ausgelastet sind.",
	"Die Teilnehmer(innen) des Workshops haben Vorschläge zur Verkehrsberuhigung erarbeitet.",
	"Bürger*innen können sich unter https://www.beispielstadt.de/beteiligung informieren.",
	"Gemäß § 6 Abs. 2 der Hauptsatzung ist der Rat zuständig.",
	"Die Gebühren steigen zum 01.08.{year} um {pct} Prozent.",
	"Das Integrationsmanagement wird durch das Landesprogramm gefördert.",
	"Die Windkraftanlagen sollen mindestens 1.000 Meter von der Wohnbebauung entfernt sein.",
	"Die Sitzung wird um {time} Uhr unterbrochen und anschließend fortgesetzt.",
	"Ratsfrau {person} stellt den Antrag ihrer Fraktion vor; die Straße sei in einem schlechten Zustand.",
	"Der Sozialausschuss empfiehlt dem Rat, die Satzung in der vorliegenden Fassung zu beschließen.",
	"Die Elternvertreterinnen und Elternvertreter äußern Bedenken gegen die Erhöhung der Kitagebühren.",
	"Ein Mitglied fragt nach dem Zeitplan für die Sanierung der Sporthalle.",
	"Die Verwaltung sagt zu, die Anregungen in die weitere Planung einzubeziehen.",
	"Der Fachbereich Jugend, Schule und Sport legt die Schülerzahlenprognose vor.",
	"Für die Ausschreibung des Radwegs werden Fördermittel in Höhe von {money} € erwartet.",
	"Die Mitarbeiter:innen des Bauhofs haben die Spielplätze überprüft.",
	"Herr {person} bittet darum, die Ergebnisse im nächsten Ausschuss vorzustellen.",
	"STRAẞENAUSBAUBEITRÄGE werden nicht mehr erhoben.",
	"Die Foerdermittel wurden fristgerecht abgerufen.",
}

var results = []string{
	"einstimmig beschlossen", "mehrheitlich beschlossen", "Kenntnis genommen", "zur Kenntnis genommen",
	"abgelehnt", "mehrheitlich abgelehnt", "vertagt", "zurückgezogen", "geändert beschlossen",
	"einstimmig empfohlen", "", "ohne Beschluss",
}

var persons = []string{"Gehrke", "Niemann", "Öztürk", "Weiß", "Schäfer", "Yılmaz", "Kowalski", "Groß", "Müller-Lüdenscheidt", "Bauer"}

// Archive returns a generated archive of about items agenda items (with
// their meetings and papers), all public.
func Archive(seed uint64, items int) *record.Archive {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	loc := time.FixedZone("CET", 3600)
	a := &record.Archive{Body: record.Body{ID: "beispielstadt", Name: "Stadt Beispielstadt", Language: "de"}}
	for _, c := range committees {
		a.Organizations = append(a.Organizations, &record.Organization{ID: c.id, Name: c.name, ShortName: c.short, Classification: "Ausschuss"})
	}
	for i, p := range persons {
		a.Persons = append(a.Persons, &record.Person{ID: fmt.Sprintf("p%d", i), Name: p, FamilyName: p})
	}
	g := &gen{r: r}
	day := time.Date(2019, 1, 8, 17, 0, 0, 0, loc)
	n, mi := 0, 0
	step := max(1, 6*365*2/3/(1+items/6))
	for n < items {
		c := committees[r.IntN(len(committees))]
		mi++
		m := &record.Meeting{
			ID:            fmt.Sprintf("%s-%04d", strings.ToLower(c.id), mi),
			Name:          fmt.Sprintf("%d. Sitzung des Gremiums %s", mi, c.name),
			Organizations: []string{c.id},
			Start:         day,
			Location:      "Rathaus, Sitzungssaal " + fmt.Sprint(1+r.IntN(3)),
			Public:        true,
		}
		k := 3 + r.IntN(8)
		for j := 1; j <= k && n < items; j++ {
			n++
			title := g.fill(topics[r.IntN(len(topics))], day)
			res := results[r.IntN(len(results))]
			it := &record.AgendaItem{
				ID: fmt.Sprintf("%s-%d", m.ID, j), Number: fmt.Sprint(j), Order: j, Name: title, Public: true,
				Result: res, ResultCategory: outcome.Classify(res),
				Minutes:  g.paragraphs(day, 1+r.IntN(4)),
				Speakers: []string{"Frau " + persons[r.IntN(len(persons))]},
			}
			if r.IntN(3) == 0 {
				it.ResolutionText = "Der " + c.name + " beschließt: " + g.sentence(day)
			}
			if r.IntN(4) == 0 {
				it.Persons = []string{fmt.Sprintf("p%d", r.IntN(len(persons)))}
			}
			if r.IntN(2) == 0 {
				p := &record.Paper{
					ID:        fmt.Sprintf("v-%d-%02d", len(a.Papers)+1, day.Year()%100),
					Reference: fmt.Sprintf("V %d/%02d", len(a.Papers)+1, day.Year()%100),
					Name:      title, PaperType: "Beschlussvorlage", Public: true,
					Date: day.AddDate(0, 0, -14),
					Text: g.paragraphs(day, 2+r.IntN(6)),
					Consultations: []record.Consultation{{
						Organization: c.id, Meeting: m.ID, AgendaItem: it.ID, Role: "Entscheidung", Authoritative: true,
					}},
				}
				if r.IntN(3) == 0 {
					p.Files = []record.File{{ID: p.ID + "-a1", Name: "Anlage 1", AccessURL: "https://ris.example.org/files/" + p.ID + ".pdf",
						Text: pages(g.paragraphs(day, 3+r.IntN(10)))}}
				}
				it.Paper = p.ID
				a.Papers = append(a.Papers, p)
			}
			m.AgendaItems = append(m.AgendaItems, it)
		}
		a.Meetings = append(a.Meetings, m)
		// Several meetings share a day, so ties by date are common; the
		// archive spans about six years whatever its size.
		if r.IntN(3) != 0 {
			day = day.AddDate(0, 0, 1+r.IntN(2*step))
		}
	}
	a.Sort()
	return a
}

type gen struct{ r *rand.Rand }

func (g *gen) fill(s string, day time.Time) string {
	y := day.Year()
	rep := strings.NewReplacer(
		"{year}", fmt.Sprint(y), "{year2}", fmt.Sprint(y+5), "{n}", fmt.Sprint(1+g.r.IntN(120)),
		"{person}", persons[g.r.IntN(len(persons))], "{date}", day.AddDate(0, 3, 0).Format("02.01.2006"),
		"{money}", fmt.Sprintf("%d.%03d", 1+g.r.IntN(900), g.r.IntN(1000)), "{pct}", fmt.Sprint(1+g.r.IntN(12)),
		"{time}", fmt.Sprintf("%d:%02d", 17+g.r.IntN(4), g.r.IntN(60)),
		"{topic}", strings.NewReplacer("{year}", fmt.Sprint(y), "{year2}", fmt.Sprint(y+5), "{n}", "3").Replace(topics[g.r.IntN(len(topics))]),
	)
	return rep.Replace(s)
}

func (g *gen) sentence(day time.Time) string {
	return g.fill(sentences[g.r.IntN(len(sentences))], day)
}

func (g *gen) paragraphs(day time.Time, n int) string {
	var ps []string
	for range n {
		var ss []string
		for range 1 + g.r.IntN(4) {
			ss = append(ss, g.sentence(day))
		}
		ps = append(ps, strings.Join(ss, " "))
	}
	return strings.Join(ps, "\n\n")
}

// pages makes the paragraphs of a file's text its pages, two to a page,
// split as the importers split a PDF's (record.PageBreak).
func pages(text string) string {
	ps := strings.Split(text, "\n\n")
	var b strings.Builder
	for i, p := range ps {
		switch {
		case i == 0:
		case i%2 == 0:
			b.WriteString("\n" + record.PageBreak)
		default:
			b.WriteString("\n\n")
		}
		b.WriteString(p)
	}
	return b.String()
}
