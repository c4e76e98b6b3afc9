package searchindex

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/ratsarchiv/ratsarchiv/internal/search/analysis"
	"github.com/ratsarchiv/ratsarchiv/internal/search/query"
)

// Index fields. Title and Text are analysed (German). Parts holds the parts
// of the text's compounds (internal/search/analysis), at their compounds'
// positions and with the text's length as its length. The others are
// keywords for filters, facets and sorting, or are stored only to show hits.
const (
	FieldTitle          = "title"
	FieldText           = "text"
	FieldParts          = "parts"
	FieldBody           = "body"
	FieldPassages       = "passages"
	FieldSources        = "sources" // Sources as JSON, for documents with file text
	FieldID             = "id"
	FieldKind           = "kind"
	FieldURL            = "url"
	FieldCommittee      = "committee"
	FieldDate           = "date"
	FieldSortDate       = "sortDate"
	FieldYear           = "year"
	FieldResult         = "result"
	FieldResultCategory = "resultCategory"
	FieldNumber         = "number"
	FieldReference      = "reference"
	FieldClosedSession  = "closedSession" // "true" for a closed-session item, else absent
	FieldMatter         = "matter"        // Doc.Matter
	FieldMatterKind     = "matterKind"    // Doc.MatterKind: the kind filter's field
	FieldPath           = "path"          // a paper's Path as JSON
	// FieldGroups holds a term per facet value and the matter
	// (GroupTerm), so that a facet on it counts matters, not documents.
	FieldGroups = "groups"
)

// germanAnalyzer is the analyzer of title, text and queries. Build analyses
// text and parts itself (indexAnalyzer: the same chain plus the compounds).
const germanAnalyzer = "ratsarchiv_de"

// newMapping returns the index mapping.
func newMapping() (*mapping.IndexMappingImpl, error) {
	if err := registerBleve(); err != nil {
		return nil, err
	}
	im := mapping.NewIndexMapping()
	im.ScoringModel = index.BM25Scoring
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	im.DefaultAnalyzer = keyword.Name

	if err := im.AddCustomAnalyzer(germanAnalyzer, map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []interface{}{
			analysis.LowercaseFilterName, de.StopName, de.NormalizeName, de.LightStemmerName,
		},
	}); err != nil {
		return nil, err
	}

	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = germanAnalyzer
		f.Store = store
		f.IncludeTermVectors = true // positions for phrases
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	keywordField := func(store, docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(FieldTitle, text(true))
	dm.AddFieldMappingsAt(FieldText, text(false))
	parts := text(false)
	parts.IncludeTermVectors = false // phrases do not search parts
	dm.AddFieldMappingsAt(FieldParts, parts)
	dm.AddFieldMappingsAt(FieldBody, storedOnly())
	dm.AddFieldMappingsAt(FieldPassages, storedOnly())
	dm.AddFieldMappingsAt(FieldSources, storedOnly())
	dm.AddFieldMappingsAt(FieldURL, storedOnly())
	dm.AddFieldMappingsAt(FieldDate, storedOnly())
	dm.AddFieldMappingsAt(FieldResult, storedOnly())
	dm.AddFieldMappingsAt(FieldClosedSession, storedOnly())
	dm.AddFieldMappingsAt(FieldID, keywordField(true, false))
	dm.AddFieldMappingsAt(FieldNumber, keywordField(true, false))
	dm.AddFieldMappingsAt(FieldReference, keywordField(true, false))
	dm.AddFieldMappingsAt(FieldKind, keywordField(true, true))
	dm.AddFieldMappingsAt(FieldCommittee, keywordField(true, true))
	dm.AddFieldMappingsAt(FieldYear, keywordField(true, true))
	dm.AddFieldMappingsAt(FieldResultCategory, keywordField(true, true))
	dm.AddFieldMappingsAt(FieldSortDate, keywordField(false, true))
	dm.AddFieldMappingsAt(FieldMatter, keywordField(true, false))
	dm.AddFieldMappingsAt(FieldMatterKind, keywordField(false, false))
	dm.AddFieldMappingsAt(FieldPath, storedOnly())
	dm.AddFieldMappingsAt(FieldGroups, keywordField(false, true))
	im.DefaultMapping = dm
	return im, im.Validate()
}

// mappedField is a field of the mapping, with its options as documents
// have them.
type mappedField struct {
	name string
	opts index.FieldIndexingOptions
}

// everyField lists the fields the mapping gives documents, by name, with
// the options analyseDoc gives them.
var everyField = sync.OnceValue(func() []mappedField {
	m, err := newMapping()
	if err != nil {
		panic(err) // the mapping is fixed: every index is written with it
	}
	var out []mappedField
	for name, dm := range m.DefaultMapping.Properties {
		for _, fm := range dm.Fields {
			opts := fm.Options()
			switch name {
			case FieldParts:
				opts = partsOptions
			case FieldPassages:
				opts = index.StoreField
			}
			out = append(out, mappedField{name, opts})
		}
	}
	slices.SortFunc(out, func(a, b mappedField) int { return strings.Compare(a.name, b.name) })
	return out
})

// fields returns the document as Bleve indexes it (empty keywords are left
// out, so that facets do not count them).
func (d *Doc) fields(text, body string) map[string]interface{} {
	m := map[string]interface{}{
		FieldTitle:      d.Title,
		FieldText:       text,
		FieldBody:       body,
		FieldID:         d.ID,
		FieldKind:       d.Kind,
		FieldURL:        d.URL,
		FieldSortDate:   d.SortDate,
		FieldMatter:     d.Matter,
		FieldMatterKind: d.MatterKind,
	}
	groups := []string{GroupTerm(groupMatter, "", d.Matter), GroupTerm(groupKind, d.MatterKind, d.Matter)}
	for k, v := range map[byte]string{groupCommittee: d.Committee, groupYear: d.Year, groupCategory: d.ResultCategory} {
		if v != "" {
			groups = append(groups, GroupTerm(k, v, d.Matter))
		}
	}
	slices.Sort(groups)
	m[FieldGroups] = groups
	if len(d.Path) > 0 {
		p, _ := json.Marshal(d.Path)
		m[FieldPath] = string(p)
	}
	if d.ClosedSession {
		m[FieldClosedSession] = "true"
	}
	for k, v := range map[string]string{
		FieldCommittee: d.Committee, FieldDate: d.Date, FieldYear: d.Year,
		FieldResult: d.Result, FieldResultCategory: d.ResultCategory,
		FieldNumber: d.Number, FieldReference: d.Reference,
	} {
		if v != "" {
			m[k] = v
		}
	}
	return m
}

// The facets of FieldGroups, the first byte of its terms.
const (
	groupMatter    = 'm'
	groupKind      = 'k'
	groupCommittee = 'c'
	groupYear      = 'y'
	groupCategory  = 'r'
)

// GroupTerm is the term of FieldGroups for a facet's value of a matter.
func GroupTerm(facet byte, value, matter string) string {
	return string(facet) + value + "\x00" + matter
}

// registerBleve prepares Bleve's global state for our indexes: the token
// filters of our analysis, and the heap threshold of disjunctions.
//
// Bleve's disjunctions switch to a heap above DisjunctionHeapTakeover
// children and then add scores in heap order; its slice searcher adds them
// in child order, which the browser client reproduces. Prefix clauses have
// up to query.MaxPrefixTerms children, so the threshold is raised above
// that. The variable is global to Bleve; changing it is safe because this
// process opens no Bleve index of anyone else's, the value only moves the
// switch to the heap (results are the same, the order of adding scores is
// the slice's), and the sync.Once writes it before any search runs.
var registerBleve = sync.OnceValue(func() error {
	searcher.DisjunctionHeapTakeover = query.MaxPrefixTerms + 1
	return analysis.Register()
})
