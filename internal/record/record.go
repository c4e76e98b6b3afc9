// Package record is the domain model of ratsarchiv: the published records of
// a council and its committees. Every source (TOML records, OParl, minute
// texts) produces an Archive; every output (pages, search index) reads one.
//
// Field names follow OParl 1.1 where OParl has a name for the thing. The
// package imports nothing from the rest of the module.
package record

import (
	"cmp"
	"strings"
	"time"
)

// Archive is the complete set of records of one body (a city or district
// council). Slices are kept in a stable order (see Sort) so that every output
// derived from an Archive is deterministic.
type Archive struct {
	Body          Body
	Organizations []*Organization // by name
	Persons       []*Person       // by family name
	Meetings      []*Meeting      // by start; each holds its agenda items
	Papers        []*Paper        // by date and reference
}

// Body is the corporate body that publishes the records (Körperschaft).
type Body struct {
	ID        string // the source's ID (an OParl URL) or one made of the name
	Name      string // "Stadt Beispielstadt"
	ShortName string
	Website   string // the council's own site, linked from the home page
	Web       string // the body's page in the source's council information system (OParl web)
	Language  string // BCP 47 tag of the records' language; "de" when empty
	Origin    Origin // where the record was read; zero for records made in code
}

// Organization is a council, committee, faction or other group that meets
// (Gremium).
type Organization struct {
	ID               string    // stable: permalinks derive from it, never from the name
	Name             string    // "Ausschuss für Soziales und Integration"
	ShortName        string    // "Sozialausschuss"
	OrganizationType string    // OParl organizationType, e.g. "Gremium", "Fraktion"
	Classification   string    // OParl classification, e.g. "Ausschuss", "Rat"
	Start, End       time.Time // when it was set up and dissolved; zero when unknown
	Website          string
	Web              string // its page in the source's council information system (OParl web)
	Origin           Origin
}

// DisplayName is the name the archive shows for the organization: its full
// name ("Schulausschuss", not "SchA"; "Gemeinderat", not "GR"), the short
// name only when the source gives no other.
func (o *Organization) DisplayName() string {
	return cmp.Or(o.Name, o.ShortName)
}

// Person is a council member, an officer or a guest named in the records.
type Person struct {
	ID            string // stable: permalinks derive from it
	Name          string // full name as displayed: "Dr. Anna Gehrke"
	FormOfAddress string // "Frau", "Herr"
	Title         string // academic title, "Dr."
	GivenName     string
	FamilyName    string // sorts the persons; may be empty when only Name is known
	Memberships   []Membership
	Web           string // the person's page in the source's council information system (OParl web)
	Origin        Origin
}

// DisplayName is the person's name as lists and pages show it: title,
// given and family name ("Dr. Anna Gehrke"), without the form of address
// that some sources put into the name ("Herr Volker R. Beißel"). Falls back
// to Name as published when it has nothing else.
func (p *Person) DisplayName() string {
	name := strings.Join(strings.Fields(p.GivenName+" "+p.FamilyName), " ")
	if p.GivenName == "" || p.FamilyName == "" {
		name = withoutAddress(p.Name, p.FormOfAddress)
	}
	if p.Title != "" && !strings.Contains(name, p.Title) {
		name = p.Title + " " + name
	}
	return cmp.Or(strings.TrimSpace(name), p.Name)
}

// withoutAddress cuts a leading form of address from a name: "Herr
// Niemann" is "Niemann".
func withoutAddress(name, address string) string {
	name = strings.TrimSpace(name)
	for _, a := range []string{address, "Herr", "Herrn", "Frau"} {
		if rest, ok := strings.CutPrefix(name, a+" "); ok && a != "" && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return name
}

// Membership is a person's seat in an organization.
type Membership struct {
	Organization string    // Organization.ID
	Role         string    // "Vorsitzende", "Mitglied", "sachkundige Bürgerin"
	VotingRight  bool      // false for advisory members; records default to true
	Start, End   time.Time // zero when open or unknown
}

// Meeting is a session of one or more organizations (Sitzung).
type Meeting struct {
	ID            string    // stable: permalinks derive from it
	Name          string    // "12. Sitzung des Sozialausschusses"
	Organizations []string  // Organization.IDs; the first is the host
	Start, End    time.Time // Start is required; End is zero when not published
	Location      string    // as people read it: "Rathaus, Sitzungssaal"
	MeetingState  string    // OParl meetingState as published: "terminiert", "eingeladen", "durchgeführt"
	Cancelled     bool      // the meeting keeps its page, marked as cancelled
	Public        bool      // false keeps the meeting and all its agenda items out of every output
	// ClosedSession is true for a meeting held in closed session
	// (nichtöffentlich) as a whole: every agenda item of it is treated as
	// closed-session (see AgendaItem.ClosedSession), and its files are not
	// published.
	ClosedSession bool
	AgendaItems   []*AgendaItem // by Order
	// Headings divide the agenda into its parts ("A Öffentliche Sitzung",
	// "B Nichtöffentliche Sitzung"): entries of the published agenda that
	// are not items. By Order, among the items' orders.
	Headings []*Heading
	Files    []File // invitation, results protocol, verbatim protocol, auxiliary files
	Web      string // the meeting's page in the source's council information system (OParl web)
	Origin   Origin
}

// AgendaItem is one point of a meeting's agenda (Tagesordnungspunkt, TOP).
type AgendaItem struct {
	ID     string // stable: permalinks derive from it
	Number string // as published: "6.1", "Ö 3", "N 2"
	Order  int    // position in the agenda, from 1
	Name   string // the item's title on the agenda
	Public bool   // false keeps the item out of every output (withheld)
	// ClosedSession is true for an item treated in closed session
	// (nichtöffentlich, OParl's `public: false`): the source published
	// that it exists, so its number and title are shown, with a marker;
	// what was said and decided (result, votes, resolution, minutes,
	// speakers, persons, files) is not published, even when the record
	// has it.
	ClosedSession bool

	// Result is the deliberation result as published ("einstimmig
	// beschlossen"); ResultCategory is its normalized meaning.
	Result         string
	ResultCategory ResultCategory
	Votes          *Votes // nil when the record does not say, or the result decides several motions differently
	// Motions are the lines of a result that decides several motions
	// ("1. Antrag der FDP-Fraktion", "a) einstimmig, 0 Enthaltungen", "b) 1
	// Ja-Stimme, 13 Nein-Stimmen"), each with what it says; nil for a result
	// of one line. Loaders derive them from Result; records do not store
	// them.
	Motions []Motion

	ResolutionText string   // the decision as adopted (Beschluss)
	Minutes        string   // the discussion as minuted
	Speakers       []string // names as written in the minutes: "Frau Gehrke"
	Persons        []string // Person.IDs of people named in the item
	Paper          string   // Paper.ID the item deliberates, if any
	Files          []File
	Web            string // the item's page in the source's council information system (OParl web)
	Origin         Origin
}

// Heading is an entry of a meeting's agenda that heads a part of it instead
// of being an item of its own: "A Öffentliche Sitzung", "< Sitzungsteil
// nichtöffentlich >". Sources list such entries among the agenda items;
// the archive shows them as the headings of the agenda's parts, not as
// items (no page, no search document).
type Heading struct {
	ID     string // the source's ID; may be empty
	Number string // as published: "A", "B"
	// Order is the heading's position in the agenda, counted with the
	// items: it heads the items of greater Order up to the next heading.
	Order int
	Name  string // "Öffentliche Sitzung"
	// ClosedSession is true for the heading of the closed part: its files
	// are not published.
	ClosedSession bool
	Files         []File // what the source attached to the entry (an attendance list)
	Origin        Origin
}

// Motion is one line of a result that decides several motions.
type Motion struct {
	Text     string         // the line as published: "b) 1 Ja-Stimme, 13 Nein-Stimmen"
	Level    int            // 1 for a lettered motion below a numbered one
	Category ResultCategory // none for a line that decides nothing ("1. Antrag der FDP-Fraktion")
	Votes    *Votes
}

// Votes is the count of a vote. Unanimous decisions without counts have
// Unanimous set and zero counts.
type Votes struct {
	Yes, No, Abstain int
	Unanimous        bool
}

// Paper is a document put before the council (Vorlage, Drucksache, Antrag).
type Paper struct {
	ID            string         // stable: permalinks derive from it
	Reference     string         // "V 235/22"
	Name          string         // the paper's title
	PaperType     string         // "Beschlussvorlage", "Antrag", "Mitteilungsvorlage"
	Date          time.Time      // the date the paper bears; zero when unknown
	Public        bool           // false keeps the paper out of every output
	Originators   []string       // Organization or Person IDs, or free text names
	Text          string         // main text when the source has it
	Files         []File         // attachments
	Consultations []Consultation // its path through the committees
	Web           string         // the paper's page in the source's council information system (OParl web)
	Origin        Origin
}

// Consultation is one step of a paper's path through the committees
// (Beratungsfolge).
type Consultation struct {
	Organization  string // Organization.ID
	Meeting       string // Meeting.ID, empty while not yet scheduled
	AgendaItem    string // AgendaItem.ID, empty while not yet scheduled
	Role          string // "Vorberatung", "Entscheidung", "Kenntnisnahme"
	Authoritative bool   // the consultation that decides
}

// File is a document attached to a meeting, agenda item or paper.
type File struct {
	ID        string // the source's ID; may be empty
	Name      string // shown as the link text; the ID when empty
	MimeType  string
	AccessURL string // where the original can be downloaded
	// Text is the file's text, searchable. The pages of a paged document
	// (PDF) are separated by PageBreak, so that a hit can name its page;
	// see Pages.
	Text string
	Date time.Time // the file's own date, when the source gives one
	// Copy is the path of a copy of the original that the records keep
	// (an import's --mirror-files), published with the site so that links
	// outlive the council's; "" when there is none.
	Copy string
}
