package oparl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Document is one decoded JSON document: a single object, a list page
// ({data, pagination, links}) or a plain array of objects.
type Document struct {
	Source  string   // URL or file the document was read from
	Objects []Object // top-level objects in document order; embedded ones hang below them
	List    bool     // a list page or array rather than a single object
	Next    string   // a list page's links.next, "" on the last page
	Total   int      // a list page's pagination.totalElements, 0 when not given
	// Skipped are problems with parts of the document that were left out:
	// objects whose type cannot be told, entries that are not objects.
	Skipped []string
}

// ErrNotOParl is returned for well-formed JSON that holds no OParl object
// (e.g. a scraper's own metadata file beside the dump).
var ErrNotOParl = errors.New("not an OParl object or list")

// Decode reads one JSON document. hint is the kind that the document's
// context suggests (the list it was linked as, its file name) for objects
// that name no type; use "" when nothing is known. Decode fails only for
// JSON that cannot be read at all; fields of the wrong type are skipped and
// noted on their object. Errors do not repeat the source.
func Decode(source string, data []byte, hint Kind) (*Document, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 BOM is not JSON
	doc := &Document{Source: source}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, truncatedError{errors.New("empty document")}
	}
	switch trimmed[0] {
	case '[':
		var raws []json.RawMessage
		if err := json.Unmarshal(trimmed, &raws); err != nil {
			return nil, syntaxContext(err, trimmed)
		}
		doc.List = true
		doc.decodeEntries(raws, hint)
	case '{':
		var top map[string]json.RawMessage
		if err := json.Unmarshal(trimmed, &top); err != nil {
			return nil, syntaxContext(err, trimmed)
		}
		if raw, ok := top["data"]; ok && isArray(raw) && !hasString(top, "type") {
			doc.List = true
			var raws []json.RawMessage
			_ = json.Unmarshal(raw, &raws)
			doc.decodeList(top)
			doc.decodeEntries(raws, hint)
			break
		}
		obj, err := decodeObject(trimmed, top, hint, source)
		if err != nil {
			return nil, err
		}
		doc.Objects = append(doc.Objects, obj)
	default:
		var v any
		if err := json.Unmarshal(trimmed, &v); err != nil {
			return nil, syntaxContext(err, trimmed)
		}
		return nil, ErrNotOParl
	}
	return doc, nil
}

func (doc *Document) decodeList(top map[string]json.RawMessage) {
	var links struct {
		Next string `json:"next"`
	}
	if raw, ok := top["links"]; ok {
		_ = json.Unmarshal(raw, &links)
	}
	doc.Next = strings.TrimSpace(links.Next)
	var pagination struct {
		TotalElements int `json:"totalElements"`
	}
	if raw, ok := top["pagination"]; ok {
		_ = json.Unmarshal(raw, &pagination)
	}
	doc.Total = pagination.TotalElements
}

func (doc *Document) decodeEntries(raws []json.RawMessage, hint Kind) {
	for i, raw := range raws {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			doc.Skipped = append(doc.Skipped, fmt.Sprintf("entry %d: not an object", i+1))
			continue
		}
		obj, err := decodeObject(raw, fields, hint, doc.Source)
		if err != nil {
			doc.Skipped = append(doc.Skipped, fmt.Sprintf("entry %d: %v", i+1, err))
			continue
		}
		doc.Objects = append(doc.Objects, obj)
	}
}

// decodeObject decodes one object whose fields have been split already.
func decodeObject(raw []byte, fields map[string]json.RawMessage, hint Kind, source string) (Object, error) {
	var id, typ string
	if v, ok := fields["id"]; ok {
		_ = json.Unmarshal(v, &id)
	}
	if v, ok := fields["type"]; ok {
		_ = json.Unmarshal(v, &typ)
	}
	if id == "" {
		return nil, ErrNotOParl
	}
	k := inferKind(typ, id, hint, func(name string) bool { _, ok := fields[name]; return ok })
	obj := newObject(k)
	if obj == nil {
		if typ != "" {
			return nil, fmt.Errorf("object %s: unknown type %q", id, typ)
		}
		return nil, fmt.Errorf("object %s: cannot tell its OParl type (no \"type\", and neither its URL nor its fields say)", id)
	}
	if err := json.Unmarshal(raw, obj); err != nil {
		obj.Base().noteTypeError(err)
	}
	obj.Base().ID = id
	obj.Base().src = source
	obj.Base().noteSent(fields)
	return obj, nil
}

// inferKind decides an object's type: from its `type` attribute; failing
// that (dumps that dropped it, deleted-object stubs) from its URL, from the
// context and last from the fields it has.
func inferKind(typ, id string, hint Kind, has func(string) bool) Kind {
	if typ != "" {
		t := typ
		if i := strings.LastIndexAny(t, "/:"); i >= 0 {
			t = t[i+1:]
		}
		for _, k := range Kinds {
			if strings.EqualFold(t, string(k)) {
				return k
			}
		}
		return ""
	}
	if k := KindFromURL(id); k != "" {
		return k
	}
	if hint != "" {
		return hint
	}
	switch {
	case has("oparlVersion"):
		return KindSystem
	case has("start") || has("meetingState") || has("invitation") || has("resultsProtocol"):
		return KindMeeting
	case has("reference") || has("paperType") || has("mainFile"):
		return KindPaper
	case has("resolutionFile") || has("resolutionText"):
		return KindAgendaItem
	case has("familyName") || has("givenName") || has("formOfAddress"):
		return KindPerson
	case has("organizationType") || has("post"):
		return KindOrganization
	case has("votingRight"):
		return KindMembership
	case has("accessUrl") || has("downloadUrl") || has("mimeType"):
		return KindFile
	case has("streetAddress") || has("geojson") || has("locality"):
		return KindLocation
	case has("ags") || has("legislativeTerm"):
		return KindBody
	}
	return ""
}

// segmentKinds maps URL path segments that OParl servers use to the kind
// of object they name.
var segmentKinds = map[string]Kind{
	"system": KindSystem, "systems": KindSystem,
	"body": KindBody, "bodies": KindBody,
	"legislativeterm": KindLegislativeTerm, "legislativeterms": KindLegislativeTerm, "legislative_term": KindLegislativeTerm,
	"organization": KindOrganization, "organizations": KindOrganization, "organisation": KindOrganization,
	"person": KindPerson, "persons": KindPerson, "people": KindPerson,
	"membership": KindMembership, "memberships": KindMembership,
	"meeting": KindMeeting, "meetings": KindMeeting,
	"agendaitem": KindAgendaItem, "agendaitems": KindAgendaItem, "agenda_item": KindAgendaItem,
	"paper": KindPaper, "papers": KindPaper,
	"consultation": KindConsultation, "consultations": KindConsultation,
	"file": KindFile, "files": KindFile,
	"location": KindLocation, "locations": KindLocation,
}

// KindFromURL guesses the kind of object an OParl URL names from its path
// (…/body/1/meeting/333 is a Meeting), or "" when the path does not say.
func KindFromURL(s string) Kind {
	path := s
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		path = u.Path
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i := len(segs) - 1; i >= 0; i-- {
		if k, ok := segmentKinds[strings.ToLower(segs[i])]; ok {
			return k
		}
	}
	return ""
}

// KindFromSegment maps one path segment or file name stem ("meeting",
// "papers") to a kind, or "".
func KindFromSegment(s string) Kind {
	return segmentKinds[strings.ToLower(s)]
}

func isArray(raw json.RawMessage) bool {
	b := bytes.TrimSpace(raw)
	return len(b) > 0 && b[0] == '['
}

func hasString(m map[string]json.RawMessage, key string) bool {
	raw, ok := m[key]
	if !ok {
		return false
	}
	var s string
	return json.Unmarshal(raw, &s) == nil && s != ""
}

// syntaxContext adds the position to JSON syntax errors, so that a
// truncated response reads "unexpected end of JSON input at byte 5123".
// An error at the very end marks the document as cut off.
func syntaxContext(err error, data []byte) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		err = fmt.Errorf("invalid JSON at byte %s of %d: %w", strconv.FormatInt(se.Offset, 10), len(data), err)
		if se.Offset >= int64(len(data)) {
			return truncatedError{err}
		}
		return err
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// truncatedError marks a document that ends before its JSON does: what a
// cut connection leaves, unlike JSON that is wrong in itself.
type truncatedError struct{ error }

func (e truncatedError) Unwrap() error { return e.error }

// isTruncated reports whether Decode failed because the document ends too
// early.
func isTruncated(err error) bool {
	var t truncatedError
	return errors.As(err, &t)
}
