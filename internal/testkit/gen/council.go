package gen

import "github.com/ratsarchiv/ratsarchiv/internal/record"

// This file holds the hand-written facts of German council life that the
// generator combines: committees and their subjects, factions, names,
// places, and the published results with their meaning.

// committeeSpec describes a council or committee the generator can create.
// The council comes first; the others are taken in order, so a small archive
// has the committees every town has and a large one adds the rarer ones.
type committeeSpec struct {
	id, short, name string
	genitive        string // "des Sozialausschusses", for meeting names
	classification  string // OParl classification
	seats           int    // voting members
	perYear         int    // meetings per year
	closed          bool   // meets in closed session (Personalausschuss)
	topics          []topic
}

// topic is a subject a committee deals with, as a noun with its gender
// ('p' for plural) so that articles agree.
type topic struct {
	noun   string
	gender byte
}

var committeeSpecs = []committeeSpec{
	{"rat", "Rat", "Rat der Stadt", "des Rates", "Rat", 0, 10, false, []topic{
		{"Haushaltssatzung", 'f'}, {"Hauptsatzung", 'f'}, {"Stellenplan", 'm'}, {"Jahresabschluss", 'm'},
		{"Flächennutzungsplan", 'm'}, {"Klimaschutzkonzept", 'n'}, {"Gebührensatzung", 'f'},
		{"Beteiligungsbericht", 'm'}, {"Stadtentwicklungskonzept", 'n'}, {"Wirtschaftsplan", 'm'},
	}},
	{"hauptausschuss", "Hauptausschuss", "Haupt- und Finanzausschuss", "des Haupt- und Finanzausschusses", "Ausschuss", 15, 8, false, []topic{
		{"Haushaltsplan", 'm'}, {"Nachtragshaushaltssatzung", 'f'}, {"Haushaltssicherungskonzept", 'n'},
		{"Grundsteuer", 'f'}, {"Gewerbesteuer", 'f'}, {"Verpflichtungsermächtigung", 'f'},
		{"Digitalisierungsstrategie", 'f'}, {"Personalentwicklungskonzept", 'n'}, {"Beteiligungsmanagement", 'n'},
	}},
	{"bauausschuss", "Bauausschuss", "Ausschuss für Stadtentwicklung und Bauen", "des Ausschusses für Stadtentwicklung und Bauen", "Ausschuss", 15, 9, false, []topic{
		{"Bebauungsplan", 'm'}, {"Baugebiet", 'n'}, {"Sanierung", 'f'}, {"Neubau", 'm'},
		{"Erhaltungssatzung", 'f'}, {"Ortsdurchfahrt", 'f'}, {"Straßenbeleuchtung", 'f'},
		{"Gestaltungssatzung", 'f'}, {"Bauleitplanung", 'f'}, {"Innenentwicklung", 'f'}, {"Baulückenkataster", 'n'},
	}},
	{"sozialausschuss", "Sozialausschuss", "Ausschuss für Soziales und Integration", "des Ausschusses für Soziales und Integration", "Ausschuss", 13, 6, false, []topic{
		{"Integrationsmanagement", 'n'}, {"Kitagebühren", 'p'}, {"Wohngeld", 'n'}, {"Seniorenarbeit", 'f'},
		{"Obdachlosenunterkunft", 'f'}, {"Sozialticket", 'n'}, {"Flüchtlingsunterbringung", 'f'},
		{"Schuldnerberatung", 'f'}, {"Quartiersarbeit", 'f'}, {"Pflegestützpunkt", 'm'}, {"Teilhabemanagement", 'n'},
	}},
	{"jugendhilfeausschuss", "Jugendhilfeausschuss", "Jugendhilfeausschuss", "des Jugendhilfeausschusses", "Ausschuss", 15, 6, false, []topic{
		{"Kindertagesstätte", 'f'}, {"Kitaplätze", 'p'}, {"Jugendzentrum", 'n'}, {"Kindertagespflege", 'f'},
		{"Ferienbetreuung", 'f'}, {"Schulsozialarbeit", 'f'}, {"Jugendhilfeplanung", 'f'},
		{"Elternbeiträge", 'p'}, {"Spielplatzkonzept", 'n'}, {"Kinderschutz", 'm'},
	}},
	{"schulausschuss", "Schulausschuss", "Ausschuss für Schule und Bildung", "des Ausschusses für Schule und Bildung", "Ausschuss", 13, 5, false, []topic{
		{"Schulentwicklungsplan", 'm'}, {"Ganztagsschule", 'f'}, {"Schulbezirke", 'p'}, {"Schülerbeförderung", 'f'},
		{"Medienentwicklungsplan", 'm'}, {"Schulhofgestaltung", 'f'}, {"Mensa", 'f'}, {"Grundschule", 'f'},
	}},
	{"umweltausschuss", "Umweltausschuss", "Ausschuss für Umwelt und Klimaschutz", "des Ausschusses für Umwelt und Klimaschutz", "Ausschuss", 13, 6, false, []topic{
		{"Klimaschutzkonzept", 'n'}, {"Baumschutzsatzung", 'f'}, {"Photovoltaikanlagen", 'p'}, {"Hochwasserschutz", 'm'},
		{"Wärmeplanung", 'f'}, {"Lärmaktionsplan", 'm'}, {"Windenergieanlagen", 'p'}, {"Abfallwirtschaft", 'f'},
		{"Blühstreifen", 'p'}, {"Regenrückhaltebecken", 'n'},
	}},
	{"kulturausschuss", "Kulturausschuss", "Ausschuss für Kultur und Sport", "des Ausschusses für Kultur und Sport", "Ausschuss", 13, 5, false, []topic{
		{"Stadtbibliothek", 'f'}, {"Musikschule", 'f'}, {"Kulturförderung", 'f'}, {"Sportstättenentwicklung", 'f'},
		{"Stadtarchiv", 'n'}, {"Vereinsförderung", 'f'}, {"Heimatmuseum", 'n'}, {"Sporthalle", 'f'},
	}},
	{"verkehrsausschuss", "Verkehrsausschuss", "Ausschuss für Verkehr und Mobilität", "des Ausschusses für Verkehr und Mobilität", "Ausschuss", 13, 6, false, []topic{
		{"Radverkehrskonzept", 'n'}, {"Nahverkehrsplan", 'm'}, {"Parkraumbewirtschaftung", 'f'}, {"Tempo-30-Zone", 'f'},
		{"Bushaltestellen", 'p'}, {"Verkehrsberuhigung", 'f'}, {"Ladeinfrastruktur", 'f'}, {"Fußgängerüberweg", 'm'},
	}},
	{"ordnungsausschuss", "Ordnungsausschuss", "Ausschuss für Feuerwehr und Ordnung", "des Ausschusses für Feuerwehr und Ordnung", "Ausschuss", 11, 4, false, []topic{
		{"Feuerwehrbedarfsplan", 'm'}, {"Feuerwehrhaus", 'n'}, {"Gefahrenabwehrverordnung", 'f'}, {"Friedhofssatzung", 'f'},
		{"Marktsatzung", 'f'}, {"Sondernutzungssatzung", 'f'}, {"Hundesteuer", 'f'},
	}},
	{"rechnungspruefungsausschuss", "Rechnungsprüfungsausschuss", "Rechnungsprüfungsausschuss", "des Rechnungsprüfungsausschusses", "Ausschuss", 9, 3, false, []topic{
		{"Jahresabschluss", 'm'}, {"Prüfbericht", 'm'}, {"Gesamtabschluss", 'm'}, {"Entlastung", 'f'},
	}},
	{"betriebsausschuss", "Betriebsausschuss Stadtwerke", "Betriebsausschuss Stadtwerke", "des Betriebsausschusses Stadtwerke", "Ausschuss", 11, 4, false, []topic{
		{"Wirtschaftsplan", 'm'}, {"Abwassergebühren", 'p'}, {"Trinkwasserversorgung", 'f'}, {"Fernwärmenetz", 'n'},
		{"Freibad", 'n'}, {"Kläranlage", 'f'},
	}},
	{"wirtschaftsausschuss", "Wirtschaftsausschuss", "Ausschuss für Wirtschaft und Digitalisierung", "des Ausschusses für Wirtschaft und Digitalisierung", "Ausschuss", 13, 4, false, []topic{
		{"Wirtschaftsförderung", 'f'}, {"Gewerbegebiet", 'n'}, {"Breitbandausbau", 'm'}, {"Innenstadtentwicklung", 'f'},
		{"Tourismuskonzept", 'n'}, {"Leerstandsmanagement", 'n'}, {"Wochenmarkt", 'm'},
	}},
	{"integrationsrat", "Integrationsrat", "Integrationsrat", "des Integrationsrates", "Beirat", 11, 4, false, []topic{
		{"Integrationskonzept", 'n'}, {"Sprachförderung", 'f'}, {"Integrationsmanagement", 'n'}, {"Willkommenskultur", 'f'},
	}},
	{"seniorenbeirat", "Seniorenbeirat", "Seniorenbeirat", "des Seniorenbeirates", "Beirat", 9, 4, false, []topic{
		{"Seniorenarbeit", 'f'}, {"Barrierefreiheit", 'f'}, {"Seniorentreff", 'm'}, {"Pflegeplanung", 'f'},
	}},
	{"personalausschuss", "Personalausschuss", "Personalausschuss", "des Personalausschusses", "Ausschuss", 9, 3, true, []topic{
		{"Stellenbesetzung", 'f'}, {"Stellenplan", 'm'}, {"Personalangelegenheiten", 'p'},
	}},
	{"ortsrat-nord", "Ortsrat Nord", "Ortsrat Nord", "des Ortsrates Nord", "Ortsrat", 9, 5, false, []topic{
		{"Ortsratsmittel", 'p'}, {"Dorfgemeinschaftshaus", 'n'}, {"Spielplatz", 'm'}, {"Ortsdurchfahrt", 'f'},
	}},
	{"ortsrat-sued", "Ortsrat Süd", "Ortsrat Süd", "des Ortsrates Süd", "Ortsrat", 9, 5, false, []topic{
		{"Ortsratsmittel", 'p'}, {"Friedhof", 'm'}, {"Bolzplatz", 'm'}, {"Dorferneuerung", 'f'},
	}},
	{"sportausschuss", "Sportausschuss", "Sportausschuss", "des Sportausschusses", "Ausschuss", 11, 4, false, []topic{
		{"Sportstättenentwicklung", 'f'}, {"Kunstrasenplatz", 'm'}, {"Sportförderrichtlinie", 'f'}, {"Hallenbelegung", 'f'},
	}},
	{"behindertenbeirat", "Behindertenbeirat", "Beirat für Menschen mit Behinderung", "des Beirates für Menschen mit Behinderung", "Beirat", 9, 3, false, []topic{
		{"Barrierefreiheit", 'f'}, {"Inklusionsplan", 'm'}, {"Leitsystem", 'n'},
	}},
	{"ortsrat-west", "Ortsrat West", "Ortsrat West", "des Ortsrates West", "Ortsrat", 9, 5, false, []topic{
		{"Ortsratsmittel", 'p'}, {"Dorfplatz", 'm'}, {"Feuerwehrhaus", 'n'}, {"Radweg", 'm'},
	}},
	{"umlegungsausschuss", "Umlegungsausschuss", "Umlegungsausschuss", "des Umlegungsausschusses", "Ausschuss", 7, 2, true, []topic{
		{"Umlegungsverfahren", 'n'}, {"Grundstücksangelegenheiten", 'p'},
	}},
	{"vergabeausschuss", "Vergabeausschuss", "Vergabeausschuss", "des Vergabeausschusses", "Ausschuss", 9, 4, false, []topic{
		{"Vergabe", 'f'}, {"Rahmenvertrag", 'm'}, {"Bauleistungen", 'p'},
	}},
	{"wahlpruefungsausschuss", "Wahlprüfungsausschuss", "Wahlprüfungsausschuss", "des Wahlprüfungsausschusses", "Ausschuss", 7, 1, false, []topic{
		{"Kommunalwahl", 'f'}, {"Wahlprüfung", 'f'},
	}},
}

// faction is a party group in the council.
type faction struct {
	id, name, short string
	share           int // share of seats in percent
}

var factions = []faction{
	{"fraktion-cdu", "CDU-Fraktion", "CDU", 30},
	{"fraktion-spd", "SPD-Fraktion", "SPD", 26},
	{"fraktion-gruene", "Fraktion Bündnis 90/Die Grünen", "Grüne", 18},
	{"fraktion-fdp", "FDP-Fraktion", "FDP", 8},
	{"fraktion-fw", "Fraktion Freie Wähler", "Freie Wähler", 8},
	{"fraktion-linke", "Fraktion Die Linke", "Die Linke", 5},
	{"fraktion-volt", "Gruppe Volt", "Volt", 5},
}

var femaleNames = []string{
	"Anna", "Andrea", "Angelika", "Birgit", "Brigitte", "Christina", "Claudia", "Daniela", "Doris", "Elke",
	"Gabriele", "Heike", "Ingrid", "Julia", "Karin", "Katharina", "Kerstin", "Laura", "Lea", "Lena",
	"Manuela", "Maria", "Martina", "Melanie", "Monika", "Nadine", "Nicole", "Petra", "Renate", "Sabine",
	"Sandra", "Sarah", "Silke", "Sophie", "Stefanie", "Susanne", "Tanja", "Ursula", "Ute", "Yvonne",
}

var maleNames = []string{
	"Alexander", "Andreas", "Bernd", "Christian", "Daniel", "Dennis", "Dieter", "Dirk", "Felix", "Florian",
	"Frank", "Georg", "Hans", "Heinz", "Holger", "Jan", "Jens", "Jörg", "Jürgen", "Klaus",
	"Lukas", "Marco", "Markus", "Martin", "Matthias", "Michael", "Niklas", "Oliver", "Peter", "Ralf",
	"Rainer", "Sebastian", "Stefan", "Sven", "Thomas", "Tim", "Tobias", "Torsten", "Uwe", "Wolfgang",
}

var familyNames = []string{
	"Albers", "Arnold", "Bauer", "Beck", "Becker", "Berger", "Bergmann", "Böhm", "Brandt", "Braun",
	"Busch", "Dietrich", "Engel", "Falk", "Fischer", "Frank", "Franke", "Friedrich", "Fuchs", "Gehrke",
	"Graf", "Günther", "Haas", "Hahn", "Hartmann", "Heinrich", "Herrmann", "Hoffmann", "Hofmann", "Horn",
	"Huber", "Jäger", "Jung", "Kaiser", "Keller", "Klein", "Koch", "König", "Köhler", "Kraft",
	"Krause", "Krüger", "Kuhn", "Kühn", "Lang", "Lange", "Lehmann", "Lorenz", "Ludwig", "Maier",
	"Martin", "Mayer", "Meier", "Meyer", "Möller", "Müller", "Neumann", "Niemann", "Otto", "Peters",
	"Pohl", "Roth", "Sauer", "Schäfer", "Schmid", "Schmidt", "Schmitt", "Schmitz", "Schneider", "Scholz",
	"Schreiber", "Schröder", "Schubert", "Schulte", "Schulz", "Schulze", "Schumacher", "Schwarz", "Seidel", "Simon",
	"Sommer", "Stein", "Thomas", "Vogel", "Vogt", "Voigt", "Walter", "Weber", "Weiß", "Werner",
	"Winkler", "Winter", "Wolf", "Wolff", "Zimmermann", "Ziegler", "Brinkmann", "Janssen", "Hansen", "Ahrens",
}

// districts are the town's quarters, for places and local subjects.
var districts = []string{
	"Altstadt", "Nordstadt", "Südfeld", "Westerbach", "Oberau", "Unterau", "Bergheim", "Lindenau",
	"Neuhof", "Mühlental", "Kirchdorf", "Am Bahnhof",
}

// streetParts make street names: "Linden" + "straße".
var (
	streetFirsts = []string{
		"Linden", "Birken", "Eichen", "Ahorn", "Kastanien", "Schiller", "Goethe", "Bahnhof", "Kirch",
		"Schul", "Mühlen", "Garten", "Berg", "Wald", "Feld", "Rosen", "Wiesen", "Markt", "Post",
		"Friedhof", "Sport", "Park", "Brunnen", "Lessing", "Heine", "Uhland", "Buchen", "Tannen", "Hafen",
	}
	streetKinds = []string{"straße", "weg", "allee", "ring", "platz", "gasse"}
)

// locations are meeting rooms.
var locations = []string{
	"Rathaus, Ratssaal", "Rathaus, Sitzungssaal 1", "Rathaus, Sitzungssaal 2", "Rathaus, Raum 104",
	"Bürgerhaus, Großer Saal", "Stadthalle, Foyer", "Feuerwehrhaus, Schulungsraum",
}

// offices are the administration's departments that present papers.
var offices = []string{
	"Fachbereich Finanzen", "Fachbereich Jugend, Schule und Soziales", "Fachbereich Planen und Bauen",
	"Fachbereich Bürgerdienste", "Fachbereich Umwelt und Tiefbau", "Fachbereich Personal und Organisation",
	"Stabsstelle Klimaschutz", "Stadtwerke",
}

// adminRoles are the administration's people who speak in meetings.
var adminRoles = []string{
	"Bürgermeister", "Erster Beigeordneter", "Kämmerer", "Fachbereichsleiter", "Fachbereichsleiter",
	"Fachbereichsleiter", "Sachgebietsleiter", "Klimaschutzmanager", "Stadtbaurat",
}

// itemKind is what an agenda item is about; it decides names, results and
// texts.
type itemKind int

const (
	kindOpening      itemKind = iota // Eröffnung, Feststellung der Beschlussfähigkeit
	kindMinutes                      // Genehmigung der Niederschrift
	kindAnnouncement                 // Mitteilungen der Verwaltung
	kindQuestions                    // Anfragen und Anregungen, Einwohnerfragestunde
	kindPreConsult                   // a paper advised on (Vorberatung)
	kindDecision                     // a paper decided on (Entscheidung)
	kindMotion                       // a faction's motion (Antrag)
	kindReport                       // a report taken note of (Mitteilungsvorlage)
	kindInquiry                      // a faction's inquiry (Anfrage)
	kindElection                     // an election or appointment
	kindClosed                       // a non-public item (Grundstücks-, Personalangelegenheiten)
)

// outcome is a published result and how the generator fills in votes.
type outcome struct {
	result   string
	category record.ResultCategory
	votes    voteKind
}

type voteKind int

const (
	noVotes voteKind = iota
	unanimous
	majority
	minority
)

// outcomes are the published results per kind of item, with weights. A test
// checks that outcome.Classify gives each its category.
var outcomes = map[itemKind][]choice[outcome]{
	kindOpening: {{1, outcome{"", record.ResultNone, noVotes}}},
	kindMinutes: {
		{80, outcome{"einstimmig genehmigt", record.ResultApproved, unanimous}},
		{15, outcome{"genehmigt", record.ResultApproved, majority}},
		{5, outcome{"mit Änderungen genehmigt", record.ResultApprovedAmended, majority}},
	},
	kindAnnouncement: {
		{60, outcome{"zur Kenntnis genommen", record.ResultNoted, noVotes}},
		{20, outcome{"Kenntnis genommen", record.ResultNoted, noVotes}},
		{20, outcome{"", record.ResultNone, noVotes}},
	},
	kindQuestions: {
		{50, outcome{"", record.ResultNone, noVotes}},
		{30, outcome{"beantwortet", record.ResultOther, noVotes}},
		{20, outcome{"zur Kenntnis genommen", record.ResultNoted, noVotes}},
	},
	kindPreConsult: {
		{40, outcome{"einstimmig empfohlen", record.ResultApproved, unanimous}},
		{25, outcome{"mehrheitlich empfohlen", record.ResultApproved, majority}},
		{7, outcome{"geändert empfohlen", record.ResultApprovedAmended, majority}},
		{6, outcome{"nicht empfohlen", record.ResultRejected, minority}},
		{8, outcome{"vertagt", record.ResultPostponed, noVotes}},
		{5, outcome{"ohne Empfehlung weitergeleitet", record.ResultOther, noVotes}},
		{4, outcome{"zur Kenntnis genommen", record.ResultNoted, noVotes}},
	},
	kindDecision: {
		{32, outcome{"einstimmig beschlossen", record.ResultApproved, unanimous}},
		{20, outcome{"mehrheitlich beschlossen", record.ResultApproved, majority}},
		{6, outcome{"beschlossen", record.ResultApproved, majority}},
		{4, outcome{"ungeändert beschlossen", record.ResultApproved, majority}},
		{6, outcome{"geändert beschlossen", record.ResultApprovedAmended, majority}},
		{3, outcome{"mit Änderungen beschlossen", record.ResultApprovedAmended, majority}},
		{7, outcome{"abgelehnt", record.ResultRejected, minority}},
		{5, outcome{"vertagt", record.ResultPostponed, noVotes}},
		{2, outcome{"zurückgestellt", record.ResultPostponed, noVotes}},
		{2, outcome{"von der Tagesordnung abgesetzt", record.ResultPostponed, noVotes}},
		{2, outcome{"zurückgezogen", record.ResultWithdrawn, noVotes}},
	},
	kindMotion: {
		{28, outcome{"abgelehnt", record.ResultRejected, minority}},
		{6, outcome{"keine Mehrheit", record.ResultRejected, minority}},
		{18, outcome{"mehrheitlich beschlossen", record.ResultApproved, majority}},
		{10, outcome{"einstimmig beschlossen", record.ResultApproved, unanimous}},
		{8, outcome{"geändert beschlossen", record.ResultApprovedAmended, majority}},
		{14, outcome{"in den Fachausschuss verwiesen", record.ResultPostponed, noVotes}},
		{8, outcome{"zurückgezogen", record.ResultWithdrawn, noVotes}},
		{5, outcome{"für erledigt erklärt", record.ResultWithdrawn, noVotes}},
	},
	kindReport: {
		{60, outcome{"zur Kenntnis genommen", record.ResultNoted, noVotes}},
		{25, outcome{"Kenntnis genommen", record.ResultNoted, noVotes}},
		{5, outcome{"berichtet", record.ResultNoted, noVotes}},
		{10, outcome{"vorgestellt und erörtert", record.ResultNoted, noVotes}},
	},
	kindInquiry: {
		{55, outcome{"beantwortet", record.ResultOther, noVotes}},
		{25, outcome{"schriftlich beantwortet", record.ResultOther, noVotes}},
		{20, outcome{"zur Kenntnis genommen", record.ResultNoted, noVotes}},
	},
	kindElection: {
		{60, outcome{"einstimmig gewählt", record.ResultApproved, unanimous}},
		{40, outcome{"gewählt", record.ResultApproved, majority}},
	},
	kindClosed: {
		{50, outcome{"einstimmig beschlossen", record.ResultApproved, unanimous}},
		{25, outcome{"mehrheitlich beschlossen", record.ResultApproved, majority}},
		{15, outcome{"zur Kenntnis genommen", record.ResultNoted, noVotes}},
		{10, outcome{"vertagt", record.ResultPostponed, noVotes}},
	},
}

// closedSubjects name non-public items.
var closedSubjects = []string{
	"Grundstücksangelegenheiten", "Personalangelegenheiten", "Vertragsangelegenheiten",
	"Vergabe von Bauleistungen", "Stundung von Forderungen", "Rechtsangelegenheiten",
	"Erwerb einer Teilfläche", "Niederschlagung von Forderungen",
}
