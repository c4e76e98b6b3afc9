// Package gen generates realistic council archives of any size for tests
// and benchmarks: a council and its committees meeting over the years,
// agenda items with the results and votes councils publish, papers that go
// from committee to council, and minutes and resolutions in German whose
// words follow the frequencies of real records (a Zipf distribution with
// compounds and inflected forms; see vocab.go).
//
// The same Options always give the same records, byte for byte: all
// randomness comes from seeded streams (rng.go), one for the plan of the
// archive and one per text, and nothing depends on map order or the clock.
package gen

//go:generate go run ./mkvocab -out vocab

import (
	"fmt"
	"math"
	"slices"
	_ "time/tzdata" // meetings are in Europe/Berlin on any host

	"github.com/ratsarchiv/ratsarchiv/internal/atomicdir"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/tomlrec"
)

// Options select the archive to generate. Zero fields take defaults that
// scale with Items, so Options{Items: 100000} alone describes a large city.
type Options struct {
	// Items is the number of agenda items (default 1,000). The archive has
	// exactly this many.
	Items int
	// Seed selects one of the archives of this size.
	Seed uint64
	// Years is how many years the meetings span (default 4 for 1,000 items,
	// 12 for 10,000, 20 for 100,000).
	Years int
	// LastYear is the year of the last meetings (default 2025).
	LastYear int
	// Committees is the number of committees besides the council (default
	// 10 for 1,000 items, 15 for 10,000, 20 for 100,000; at most 23).
	Committees int
	// Body is the name of the council's body (default "Stadt Beispielstadt").
	Body string
}

// MaxCommittees is the number of committees the generator knows.
var MaxCommittees = len(committeeSpecs) - 1

// withDefaults fills in the zero fields.
func (o Options) withDefaults() Options {
	if o.Items <= 0 {
		o.Items = 1000
	}
	lg := math.Log10(float64(max(o.Items, 10)))
	if o.Years <= 0 {
		o.Years = min(max(int(math.Round(8*lg-20)), 2), 30)
	}
	if o.LastYear <= 0 {
		o.LastYear = 2025
	}
	if o.Committees <= 0 {
		o.Committees = min(max(int(math.Round(5*lg-5)), 3), MaxCommittees)
	}
	o.Committees = min(o.Committees, MaxCommittees)
	if o.Body == "" {
		o.Body = "Stadt Beispielstadt"
	}
	return o
}

// Generate returns the archive that opts describe, texts and all, in the
// canonical order of record.Archive.Sort. For large archives prefer
// WriteRecords, which holds only one batch of texts in memory at a time.
func Generate(opts Options) *record.Archive {
	p := mustPlan(opts)
	for _, m := range p.meetings {
		p.writeTexts(m)
	}
	for _, pp := range p.papers {
		p.writePaperTexts(pp)
	}
	a := p.header()
	for _, m := range p.meetings {
		a.Meetings = append(a.Meetings, m.rec)
	}
	for _, pp := range p.papers {
		a.Papers = append(a.Papers, pp.rec)
	}
	a.Sort()
	return a
}

// batchSize is how many meetings or papers WriteRecords writes at a time.
const batchSize = 64

// WriteRecords writes the archive that opts describe as TOML records
// (docs/records.md) into dir, replacing it atomically: the records are
// written into a staging folder beside dir that takes dir's place only when
// all of them are written. The bytes equal tomlrec.Write of Generate(opts),
// but texts are generated per batch of meetings and dropped once written,
// so memory stays small for 100,000 items.
func WriteRecords(dir string, opts Options) error {
	p := mustPlan(opts)
	st, err := atomicdir.Stage(dir)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer st.Abort()
	out := st.Dir()
	// tomlrec.Write writes body.toml with every call: the same bytes each
	// time, so writing in parts gives the same files as writing at once.
	if err := tomlrec.Write(out, p.header()); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	err = inBatches(out, p.body, p.meetings, func(m *meetingPlan, part *record.Archive) {
		p.writeTexts(m)
		part.Meetings = append(part.Meetings, m.rec)
	}, dropTexts)
	if err != nil {
		return err
	}
	err = inBatches(out, p.body, p.papers, func(pp *paperPlan, part *record.Archive) {
		p.writePaperTexts(pp)
		part.Papers = append(part.Papers, pp.rec)
	}, dropPaperTexts)
	if err != nil {
		return err
	}
	if err := st.Commit(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

// inBatches writes xs batch by batch: add fills in the texts of one x and
// adds it to the part to write, drop frees the texts once written.
func inBatches[T any](out string, body record.Body, xs []T, add func(T, *record.Archive), drop func(T)) error {
	for batch := range slices.Chunk(xs, batchSize) {
		part := &record.Archive{Body: body}
		for _, x := range batch {
			add(x, part)
		}
		if err := tomlrec.Write(out, part); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		for _, x := range batch {
			drop(x)
		}
	}
	return nil
}

func mustPlan(opts Options) *plan {
	p, err := newPlan(opts.withDefaults())
	if err != nil {
		// Only a missing time zone fails, and time/tzdata is linked in.
		panic(err)
	}
	return p
}

// header is the archive without meetings and papers, sorted.
func (p *plan) header() *record.Archive {
	a := &record.Archive{Body: p.body}
	for _, o := range p.orgs {
		a.Organizations = append(a.Organizations, o.rec)
	}
	a.Organizations = append(a.Organizations, p.factions...)
	for _, who := range p.persons {
		a.Persons = append(a.Persons, who.rec)
	}
	a.Sort()
	return a
}

func (p *plan) writeTexts(m *meetingPlan) {
	for _, it := range m.items {
		it.rec.Minutes = p.minutes(it)
		it.rec.ResolutionText = p.resolution(it)
	}
}

func dropTexts(m *meetingPlan) {
	for _, it := range m.items {
		it.rec.Minutes, it.rec.ResolutionText = "", ""
	}
}

func (p *plan) writePaperTexts(pp *paperPlan) {
	first := pp.steps[0].item
	pp.rec.Text = p.paperText(pp, first)
	for i := range pp.rec.Files {
		if i%2 == 0 { // every other attachment has extracted text
			pp.rec.Files[i].Text = p.fileText(pp, first, i)
		}
	}
}

func dropPaperTexts(pp *paperPlan) {
	pp.rec.Text = ""
	for i := range pp.rec.Files {
		pp.rec.Files[i].Text = ""
	}
}
