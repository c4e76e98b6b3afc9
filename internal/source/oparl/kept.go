package oparl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// kept lists, per kind, the attributes that records keep or that the
// importer follows (lists and links between objects). The mapping counts
// every other attribute a source gives a value, one report line per kind
// and attribute, so that nothing is dropped silently. A System describes
// the server, not the records: it is not counted.
var kept = map[Kind][]string{
	KindBody: {"system", "name", "shortName", "website", "web", "organization", "person", "meeting", "paper",
		"agendaItem", "consultation", "membership", "file", "locationList", "legislativeTermList",
		"legislativeTerm"}, // legislative terms have their own report line
	KindLegislativeTerm: {"body", "name", "startDate", "endDate"},
	KindOrganization: {"body", "name", "shortName", "membership", "organizationType", "classification",
		"startDate", "endDate", "website", "web", "meeting", "consultation"},
	KindPerson:     {"body", "name", "familyName", "givenName", "formOfAddress", "title", "membership", "web"},
	KindMembership: {"person", "organization", "role", "votingRight", "startDate", "endDate"},
	KindMeeting: {"body", "name", "meetingState", "cancelled", "start", "end", "location", "organization",
		"invitation", "resultsProtocol", "verbatimProtocol", "auxiliaryFile", "agendaItem", "web"},
	KindAgendaItem: {"body", "meeting", "number", "order", "name", "public", "consultation", "result",
		"resolutionText", "resolutionFile", "auxiliaryFile", "web"},
	KindPaper: {"body", "name", "reference", "date", "paperType", "mainFile", "auxiliaryFile",
		"originatorPerson", "originatorOrganization", "consultation", "web"},
	KindConsultation: {"body", "paper", "agendaItem", "meeting", "organization", "authoritative", "role"},
	KindFile: {"body", "name", "fileName", "mimeType", "date", "text", "accessUrl", "downloadUrl",
		"meeting", "agendaItem", "paper"},
	KindLocation: {"body", "bodies", "organization", "person", "meeting", "paper", "description",
		"streetAddress", "room", "postalCode", "subLocality", "locality"},
}

// everyObject are the attributes every object has that say what it is.
var everyObject = []string{"id", "type", "deleted"}

// attrNames interns attribute names: every object of a kind sends the same
// few, and a string per object and attribute would add up in a large crawl.
var attrNames sync.Map

// noteSent remembers the attributes of fields that carry a value (not
// null, "", [] or {}).
func (c *Common) noteSent(fields map[string]json.RawMessage) {
	for name, raw := range fields {
		switch string(bytes.TrimSpace(raw)) {
		case "", "null", `""`, "[]", "{}":
			continue
		}
		if slices.Contains(everyObject, name) {
			continue
		}
		v, _ := attrNames.LoadOrStore(name, name)
		c.sent = append(c.sent, v.(string))
	}
}

// notKept reports, once per kind and attribute, what the source has and the
// records do not keep.
func (m *mapper) notKept() {
	for _, k := range Kinds {
		keep, ok := kept[k]
		if !ok {
			continue
		}
		n := map[string]int{}
		for _, obj := range m.s.All(k) {
			for _, name := range obj.Base().sent {
				if !slices.Contains(keep, name) {
					n[name]++
				}
			}
		}
		for _, name := range sortedKeys(n) {
			m.rep.add(Warning, "not-kept", k, "", "", "%s.%s of %d objects not kept%s", k, name, n[name], notKeptWhy(name))
		}
	}
}

// notKeptWhy says what a well-known attribute is, and why it goes.
func notKeptWhy(name string) string {
	why := map[string]string{
		"underDirectionOf":    "the office in charge",
		"relatedPaper":        "links between papers",
		"superordinatedPaper": "links between papers",
		"subordinatedPaper":   "links between papers",
		"created":             "when the source created the object",
		"modified":            "when the source last changed the object",
		"email":               "contact data of a person",
		"phone":               "contact data of a person",
	}
	if w, ok := why[name]; ok {
		return fmt.Sprintf(" (%s): the record model has no place for it", w)
	}
	return ": the record model has no place for it"
}
