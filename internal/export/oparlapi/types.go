package oparlapi

import "encoding/json"

// The OParl 1.1 objects as written. Field order is the order in the files;
// optional fields are left out when empty, as OParl asks ("Leere Felder
// sollen nicht ausgegeben werden"), except those the schema requires.

const typePrefix = "https://schema.oparl.org/1.1/"

type system struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	OparlVersion string `json:"oparlVersion"`
	Body         string `json:"body"`
	Name         string `json:"name,omitempty"`
	Website      string `json:"website,omitempty"`
	Product      string `json:"product,omitempty"`
	Web          string `json:"web,omitempty"`
}

type body struct {
	ID              string     `json:"id"`
	Type            string     `json:"type"`
	System          string     `json:"system"`
	Name            string     `json:"name"`
	ShortName       string     `json:"shortName,omitempty"`
	Website         string     `json:"website,omitempty"`
	Organization    string     `json:"organization"`
	Person          string     `json:"person"`
	Meeting         string     `json:"meeting"`
	Paper           string     `json:"paper"`
	LegislativeTerm []struct{} `json:"legislativeTerm"` // required; records have none
	AgendaItem      string     `json:"agendaItem"`
	Consultation    string     `json:"consultation"`
	File            string     `json:"file"`
	LocationList    string     `json:"locationList"`
	Membership      string     `json:"membership"`
	Web             string     `json:"web,omitempty"`
}

type organization struct {
	ID               string   `json:"id"`
	Type             string   `json:"type"`
	Body             string   `json:"body"`
	Name             string   `json:"name"`
	ShortName        string   `json:"shortName,omitempty"`
	Membership       []string `json:"membership,omitempty"`
	OrganizationType string   `json:"organizationType,omitempty"`
	Classification   string   `json:"classification,omitempty"`
	StartDate        string   `json:"startDate,omitempty"`
	EndDate          string   `json:"endDate,omitempty"`
	Website          string   `json:"website,omitempty"`
	Web              string   `json:"web,omitempty"`
}

type person struct {
	ID            string            `json:"id"`
	Type          string            `json:"type"`
	Body          string            `json:"body"`
	Name          string            `json:"name"`
	FamilyName    string            `json:"familyName,omitempty"`
	GivenName     string            `json:"givenName,omitempty"`
	FormOfAddress string            `json:"formOfAddress,omitempty"`
	Title         []string          `json:"title,omitempty"`
	Membership    []json.RawMessage `json:"membership,omitempty"`
	Web           string            `json:"web,omitempty"`
}

type membership struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Person       string `json:"person"`
	Organization string `json:"organization"`
	Role         string `json:"role,omitempty"`
	VotingRight  bool   `json:"votingRight"`
	StartDate    string `json:"startDate,omitempty"`
	EndDate      string `json:"endDate,omitempty"`
}

type meeting struct {
	ID            string            `json:"id"`
	Type          string            `json:"type"`
	Name          string            `json:"name"`
	MeetingState  string            `json:"meetingState,omitempty"`
	Cancelled     bool              `json:"cancelled,omitempty"`
	Start         string            `json:"start"`
	End           string            `json:"end,omitempty"`
	Location      json.RawMessage   `json:"location,omitempty"`
	Organization  []string          `json:"organization"`
	AuxiliaryFile []json.RawMessage `json:"auxiliaryFile,omitempty"`
	AgendaItem    []json.RawMessage `json:"agendaItem,omitempty"`
	Web           string            `json:"web,omitempty"`
}

type agendaItem struct {
	ID             string            `json:"id"`
	Type           string            `json:"type"`
	Meeting        string            `json:"meeting"`
	Number         string            `json:"number,omitempty"`
	Order          int               `json:"order"`
	Name           string            `json:"name"`
	Public         bool              `json:"public"`
	Consultation   string            `json:"consultation,omitempty"`
	Result         string            `json:"result,omitempty"`
	ResolutionText string            `json:"resolutionText,omitempty"`
	AuxiliaryFile  []json.RawMessage `json:"auxiliaryFile,omitempty"`
	Web            string            `json:"web,omitempty"`
}

type paper struct {
	ID                     string            `json:"id"`
	Type                   string            `json:"type"`
	Body                   string            `json:"body"`
	Name                   string            `json:"name"`
	Reference              string            `json:"reference,omitempty"`
	Date                   string            `json:"date,omitempty"`
	PaperType              string            `json:"paperType,omitempty"`
	MainFile               json.RawMessage   `json:"mainFile,omitempty"`
	AuxiliaryFile          []json.RawMessage `json:"auxiliaryFile,omitempty"`
	OriginatorPerson       []string          `json:"originatorPerson,omitempty"`
	OriginatorOrganization []string          `json:"originatorOrganization,omitempty"`
	Consultation           []json.RawMessage `json:"consultation,omitempty"`
	Web                    string            `json:"web,omitempty"`
}

type consultation struct {
	ID            string   `json:"id"`
	Type          string   `json:"type"`
	Paper         string   `json:"paper"`
	AgendaItem    string   `json:"agendaItem,omitempty"`
	Meeting       string   `json:"meeting,omitempty"`
	Organization  []string `json:"organization,omitempty"`
	Authoritative bool     `json:"authoritative"`
	Role          string   `json:"role,omitempty"`
}

type file struct {
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Name       string   `json:"name,omitempty"`
	FileName   string   `json:"fileName,omitempty"`
	MimeType   string   `json:"mimeType,omitempty"`
	Date       string   `json:"date,omitempty"`
	Text       string   `json:"text,omitempty"`
	AccessURL  string   `json:"accessUrl"`
	Meeting    []string `json:"meeting,omitempty"`
	AgendaItem []string `json:"agendaItem,omitempty"`
	Paper      []string `json:"paper,omitempty"`
}

type location struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Description string `json:"description"`
}

// listPage is one page of an external list ("Objektliste").
type listPage struct {
	Data       []json.RawMessage `json:"data"`
	Pagination pagination        `json:"pagination"`
	Links      links             `json:"links"`
}

type pagination struct {
	TotalElements   int `json:"totalElements"`
	ElementsPerPage int `json:"elementsPerPage"`
	CurrentPage     int `json:"currentPage"`
	TotalPages      int `json:"totalPages"`
}

type links struct {
	First string `json:"first"`
	Prev  string `json:"prev,omitempty"`
	Self  string `json:"self"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last"`
}
