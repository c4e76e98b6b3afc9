// Package archivejson writes every public record as one JSON document,
// data/archive.json: the body, organizations, persons, meetings with their
// agenda items, and papers, in the archive's order, one record per line.
// docs/exports.md documents the schema; Version changes when a field
// changes its meaning or goes away.
package archivejson

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/ratsarchiv/ratsarchiv/internal/export"
	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Path is the site path of the document.
const Path = "/data/archive.json"

// Format names the document's format in its "format" field.
const Format = "ratsarchiv-archive"

// Version is the version of the format.
const Version = 1

// Options configure the document.
type Options struct {
	// BaseURL is the site's public URL; each record's url is its page below it.
	BaseURL string
}

// Write writes the document into d.
func Write(d *export.Dir, a *record.Archive, opts Options) error {
	return d.Write(Path, func(w io.Writer) error { return encode(w, a, opts) })
}

// encode writes the document record by record, so that a large archive is
// never held as one encoded value.
func encode(w io.Writer, a *record.Archive, opts Options) error {
	e := &encoder{w: w}
	head, err := json.Marshal(header{Format: Format, Version: Version, BaseURL: opts.BaseURL, Body: bodyOf(a.Body)})
	if err != nil {
		return err
	}
	e.raw(bytes.TrimSuffix(head, []byte("}"))) // the record lists follow inside
	list(e, "organizations", a.Organizations, func(o *record.Organization) any { return organizationOf(o, opts) })
	list(e, "persons", a.Persons, func(p *record.Person) any { return personOf(p, opts) })
	list(e, "meetings", a.Meetings, func(m *record.Meeting) any { return meetingOf(m, opts) })
	list(e, "papers", a.Papers, func(p *record.Paper) any { return paperOf(p, opts) })
	e.raw([]byte("}\n"))
	return e.err
}

// encoder writes and keeps the first error.
type encoder struct {
	w   io.Writer
	err error
}

func (e *encoder) raw(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) value(v any) {
	if e.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.err = err
		return
	}
	e.raw(b)
}

// list writes ,"name":[ with one element per line.
func list[T any](e *encoder, name string, xs []T, conv func(T) any) {
	e.raw([]byte(",\n\"" + name + "\":["))
	for i, x := range xs {
		if i > 0 {
			e.raw([]byte(","))
		}
		e.raw([]byte("\n"))
		e.value(conv(x))
	}
	e.raw([]byte("\n]"))
}

type header struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	BaseURL string `json:"baseURL"`
	Body    body   `json:"body"`
}

type body struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	ShortName string `json:"shortName,omitempty"`
	Website   string `json:"website,omitempty"`
	Web       string `json:"web,omitempty"`
	Language  string `json:"language,omitempty"`
}

type organization struct {
	ID               string `json:"id"`
	URL              string `json:"url"`
	Name             string `json:"name"`
	ShortName        string `json:"shortName,omitempty"`
	OrganizationType string `json:"organizationType,omitempty"`
	Classification   string `json:"classification,omitempty"`
	Start            string `json:"start,omitempty"`
	End              string `json:"end,omitempty"`
	Website          string `json:"website,omitempty"`
	Web              string `json:"web,omitempty"`
}

type person struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Name          string       `json:"name"`
	FormOfAddress string       `json:"formOfAddress,omitempty"`
	Title         string       `json:"title,omitempty"`
	GivenName     string       `json:"givenName,omitempty"`
	FamilyName    string       `json:"familyName,omitempty"`
	Web           string       `json:"web,omitempty"`
	Memberships   []membership `json:"memberships"`
}

type membership struct {
	Organization string `json:"organization"`
	Role         string `json:"role,omitempty"`
	VotingRight  bool   `json:"votingRight"`
	Start        string `json:"start,omitempty"`
	End          string `json:"end,omitempty"`
}

type meeting struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Name          string       `json:"name"`
	Organizations []string     `json:"organizations"`
	Start         string       `json:"start"`
	End           string       `json:"end,omitempty"`
	Location      string       `json:"location,omitempty"`
	MeetingState  string       `json:"meetingState,omitempty"`
	Cancelled     bool         `json:"cancelled"`
	ClosedSession bool         `json:"closedSession"`
	Web           string       `json:"web,omitempty"`
	Files         []file       `json:"files"`
	AgendaItems   []agendaItem `json:"agendaItems"`
	Headings      []heading    `json:"headings"`
}

type heading struct {
	ID            string `json:"id,omitempty"`
	Number        string `json:"number,omitempty"`
	Order         int    `json:"order"`
	Name          string `json:"name"`
	ClosedSession bool   `json:"closedSession"`
	Files         []file `json:"files"`
}

type agendaItem struct {
	ID             string   `json:"id"`
	URL            string   `json:"url"`
	Number         string   `json:"number,omitempty"`
	Order          int      `json:"order"`
	Name           string   `json:"name"`
	ClosedSession  bool     `json:"closedSession"`
	Result         string   `json:"result,omitempty"`
	ResultCategory string   `json:"resultCategory,omitempty"`
	Votes          *votes   `json:"votes,omitempty"`
	Motions        []motion `json:"motions,omitempty"`
	ResolutionText string   `json:"resolutionText,omitempty"`
	Minutes        string   `json:"minutes,omitempty"`
	Speakers       []string `json:"speakers"`
	Persons        []string `json:"persons"`
	Paper          string   `json:"paper,omitempty"`
	Web            string   `json:"web,omitempty"`
	Files          []file   `json:"files"`
}

// motion is one line of a result that decides several motions.
type motion struct {
	Text           string `json:"text"`
	Level          int    `json:"level"`
	ResultCategory string `json:"resultCategory,omitempty"`
	Votes          *votes `json:"votes,omitempty"`
}

type votes struct {
	Yes       int  `json:"yes"`
	No        int  `json:"no"`
	Abstain   int  `json:"abstain"`
	Unanimous bool `json:"unanimous"`
}

type paper struct {
	ID            string         `json:"id"`
	URL           string         `json:"url"`
	Reference     string         `json:"reference,omitempty"`
	Name          string         `json:"name"`
	PaperType     string         `json:"paperType,omitempty"`
	Date          string         `json:"date,omitempty"`
	Originators   []string       `json:"originators"`
	Text          string         `json:"text,omitempty"`
	Web           string         `json:"web,omitempty"`
	Files         []file         `json:"files"`
	Consultations []consultation `json:"consultations"`
}

type consultation struct {
	Organization  string `json:"organization,omitempty"`
	Meeting       string `json:"meeting,omitempty"`
	AgendaItem    string `json:"agendaItem,omitempty"`
	Role          string `json:"role,omitempty"`
	Authoritative bool   `json:"authoritative"`
}

type file struct {
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	MimeType  string `json:"mimeType,omitempty"`
	AccessURL string `json:"accessUrl,omitempty"`
	Date      string `json:"date,omitempty"`
	Text      string `json:"text,omitempty"`
}

func bodyOf(b record.Body) body {
	return body{ID: b.ID, Name: b.Name, ShortName: b.ShortName, Website: export.WebOnly(b.Website), Web: export.WebOnly(b.Web), Language: b.Language}
}

func organizationOf(o *record.Organization, opts Options) organization {
	return organization{
		ID: o.ID, URL: export.URL(opts.BaseURL, permalink.Organization(o.ID)), Name: o.Name, ShortName: o.ShortName,
		OrganizationType: o.OrganizationType, Classification: o.Classification,
		Start: export.Date(o.Start), End: export.Date(o.End), Website: export.WebOnly(o.Website), Web: export.WebOnly(o.Web),
	}
}

func personOf(p *record.Person, opts Options) person {
	out := person{
		ID: p.ID, URL: export.URL(opts.BaseURL, permalink.Person(p.ID)), Name: p.Name, FormOfAddress: p.FormOfAddress,
		Title: p.Title, GivenName: p.GivenName, FamilyName: p.FamilyName, Web: export.WebOnly(p.Web), Memberships: []membership{},
	}
	for _, ms := range p.Memberships {
		out.Memberships = append(out.Memberships, membership{
			Organization: ms.Organization, Role: ms.Role, VotingRight: ms.VotingRight, Start: export.Date(ms.Start), End: export.Date(ms.End),
		})
	}
	return out
}

func meetingOf(m *record.Meeting, opts Options) meeting {
	out := meeting{
		ID: m.ID, URL: export.URL(opts.BaseURL, permalink.Meeting(m.ID)), Name: m.Name,
		Organizations: nonNil(m.Organizations), Start: export.DateTime(m.Start), End: export.DateTime(m.End),
		Location: m.Location, MeetingState: m.MeetingState, Cancelled: m.Cancelled, ClosedSession: m.ClosedSession,
		Web: export.WebOnly(m.Web), Files: files(m.Files), AgendaItems: []agendaItem{}, Headings: []heading{},
	}
	for _, h := range m.Headings {
		out.Headings = append(out.Headings, heading{ID: h.ID, Number: h.Number, Order: h.Order, Name: h.Name, ClosedSession: h.ClosedSession, Files: files(h.Files)})
	}
	for _, it := range m.AgendaItems {
		ai := agendaItem{
			ID: it.ID, URL: export.URL(opts.BaseURL, permalink.AgendaItem(it.ID)), Number: it.Number, Order: it.Order,
			Name: it.Name, ClosedSession: it.ClosedSession, Result: it.Result, ResultCategory: string(it.ResultCategory), ResolutionText: it.ResolutionText,
			Minutes: it.Minutes, Speakers: nonNil(it.Speakers), Persons: nonNil(it.Persons), Paper: it.Paper, Web: export.WebOnly(it.Web), Files: files(it.Files), Votes: votesOf(it.Votes),
		}
		for _, mo := range it.Motions {
			ai.Motions = append(ai.Motions, motion{Text: mo.Text, Level: mo.Level, ResultCategory: string(mo.Category), Votes: votesOf(mo.Votes)})
		}
		out.AgendaItems = append(out.AgendaItems, ai)
	}
	return out
}

func paperOf(p *record.Paper, opts Options) paper {
	out := paper{
		ID: p.ID, URL: export.URL(opts.BaseURL, permalink.Paper(p.ID)), Reference: p.Reference, Name: p.Name,
		PaperType: p.PaperType, Date: export.Date(p.Date), Originators: nonNil(p.Originators), Text: p.Text, Web: export.WebOnly(p.Web),
		Files: files(p.Files), Consultations: []consultation{},
	}
	for _, c := range p.Consultations {
		out.Consultations = append(out.Consultations, consultation{
			Organization: c.Organization, Meeting: c.Meeting, AgendaItem: c.AgendaItem, Role: c.Role, Authoritative: c.Authoritative,
		})
	}
	return out
}

func votesOf(v *record.Votes) *votes {
	if v == nil {
		return nil
	}
	return &votes{Yes: v.Yes, No: v.No, Abstain: v.Abstain, Unanimous: v.Unanimous}
}

func files(fs []record.File) []file {
	out := make([]file, 0, len(fs))
	for _, f := range fs {
		out = append(out, file{ID: f.ID, Name: f.Name, MimeType: f.MimeType, AccessURL: export.WebOnly(f.AccessURL), Date: export.Date(f.Date), Text: f.Text})
	}
	return out
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
