package pages

// The front matter of the generated pages. Field names are what templates
// read as .Params.<name>; keep layouts/ in step when changing them.

type frontMatter struct {
	Title       string   `json:"title"`
	Date        string   `json:"date,omitempty"`
	Description string   `json:"description,omitempty"` // plain text for <meta name=description>
	Outputs     []string `json:"outputs,omitempty"`     // Hugo's output formats, when not the config's
	Params      any      `json:"params"`
}

type link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type votes struct {
	Yes       int  `json:"yes"`
	No        int  `json:"no"`
	Abstain   int  `json:"abstain"`
	Unanimous bool `json:"unanimous,omitempty"`
}

// motionRow is one line of a result that decides several motions.
type motionRow struct {
	Text     string `json:"text"`
	Level    int    `json:"level,omitempty"`
	Category string `json:"category,omitempty"`
	Votes    *votes `json:"votes,omitempty"`
}

type paperRef struct {
	Reference string `json:"reference,omitempty"`
	Title     string `json:"title"`
	URL       string `json:"url"`
}

type fileRow struct {
	Name     string `json:"name"`
	URL      string `json:"url,omitempty"` // the site's copy, else the source's web link; empty when it has none
	MimeType string `json:"mimeType,omitempty"`
	Source   string `json:"source,omitempty"` // the source's web link, when URL is the site's copy
}

type itemRow struct {
	Number   string    `json:"number,omitempty"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	Result   string    `json:"result,omitempty"`
	Category string    `json:"category,omitempty"`
	Paper    *paperRef `json:"paper,omitempty"`
	// Closed marks an item treated in closed session: templates show a
	// "nicht öffentlich" badge instead of a result.
	Closed bool `json:"closedSession,omitempty"`
}

// agendaPart is a part of a meeting's agenda: the items under one heading,
// or before the first.
type agendaPart struct {
	Heading *headingRow `json:"heading,omitempty"`
	Items   []itemRow   `json:"items,omitempty"`
}

type headingRow struct {
	Number string `json:"number,omitempty"`
	Title  string `json:"title"`
	Closed bool   `json:"closedSession,omitempty"`
}

type meetingRow struct {
	Title      string `json:"title"`
	URL        string `json:"url"`
	Start      string `json:"start"`
	Committees []link `json:"committees,omitempty"`
	Cancelled  bool   `json:"cancelled,omitempty"`
	Items      int    `json:"items"`
}

type decisionRow struct {
	itemRow
	Date    string `json:"date"`
	Meeting link   `json:"meeting"`
}

type memberRow struct {
	Person link   `json:"person"`
	Role   string `json:"role,omitempty"`
	Start  string `json:"start,omitempty"`
	End    string `json:"end,omitempty"`
}

type membershipRow struct {
	Committee link   `json:"committee"`
	Role      string `json:"role,omitempty"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
}

type consultationRow struct {
	Date          string   `json:"date,omitempty"`
	Committees    []link   `json:"committees,omitempty"`
	Meeting       *link    `json:"meeting,omitempty"`
	Item          *itemRow `json:"item,omitempty"`
	Role          string   `json:"role,omitempty"`
	Authoritative bool     `json:"authoritative,omitempty"`
}

type paperRow struct {
	Reference string `json:"reference,omitempty"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	PaperType string `json:"paperType,omitempty"`
	Date      string `json:"date,omitempty"`
	// Result and Category are the paper's outcome (record.Index.Outcome).
	Result   string `json:"result,omitempty"`
	Category string `json:"category,omitempty"`
}

// outcome is a paper's overall result: the result of the agenda item
// record.Index.Outcome chooses, with where it was reached.
type outcome struct {
	Result     string `json:"result,omitempty"`
	Category   string `json:"category,omitempty"`
	Decided    bool   `json:"decided,omitempty"` // by the deciding consultation, not only the latest deliberation
	Item       link   `json:"item"`
	Number     string `json:"number,omitempty"`
	Meeting    link   `json:"meeting"`
	Date       string `json:"date"`
	Committees []link `json:"committees"`
}

type personRow struct {
	link
	Faction *link `json:"faction,omitempty"`
}

type yearRow struct {
	Year     int    `json:"year"`
	URL      string `json:"url"`
	Meetings int    `json:"meetings"`
	Papers   int    `json:"papers"`
}

type meetingYear struct {
	Year     int          `json:"year"`
	Meetings []meetingRow `json:"meetings"`
}

type committeeRow struct {
	link
	Classification string `json:"classification,omitempty"`
	Meetings       int    `json:"meetings"`
	Last           string `json:"last,omitempty"`
}

// text is record text split for display: paragraphs of lines. Templates
// join lines with <br> and wrap paragraphs in <p>; the strings themselves
// are escaped like any other data.
type text [][]string

// Page params, one type per kind of page.

type homeParams struct {
	Kind string `json:"kind"`
	// Web is the record's page in the source's council information system.
	Web        string         `json:"web,omitempty"`
	Body       string         `json:"body"`
	Website    string         `json:"website,omitempty"`
	Upcoming   []meetingRow   `json:"upcoming"`
	Recent     []meetingRow   `json:"recent"`
	Decisions  []decisionRow  `json:"decisions"`
	Committees []committeeRow `json:"committees"`
	Years      []yearRow      `json:"years"`
	Stats      stats          `json:"stats"`
	Feed       *feed          `json:"feed"`
}

type stats struct {
	Meetings    int `json:"meetings"`
	AgendaItems int `json:"agendaItems"`
	Decisions   int `json:"decisions"`
	Papers      int `json:"papers"`
	Committees  int `json:"committees"`
}

type sectionParams struct {
	Kind       string         `json:"kind"`
	Section    string         `json:"section"`
	Years      []yearRow      `json:"years,omitempty"`
	Committees []committeeRow `json:"committees,omitempty"`
	Persons    []personRow    `json:"persons,omitempty"`
	// The meetings section: meetings to come (soonest first) and held
	// (newest first), at most listLatest each, and the committees that
	// host them, for the filter.
	Upcoming []meetingRow `json:"upcoming,omitempty"`
	Recent   []meetingRow `json:"recent,omitempty"`
	Hosts    []link       `json:"hosts,omitempty"`
	// The papers section: the newest papers, at most listLatest.
	Papers []paperRow `json:"papers,omitempty"`
	// Total is the number of meetings or papers in the archive.
	Total int `json:"total,omitempty"`
}

type meetingParams struct {
	Kind string `json:"kind"`
	// Web is the record's page in the source's council information system.
	Web        string `json:"web,omitempty"`
	ID         string `json:"id"`
	Start      string `json:"start"`
	End        string `json:"end,omitempty"`
	Location   string `json:"location,omitempty"`
	State      string `json:"state,omitempty"`
	Cancelled  bool   `json:"cancelled,omitempty"`
	Closed     bool   `json:"closedSession,omitempty"`
	Committees []link `json:"committees"`
	// Agenda is the items in parts, by the agenda's headings.
	Agenda []agendaPart `json:"agenda"`
	Files  []fileRow    `json:"files,omitempty"`
	Year   link         `json:"year"`
	Prev   *link        `json:"prev,omitempty"`
	Next   *link        `json:"next,omitempty"`
}

type itemParams struct {
	Kind string `json:"kind"`
	// Web is the record's page in the source's council information system.
	Web      string `json:"web,omitempty"`
	ID       string `json:"id"`
	Number   string `json:"number,omitempty"`
	Closed   bool   `json:"closedSession,omitempty"`
	Result   string `json:"result,omitempty"`
	Category string `json:"category,omitempty"`
	Votes    *votes `json:"votes,omitempty"`
	// Motions are the result's lines when it decides several motions;
	// templates show them instead of the one-line result.
	Motions    []motionRow `json:"motions,omitempty"`
	Resolution text        `json:"resolution,omitempty"`
	Minutes    text        `json:"minutes,omitempty"`
	Speakers   []string    `json:"speakers,omitempty"`
	Persons    []link      `json:"persons,omitempty"`
	Paper      *paperRef   `json:"paper,omitempty"`
	Files      []fileRow   `json:"files,omitempty"`
	Meeting    link        `json:"meeting"`
	Start      string      `json:"start"`
	Committees []link      `json:"committees"`
	Prev       *itemRow    `json:"prev,omitempty"`
	Next       *itemRow    `json:"next,omitempty"`
}

type paperParams struct {
	Kind string `json:"kind"`
	// Web is the record's page in the source's council information system.
	Web           string            `json:"web,omitempty"`
	ID            string            `json:"id"`
	Reference     string            `json:"reference,omitempty"`
	PaperType     string            `json:"paperType,omitempty"`
	Date          string            `json:"date,omitempty"`
	Originators   []string          `json:"originators,omitempty"`
	Text          text              `json:"text,omitempty"`
	Files         []paperFile       `json:"files,omitempty"`
	Consultations []consultationRow `json:"consultations,omitempty"`
	Outcome       *outcome          `json:"outcome,omitempty"`
}

type paperFile struct {
	fileRow
	Text text `json:"text,omitempty"`
}

type committeeParams struct {
	Kind string `json:"kind"`
	// Web is the record's page in the source's council information system.
	Web              string        `json:"web,omitempty"`
	ID               string        `json:"id"`
	ShortName        string        `json:"shortName,omitempty"`
	Classification   string        `json:"classification,omitempty"`
	OrganizationType string        `json:"organizationType,omitempty"`
	Start            string        `json:"start,omitempty"`
	End              string        `json:"end,omitempty"`
	Website          string        `json:"website,omitempty"`
	Members          []memberRow   `json:"members,omitempty"`
	Years            []meetingYear `json:"years"`
	Meetings         int           `json:"meetings"`
	Feed             *feed         `json:"feed,omitempty"`
}

type personParams struct {
	Kind string `json:"kind"`
	// Web is the record's page in the source's council information system.
	Web           string          `json:"web,omitempty"`
	ID            string          `json:"id"`
	FormOfAddress string          `json:"formOfAddress,omitempty"`
	Faction       *link           `json:"faction,omitempty"`
	Memberships   []membershipRow `json:"memberships,omitempty"`
	Items         []decisionRow   `json:"items,omitempty"`
}

type yearParams struct {
	Kind     string       `json:"kind"`
	Year     int          `json:"year"`
	Meetings []meetingRow `json:"meetings"`
	Papers   []paperRow   `json:"papers"`
	Prev     *link        `json:"prev,omitempty"`
	Next     *link        `json:"next,omitempty"`
}
