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
// WriteRecords, which holds only a batch of texts in memory at a time.
func Generate(opts Options) *record.Archive {
	p := mustPlan(opts)
	a := p.header()
	err := p.run(func(m *meetingPlan) error {
		p.writeTexts(m)
		a.Meetings = append(a.Meetings, m.rec)
		return nil
	}, func(pp *paperPlan) error {
		p.writePaperTexts(pp)
		a.Papers = append(a.Papers, pp.rec)
		return nil
	})
	if err != nil {
		panic(err) // the collectors above never fail
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
// but meetings are planned, written and forgotten in batches, so memory
// stays small at any size.
func WriteRecords(dir string, opts Options) error {
	p := mustPlan(opts)
	st, err := atomicdir.Stage(dir, tomlrec.RecordsMarker)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer st.Abort()
	out := st.Dir()
	if err := tomlrec.Write(out, p.header()); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	b := &batch{out: out, body: p.body}
	err = p.run(func(m *meetingPlan) error {
		p.writeTexts(m)
		b.part.Meetings = append(b.part.Meetings, m.rec)
		return b.flushFull()
	}, func(pp *paperPlan) error {
		p.writePaperTexts(pp)
		b.part.Papers = append(b.part.Papers, pp.rec)
		return b.flushFull()
	})
	if err == nil {
		err = b.flush()
	}
	if err != nil {
		return err
	}
	if err := st.Commit(); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	return nil
}

// batch collects records to write with one tomlrec.Write. That writes
// body.toml with every call: the same bytes each time, so writing in parts
// gives the same files as writing at once.
type batch struct {
	out  string
	body record.Body
	part record.Archive
}

func (b *batch) flushFull() error {
	if len(b.part.Meetings)+len(b.part.Papers) < batchSize {
		return nil
	}
	return b.flush()
}

// flush writes the collected records and lets go of them and their texts.
func (b *batch) flush() error {
	if len(b.part.Meetings)+len(b.part.Papers) == 0 {
		return nil
	}
	b.part.Body = b.body
	if err := tomlrec.Write(b.out, &b.part); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	for _, m := range b.part.Meetings {
		for _, it := range m.AgendaItems {
			it.Minutes, it.ResolutionText = "", ""
		}
	}
	for _, pp := range b.part.Papers {
		pp.Text = ""
		for i := range pp.Files {
			pp.Files[i].Text = ""
		}
	}
	clear(b.part.Meetings)
	clear(b.part.Papers)
	b.part.Meetings, b.part.Papers = b.part.Meetings[:0], b.part.Papers[:0]
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

func (p *plan) writePaperTexts(pp *paperPlan) {
	first := pp.steps[0].item
	pp.rec.Text = p.paperText(pp, first)
	for i := range pp.rec.Files {
		if i%2 == 0 { // every other attachment has extracted text
			pp.rec.Files[i].Text = p.fileText(pp, first, i)
		}
	}
}
