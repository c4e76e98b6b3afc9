package oparl

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Kind is the type of an OParl object: the last segment of its `type` URL,
// e.g. "Meeting" for https://schema.oparl.org/1.1/Meeting.
type Kind string

// The OParl 1.0/1.1 object types.
const (
	KindSystem          Kind = "System"
	KindBody            Kind = "Body"
	KindLegislativeTerm Kind = "LegislativeTerm"
	KindOrganization    Kind = "Organization"
	KindPerson          Kind = "Person"
	KindMembership      Kind = "Membership"
	KindMeeting         Kind = "Meeting"
	KindAgendaItem      Kind = "AgendaItem"
	KindPaper           Kind = "Paper"
	KindConsultation    Kind = "Consultation"
	KindFile            Kind = "File"
	KindLocation        Kind = "Location"
)

// Kinds lists the object types in the order summaries show them.
var Kinds = []Kind{
	KindSystem, KindBody, KindLegislativeTerm, KindOrganization, KindPerson, KindMembership,
	KindMeeting, KindAgendaItem, KindPaper, KindConsultation, KindFile, KindLocation,
}

// Object is one decoded OParl object.
type Object interface {
	// Kind is the object's type.
	Kind() Kind
	// Base gives the attributes every object has.
	Base() *Common
}

// Common holds the attributes every OParl object has. Dates stay strings as
// published; they are parsed when objects are mapped to records, where a bad
// value can be reported with the object's ID.
type Common struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Created  string `json:"created"`
	Modified string `json:"modified"`
	Deleted  bool   `json:"deleted"`
	Web      string `json:"web"`

	// src is where the object was read (URL or path); problems name it, and
	// it breaks ties between copies of one object deterministically.
	src string
	// problems are values that did not have the type OParl prescribes.
	problems []string
	// sent names the attributes the source gave a value, so that the
	// mapping can count those it does not keep.
	sent []string
}

// Base returns c itself; it makes every object type an Object.
func (c *Common) Base() *Common { return c }

// Source is the URL or file the object was read from.
func (c *Common) Source() string { return c.src }

// System is the OParl endpoint (oparl:System).
type System struct {
	Common
	OparlVersion       string  `json:"oparlVersion"`
	OtherOparlVersions Strings `json:"otherOparlVersions"`
	Body               string  `json:"body"` // URL of the body list
	Name               string  `json:"name"`
	Website            string  `json:"website"`
}

// Body is a corporate body, e.g. a municipality (oparl:Body).
type Body struct {
	Common
	System          string                `json:"system"`
	Name            string                `json:"name"`
	ShortName       string                `json:"shortName"`
	Website         string                `json:"website"`
	Classification  string                `json:"classification"`
	Organization    string                `json:"organization"` // list URLs …
	Person          string                `json:"person"`
	Meeting         string                `json:"meeting"`
	Paper           string                `json:"paper"`
	AgendaItem      string                `json:"agendaItem"` // … and the lists OParl 1.1 added
	Consultation    string                `json:"consultation"`
	Membership      string                `json:"membership"`
	LegislativeTerm List[LegislativeTerm] `json:"legislativeTerm"`
	Location        Ref[Location]         `json:"location"`
}

// LegislativeTerm is an electoral period (oparl:LegislativeTerm).
type LegislativeTerm struct {
	Common
	Body      string `json:"body"`
	Name      string `json:"name"`
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate"`
}

// Organization is a committee, faction or other group (oparl:Organization).
type Organization struct {
	Common
	Body              string           `json:"body"`
	Name              string           `json:"name"`
	ShortName         string           `json:"shortName"`
	Membership        List[Membership] `json:"membership"`
	Post              Strings          `json:"post"`
	SubOrganizationOf string           `json:"subOrganizationOf"`
	OrganizationType  string           `json:"organizationType"`
	Classification    string           `json:"classification"`
	StartDate         string           `json:"startDate"`
	EndDate           string           `json:"endDate"`
	Website           string           `json:"website"`
	Location          Ref[Location]    `json:"location"`
}

// Person is a council member or other person (oparl:Person).
type Person struct {
	Common
	Body          string           `json:"body"`
	Name          string           `json:"name"`
	FamilyName    string           `json:"familyName"`
	GivenName     string           `json:"givenName"`
	FormOfAddress string           `json:"formOfAddress"`
	Affix         string           `json:"affix"`
	Title         Strings          `json:"title"` // an array in OParl; some servers send a string
	Membership    List[Membership] `json:"membership"`
}

// Membership is a person's seat in an organization (oparl:Membership).
type Membership struct {
	Common
	Person       string `json:"person"`
	Organization string `json:"organization"`
	Role         string `json:"role"`
	VotingRight  *bool  `json:"votingRight"`
	StartDate    string `json:"startDate"`
	EndDate      string `json:"endDate"`
	OnBehalfOf   string `json:"onBehalfOf"`
}

// Meeting is a session of one or more organizations (oparl:Meeting).
type Meeting struct {
	Common
	Name             string             `json:"name"`
	MeetingState     string             `json:"meetingState"`
	Cancelled        bool               `json:"cancelled"`
	Start            string             `json:"start"`
	End              string             `json:"end"`
	Location         Ref[Location]      `json:"location"`
	Organization     List[Organization] `json:"organization"`
	Participant      Strings            `json:"participant"`
	Invitation       Ref[File]          `json:"invitation"`
	ResultsProtocol  Ref[File]          `json:"resultsProtocol"`
	VerbatimProtocol Ref[File]          `json:"verbatimProtocol"`
	AuxiliaryFile    List[File]         `json:"auxiliaryFile"`
	AgendaItem       List[AgendaItem]   `json:"agendaItem"`
}

// AgendaItem is one point of a meeting's agenda (oparl:AgendaItem).
type AgendaItem struct {
	Common
	Meeting        string            `json:"meeting"`
	Number         string            `json:"number"`
	Order          int               `json:"order"`
	Name           string            `json:"name"`
	Public         *bool             `json:"public"`
	Consultation   Ref[Consultation] `json:"consultation"`
	Result         string            `json:"result"`
	ResolutionText string            `json:"resolutionText"`
	ResolutionFile Ref[File]         `json:"resolutionFile"`
	AuxiliaryFile  List[File]        `json:"auxiliaryFile"`
	Start          string            `json:"start"`
	End            string            `json:"end"`
}

// Paper is a Vorlage, Drucksache or Antrag (oparl:Paper).
type Paper struct {
	Common
	Body                   string             `json:"body"`
	Name                   string             `json:"name"`
	Reference              string             `json:"reference"`
	Date                   string             `json:"date"`
	PaperType              string             `json:"paperType"`
	RelatedPaper           Strings            `json:"relatedPaper"`
	SuperordinatedPaper    Strings            `json:"superordinatedPaper"`
	SubordinatedPaper      Strings            `json:"subordinatedPaper"`
	MainFile               Ref[File]          `json:"mainFile"`
	AuxiliaryFile          List[File]         `json:"auxiliaryFile"`
	Location               List[Location]     `json:"location"`
	OriginatorPerson       Strings            `json:"originatorPerson"`
	UnderDirectionOf       Strings            `json:"underDirectionOf"`
	OriginatorOrganization Strings            `json:"originatorOrganization"`
	Consultation           List[Consultation] `json:"consultation"`
}

// Consultation is one step of a paper through the committees
// (oparl:Consultation).
type Consultation struct {
	Common
	Paper         string  `json:"paper"`
	AgendaItem    string  `json:"agendaItem"`
	Meeting       string  `json:"meeting"`
	Organization  Strings `json:"organization"`
	Authoritative *bool   `json:"authoritative"`
	Role          string  `json:"role"`
}

// File is a document (oparl:File). Text is its extracted text when the
// server offers it (or a text file beside a dump supplies it).
type File struct {
	Common
	Name        string  `json:"name"`
	FileName    string  `json:"fileName"`
	MimeType    string  `json:"mimeType"`
	Date        string  `json:"date"`
	Text        string  `json:"text"`
	AccessURL   string  `json:"accessUrl"`
	DownloadURL string  `json:"downloadUrl"`
	Meeting     Strings `json:"meeting"`
	AgendaItem  Strings `json:"agendaItem"`
	Paper       Strings `json:"paper"`
}

// Location is a place (oparl:Location); meetings keep it as text.
type Location struct {
	Common
	Description   string `json:"description"`
	StreetAddress string `json:"streetAddress"`
	Room          string `json:"room"`
	PostalCode    string `json:"postalCode"`
	SubLocality   string `json:"subLocality"`
	Locality      string `json:"locality"`
}

// Kind implementations.
func (*System) Kind() Kind          { return KindSystem }
func (*Body) Kind() Kind            { return KindBody }
func (*LegislativeTerm) Kind() Kind { return KindLegislativeTerm }
func (*Organization) Kind() Kind    { return KindOrganization }
func (*Person) Kind() Kind          { return KindPerson }
func (*Membership) Kind() Kind      { return KindMembership }
func (*Meeting) Kind() Kind         { return KindMeeting }
func (*AgendaItem) Kind() Kind      { return KindAgendaItem }
func (*Paper) Kind() Kind           { return KindPaper }
func (*Consultation) Kind() Kind    { return KindConsultation }
func (*File) Kind() Kind            { return KindFile }
func (*Location) Kind() Kind        { return KindLocation }

// newObject returns an empty object of kind k, or nil for an unknown kind.
func newObject(k Kind) Object {
	switch k {
	case KindSystem:
		return &System{}
	case KindBody:
		return &Body{}
	case KindLegislativeTerm:
		return &LegislativeTerm{}
	case KindOrganization:
		return &Organization{}
	case KindPerson:
		return &Person{}
	case KindMembership:
		return &Membership{}
	case KindMeeting:
		return &Meeting{}
	case KindAgendaItem:
		return &AgendaItem{}
	case KindPaper:
		return &Paper{}
	case KindConsultation:
		return &Consultation{}
	case KindFile:
		return &File{}
	case KindLocation:
		return &Location{}
	}
	return nil
}

// Ref is an attribute that holds either the URL of another object or the
// object itself, embedded ("intern ausgegeben"). OParl lets servers choose.
type Ref[T any] struct {
	ID  string
	Obj *T // nil when only the URL was given
}

// UnmarshalJSON accepts a string (the object's URL) or an object. Values of
// any other type are ignored and noted; they never fail the whole document.
func (r *Ref[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		return json.Unmarshal(b, &r.ID)
	case '{':
		v := new(T)
		err := json.Unmarshal(b, v)
		obj, ok := any(v).(Object)
		if !ok {
			return nil
		}
		if err != nil {
			obj.Base().noteTypeError(err)
		}
		var fields map[string]json.RawMessage
		if json.Unmarshal(b, &fields) == nil {
			obj.Base().noteSent(fields)
		}
		r.Obj, r.ID = v, obj.Base().ID
	}
	return nil
}

// List is an attribute holding a list of Refs. A single value where a list
// belongs is accepted as a list of one.
type List[T any] []Ref[T]

// UnmarshalJSON accepts an array of strings and objects, or one of either.
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '[':
		var raws []json.RawMessage
		if err := json.Unmarshal(b, &raws); err != nil {
			return nil
		}
		out := make(List[T], 0, len(raws))
		for _, raw := range raws {
			var r Ref[T]
			_ = r.UnmarshalJSON(raw)
			if r.ID != "" || r.Obj != nil {
				out = append(out, r)
			}
		}
		*l = out
	case '"', '{':
		var r Ref[T]
		_ = r.UnmarshalJSON(b)
		if r.ID != "" || r.Obj != nil {
			*l = List[T]{r}
		}
	}
	return nil
}

// IDs returns the IDs of the list's entries.
func (l List[T]) IDs() []string {
	ids := make([]string, 0, len(l))
	for _, r := range l {
		if r.ID != "" {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// Strings is a list of strings that also accepts a single string, as some
// servers send `"title": "Dr."` where OParl has an array.
type Strings []string

// UnmarshalJSON accepts a string or an array; non-string entries are skipped.
func (s *Strings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		var v string
		if err := json.Unmarshal(b, &v); err == nil && v != "" {
			*s = Strings{v}
		}
	case '[':
		var raws []json.RawMessage
		if err := json.Unmarshal(b, &raws); err != nil {
			return nil
		}
		out := make(Strings, 0, len(raws))
		for _, raw := range raws {
			var v string
			if json.Unmarshal(raw, &v) == nil && v != "" {
				out = append(out, v)
			}
		}
		*s = out
	}
	return nil
}

// noteTypeError records a value of the wrong type that decoding skipped.
func (c *Common) noteTypeError(err error) {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		c.problems = append(c.problems, "field "+fieldName(te)+": got JSON "+te.Value+", want "+te.Type.String())
		return
	}
	c.problems = append(c.problems, err.Error())
}

func fieldName(te *json.UnmarshalTypeError) string {
	if te.Field != "" {
		return te.Field
	}
	return "?"
}
