package gen

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Texts are written from sentence frames: fixed council phrasing with slots
// for the item's subject, its speakers, nouns drawn by corpus frequency and
// runs of words drawn from the whole vocabulary. The frames give the text its
// common words and phrases ("zur Kenntnis genommen"), the draws its Zipf
// tail of rare words and compounds.

// grammatical cases for articles.
type gcase int

const (
	nominative gcase = iota
	accusative
	dative
	genitive
)

var articles = map[byte][4]string{
	'm': {"der", "den", "dem", "des"},
	'f': {"die", "die", "der", "der"},
	'n': {"das", "das", "dem", "des"},
	'p': {"die", "die", "den", "der"},
}

// def is the noun with its definite article: "dem Sozialticket".
func def(t topic, c gcase) string {
	return articles[t.gender][c] + " " + inflect(t, c)
}

// inflect adds the ending a case needs: genitive -s/-es for masculine and
// neuter nouns, dative -n for plurals.
func inflect(t topic, c gcase) string {
	w := t.noun
	switch {
	case c == genitive && (t.gender == 'm' || t.gender == 'n'):
		switch {
		case strings.HasSuffix(w, "nis"):
			return w + "ses"
		case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "ß"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"):
			return w + "es"
		}
		return w + "s"
	case c == dative && t.gender == 'p':
		if !strings.HasSuffix(w, "n") && !strings.HasSuffix(w, "s") {
			return w + "n"
		}
	}
	return w
}

// zu is "zum", "zur" or "zu den" with the noun.
func zu(t topic) string {
	switch t.gender {
	case 'm', 'n':
		return "zum " + t.noun
	case 'f':
		return "zur " + t.noun
	}
	return "zu den " + inflect(t, dative)
}

// textWriter writes one text; words counts what it wrote.
type textWriter struct {
	r     *rng
	v     *vocab
	it    *itemPlan
	p     *plan
	b     []byte
	words int
	para  int     // sentences in the current paragraph
	last  *person // the speaker named last, for pronouns
}

func (w *textWriter) String() string { return strings.TrimSpace(string(w.b)) }

// sentence expands a frame and appends it to the current paragraph.
func (w *textWriter) sentence(frame string) {
	if w.para > 0 {
		w.b = append(w.b, ' ')
	}
	start := len(w.b)
	w.expand(frame)
	// Capitalize the first letter ("sie" → "Sie", "über" → "Über").
	if r, size := utf8.DecodeRune(w.b[start:]); unicode.IsLower(r) {
		up := utf8.AppendRune(nil, unicode.ToUpper(r))
		w.b = append(w.b[:start], append(up, w.b[start+size:]...)...)
	}
	w.words += bytes.Count(w.b[start:], []byte{' '}) + 1
	w.para++
}

// paragraph starts a new paragraph (a blank line in the record).
func (w *textWriter) paragraph() {
	if w.para > 0 {
		w.b = append(w.b, "\n\n"...)
	}
	w.para = 0
}

// expand appends a frame with its slots filled.
func (w *textWriter) expand(frame string) {
	for {
		i := strings.IndexByte(frame, '{')
		if i < 0 {
			w.b = append(w.b, frame...)
			return
		}
		j := strings.IndexByte(frame[i:], '}')
		w.b = append(w.b, frame[:i]...)
		switch name := frame[i+1 : i+j]; name {
		case "w":
			w.filler(w.r.between(3, 8))
		case "W": // a longer run
			w.filler(w.r.between(6, 14))
		default:
			w.b = append(w.b, w.slot(name)...)
		}
		frame = frame[i+j+1:]
	}
}

// caseOf reads the case suffix of a slot: "N.d" is a noun in the dative.
func caseOf(c string) gcase {
	switch c {
	case "a":
		return accusative
	case "d":
		return dative
	case "g":
		return genitive
	}
	return nominative
}

// slot fills one placeholder of a frame.
func (w *textWriter) slot(name string) string {
	r, it := w.r, w.it
	base, c, _ := strings.Cut(name, ".")
	cs := caseOf(c)
	switch base {
	case "sp": // a member if one speaks
		return address(w.speaker(false), c)
	case "admin": // the administration if it speaks
		return address(w.speaker(true), c)
	case "chair":
		return address(it.chair, c)
	case "T":
		if c == "" {
			return it.topic.noun
		}
		return def(it.topic, cs)
	case "zuT":
		return zu(it.topic)
	case "N":
		n := w.noun()
		if c == "" {
			return n.noun
		}
		return def(n, cs)
	case "pron": // the last speaker
		switch {
		case w.last == nil || w.last.female:
			return "sie"
		}
		return "er"
	case "org":
		o := it.meeting.org
		switch c {
		case "g":
			return o.spec.genitive
		case "d":
			return "dem " + o.spec.short
		}
		return "der " + o.spec.short
	case "year":
		return strconv.Itoa(it.meeting.rec.Start.Year() + r.between(0, 2))
	case "date":
		return it.meeting.rec.Start.AddDate(0, 0, r.between(14, 200)).Format("02.01.2006")
	case "prev":
		return it.prev.Format("02.01.2006")
	case "eur":
		return euros(r.between(2, 900) * 1000)
	case "amount":
		if it.paper != nil && it.paper.amount > 0 {
			return euros(it.paper.amount)
		}
		return euros(r.between(2, 900) * 1000)
	case "months":
		return strconv.Itoa(r.between(3, 24))
	case "num":
		return strconv.Itoa(r.between(2, 120))
	case "district":
		return pick(r, districts)
	case "street":
		return pick(r, streetFirsts) + pick(r, streetKinds)
	case "faction":
		if it.faction != nil {
			return it.faction.name
		}
		return pick(r, factions).name
	case "office":
		if it.paper != nil {
			return it.paper.office
		}
		return pick(r, offices)
	case "ref":
		if it.paper != nil {
			return it.paper.rec.Reference
		}
		return "V " + strconv.Itoa(r.between(1, 300)) + "/" + strconv.Itoa(it.meeting.rec.Start.Year()%100)
	case "time":
		return it.meeting.rec.Start.Format("15:04")
	}
	panic("gen: unknown slot {" + name + "}")
}

// speaker draws one of the item's speakers, of the administration or a
// member as asked when there is one, the chair when nobody speaks.
func (w *textWriter) speaker(admin bool) *person {
	sp := w.it.speakers
	if len(sp) == 0 {
		w.last = w.it.chair
		return w.last
	}
	start := w.r.intn(len(sp))
	w.last = sp[start]
	for i := range sp {
		if who := sp[(start+i)%len(sp)]; (who.role != "") == admin {
			w.last = who
			break
		}
	}
	return w.last
}

// address is how the minutes name a person: "Frau Gehrke", in the dative
// "Herrn Niemann".
func address(who *person, c string) string {
	if c == "d" {
		if rest, ok := strings.CutPrefix(who.address, "Herr "); ok {
			return "Herrn " + rest
		}
	}
	return who.address
}

// noun draws a noun by corpus frequency.
func (w *textWriter) noun() topic {
	n := w.v.nouns[w.v.nounFreq.draw(w.r)]
	return topic{n.word, n.gender}
}

// filler draws n words by corpus frequency: the run that brings the whole
// vocabulary, common and rare, into the text.
func (w *textWriter) filler(n int) {
	for i := range n {
		if i > 0 {
			w.b = append(w.b, ' ')
		}
		w.b = append(w.b, w.v.words[w.v.all.draw(w.r)]...)
	}
}

func euros(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + " Euro"
}

// The frames. Slots: {sp} a speaker, {admin} someone of the administration,
// {chair}, {T} the subject ({T.a} with article in the accusative, .n .d .g),
// {N} a noun by frequency (also {N.a} …), {w} a run of words by frequency,
// {org} the committee, {eur} an amount, {date}, {year}, {num}, {district},
// {street}, {faction}, {office}, {ref} the paper's reference.
var (
	introFrames = []string{
		"{admin} erläutert die Vorlage {ref} und geht dabei insbesondere auf {N.a} ein.",
		"{admin} stellt {T.a} anhand einer Präsentation vor, die dem Protokoll als Anlage beigefügt ist.",
		"{admin} führt in die Thematik ein und berichtet über den aktuellen Stand {T.g}.",
		"Der Tagesordnungspunkt wird von {admin.d} eingeführt; {N.n} sei bereits in der letzten Sitzung angesprochen worden.",
		"{admin} gibt einen Überblick über {T.a} und die bisherigen Erfahrungen im Stadtteil {district}.",
		"Die Vorlage wird von {admin.d} ({office}) erläutert.",
	}
	discussionFrames = []string{
		"{sp} fragt nach {N.d} und bittet um Auskunft, ob {N.n} {w} werden kann.",
		"{sp} weist darauf hin, dass für {T.a} Mittel in Höhe von {eur} im Haushalt {year} vorgesehen sind.",
		"{sp} begrüßt die Vorlage ausdrücklich, sieht aber bei {N.d} noch Klärungsbedarf.",
		"Auf Nachfrage von {sp.d} teilt {admin} mit, dass {w}.",
		"{sp} erkundigt sich, wann mit {N.d} im Bereich {street} zu rechnen sei.",
		"{admin} sagt zu, die Frage zu {N.d} bis zur nächsten Sitzung schriftlich zu beantworten.",
		"{sp} erklärt für die {faction}, dass man {T.a} grundsätzlich unterstütze, {w}.",
		"Es entwickelt sich eine Diskussion über {N.a} und die Auswirkungen auf {N.a}.",
		"{sp} regt an, {N.a} im Ortsteil {district} zu prüfen.",
		"{sp} kritisiert, dass {N.n} bisher nicht ausreichend berücksichtigt worden sei.",
		"{admin} erläutert, dass die Kosten von {eur} überwiegend durch Fördermittel gedeckt werden.",
		"{sp} bittet darum, den Ausschuss regelmäßig über den Sachstand {zuT} zu informieren.",
		"{sp} merkt an, {w}.",
		"Nach Auffassung von {sp.d} müsse {N.n} stärker in den Blick genommen werden.",
		"{admin} ergänzt, dass {N.n} mit {N.d} abgestimmt sei und die Umsetzung bis {date} erfolgen solle.",
		"{sp} fragt, ob die Verwaltung Erfahrungen anderer Kommunen mit {N.d} einbezogen habe.",
		"Die Verwaltung sagt zu, {T.a} in der nächsten Sitzung {org.g} erneut vorzulegen.",
		"{sp} schlägt vor, {N.a} um {N.a} zu ergänzen; {w}.",
		"{sp} bedankt sich bei der Verwaltung für die ausführliche Darstellung {zuT}.",
		"{admin} betont, dass es sich um eine Pflichtaufgabe handele und {N.n} {w}.",
		"{sp} gibt zu bedenken, dass {w} und {N.n} nicht vergessen werden dürfe.",
		"Aus Sicht der {faction} sei {N.n} vorrangig zu behandeln.",
		"{sp} möchte wissen, wie viele Personen von {N.d} betroffen sind; {admin} nennt eine Zahl von etwa {num}.",
		"{admin} verweist auf die Stellungnahme vom {date} und auf {N.a}.",
		"{sp} spricht sich dafür aus, {T.a} zunächst für {months} Monate zu erproben.",
	}
	// continueFrames follow a speaker's sentence: they carry most of the
	// words drawn from the whole vocabulary.
	continueFrames = []string{
		"{pron} führt aus, dass {W}.",
		"{pron} ergänzt, {W}.",
		"Dabei {W}.",
		"Zudem sei {N.n} {W}.",
		"Im Hinblick auf {N.a} {W}.",
		"{N.n} {W}.",
		"Nach Angaben der Verwaltung {W}.",
		"Insgesamt {W}.",
		"Es wird darauf hingewiesen, dass {W}.",
		"Aus der Mitte des Gremiums wird angemerkt, dass {W}.",
		"{pron} verweist auf {N.a} und erklärt, {W}.",
		"Weiterhin {W}.",
	}
	voteFrames = []string{
		"Anschließend lässt {chair} über den Beschlussvorschlag abstimmen.",
		"Da keine weiteren Wortmeldungen vorliegen, bittet {chair} um Abstimmung.",
		"{chair} stellt den Beschlussvorschlag zur Abstimmung.",
		"Nach kurzer Aussprache wird abgestimmt.",
	}
	noteFrames = []string{
		"Der Bericht wird zur Kenntnis genommen.",
		"Die Mitglieder nehmen die Ausführungen zur Kenntnis.",
		"{chair} dankt für den Bericht; weitere Fragen ergeben sich nicht.",
	}
	announceFrames = []string{
		"{admin} informiert über {N.a} im Bereich {street}.",
		"{admin} teilt mit, dass {N.n} voraussichtlich bis {date} abgeschlossen sein wird.",
		"{admin} berichtet, dass der Fördermittelbescheid für {N.a} eingegangen ist.",
		"Die Verwaltung informiert über den Sachstand {zuT}: {w}.",
		"{admin} weist auf die Veranstaltung zu {N.d} am {date} im Bürgerhaus {district} hin.",
		"{admin} gibt bekannt, dass {N.n} {w}.",
	}
	questionFrames = []string{
		"{sp} fragt nach dem Stand {zuT}. {admin} sagt eine schriftliche Beantwortung zu.",
		"{sp} weist auf Schäden an {N.d} in der {street} hin. Die Verwaltung wird dies prüfen.",
		"{sp} erkundigt sich nach {N.d}; {admin} antwortet, dass {w}.",
		"Ein Einwohner aus {district} fragt nach {N.d}. {admin} erläutert, dass {w}.",
		"{sp} regt an, {N.a} in einer der nächsten Sitzungen zu behandeln.",
	}
)

// minutes writes the discussion of an agenda item.
func (p *plan) minutes(it *itemPlan) string {
	w := &textWriter{r: newRNG(p.opts.Seed, 1, uint64(it.index)), v: p.v, it: it, p: p}
	r := w.r
	switch it.kind {
	case kindOpening:
		w.sentence("{chair} eröffnet die Sitzung um {time} Uhr, begrüßt die Anwesenden und stellt die ordnungsgemäße Ladung sowie die Beschlussfähigkeit fest.")
		w.sentence(pick(r, []string{
			"Einwände gegen die Tagesordnung werden nicht erhoben.",
			"Die Tagesordnung wird in der vorliegenden Form festgestellt.",
			"Auf Antrag von {sp.d} wird der Tagesordnungspunkt {num} abgesetzt; die Tagesordnung wird im Übrigen festgestellt.",
		}))
		return w.String()
	case kindMinutes:
		if r.chance(30) {
			w.sentence("{sp} bittet, in der Niederschrift zu {N.d} eine Korrektur vorzunehmen.")
		}
		w.sentence("Die Niederschrift über die Sitzung vom {prev} wird " + it.outcome.result + ".")
		return w.String()
	case kindAnnouncement:
		for range r.between(2, 6) {
			w.sentence(pick(r, announceFrames))
			if r.chance(40) {
				w.paragraph()
			}
		}
		return w.String()
	case kindQuestions:
		for range r.between(1, 4) {
			w.sentence(pick(r, questionFrames))
			w.paragraph()
		}
		return w.String()
	}
	// A subject: introduced, discussed, decided.
	target := r.between(120, 420)
	if r.chance(12) {
		target = r.between(450, 1200)
	}
	if it.kind == kindElection || it.kind == kindClosed {
		target /= 3
	}
	w.sentence(pick(r, introFrames))
	for w.words < target {
		w.paragraph()
		for range r.between(1, 2) {
			w.sentence(pick(r, discussionFrames))
			for range r.between(1, 3) {
				w.sentence(pick(r, continueFrames))
			}
		}
	}
	w.paragraph()
	switch it.outcome.category {
	case "noted":
		w.sentence(pick(r, noteFrames))
	case "postponed":
		w.sentence(pick(r, []string{
			"{sp} beantragt, die Beratung zu vertagen, da noch Fragen zu {N.d} offen sind. Dem wird zugestimmt.",
			"Der Tagesordnungspunkt wird auf Antrag von {sp.d} in die nächste Sitzung verschoben.",
		}))
	case "withdrawn":
		w.sentence("{sp} erklärt, dass der Antrag zurückgezogen wird.")
	default:
		if it.outcome.result != "" {
			w.sentence(pick(r, voteFrames))
		}
	}
	switch v := it.rec.Votes; {
	case v == nil:
	case v.Unanimous && v.Yes > 0:
		w.sentence("Abstimmungsergebnis: einstimmig (" + strconv.Itoa(v.Yes) + " Ja-Stimmen).")
	case v.Unanimous:
		w.sentence("Abstimmungsergebnis: einstimmig.")
	default:
		w.sentence("Abstimmungsergebnis: " + strconv.Itoa(v.Yes) + " Ja-Stimmen, " + strconv.Itoa(v.No) + " Nein-Stimmen, " + strconv.Itoa(v.Abstain) + " Enthaltungen.")
	}
	return w.String()
}

// resolution writes the decision as adopted (or as proposed and rejected).
func (p *plan) resolution(it *itemPlan) string {
	if it.outcome.result == "" {
		return ""
	}
	w := &textWriter{r: newRNG(p.opts.Seed, 2, uint64(it.index)), v: p.v, it: it, p: p}
	r := w.r
	switch it.kind {
	case kindOpening, kindMinutes, kindAnnouncement, kindQuestions, kindInquiry:
		return ""
	case kindReport:
		w.sentence("{org.n} nimmt " + pick(r, []string{"den Bericht {zuT}", "die Mitteilung {zuT}", "{T.a}"}) + " zur Kenntnis.")
		return w.String()
	case kindElection:
		w.sentence("{org.n} wählt {sp} für die restliche Dauer der Wahlperiode.")
		return w.String()
	}
	switch it.outcome.category {
	case "postponed", "withdrawn":
		return ""
	case "noted":
		w.sentence("{org.n} nimmt {T.a} zur Kenntnis.")
		return w.String()
	}
	if it.kind == kindPreConsult && it.next != nil {
		w.sentence("{org.n} empfiehlt dem " + it.next.spec.short + ", wie folgt zu beschließen:")
		w.paragraph()
	}
	w.sentence(pick(r, []string{
		"{org.n} beschließt {T.a} in der Fassung der Vorlage {ref}.",
		"{org.n} stimmt {T.d} zu und beauftragt die Verwaltung mit der Umsetzung.",
		"{org.n} beschließt, {T.a} gemäß Anlage 1 umzusetzen.",
	}))
	if r.chance(60) {
		w.sentence(pick(r, []string{
			"Die erforderlichen Mittel in Höhe von {amount} werden im Haushalt {year} bereitgestellt.",
			"Die Verwaltung wird beauftragt, bis {date} über den Stand der Umsetzung zu berichten.",
			"Die Verwaltung wird ermächtigt, {N.a} zu vergeben.",
			"Die Finanzierung erfolgt aus {N.d} sowie aus Fördermitteln des Landes.",
		}))
	}
	if it.outcome.category == "approved-amended" {
		w.paragraph()
		w.sentence("Ergänzend wird beschlossen, {N.a} bis {date} zu prüfen und {org.d} erneut vorzulegen.")
	}
	return w.String()
}

// paperText writes a paper's main text: facts, costs, proposal.
func (p *plan) paperText(pp *paperPlan, first *itemPlan) string {
	// The paper speaks through its first consultation's item for slots.
	w := &textWriter{r: newRNG(p.opts.Seed, 3, uint64(pp.index)), v: p.v, it: first, p: p}
	r := w.r
	switch pp.kind {
	case kindMotion:
		w.sentence("Die {faction} beantragt:")
		w.paragraph()
		w.sentence("{org.n} möge beschließen, {T.a} " + pick(r, []string{"zu prüfen", "einzuführen", "umzusetzen", "weiterzuentwickeln"}) + ".")
		w.paragraph()
		w.sentence("Begründung:")
		w.paragraph()
	case kindInquiry:
		w.sentence("Die {faction} bittet um Beantwortung folgender Fragen {zuT}:")
		w.paragraph()
		for i := range r.between(2, 5) {
			w.sentence(strconv.Itoa(i+1) + ". " + pick(r, []string{
				"Wie viele Fälle von {N.d} sind der Verwaltung bekannt?",
				"Welche Kosten sind für {N.a} im Haushalt {year} vorgesehen?",
				"Wann ist mit {N.d} im Ortsteil {district} zu rechnen?",
				"Wie bewertet die Verwaltung {N.a}?",
			}))
			w.paragraph()
		}
		return w.String()
	default:
		w.sentence("Sachverhalt:")
		w.paragraph()
	}
	for w.words < r.between(120, 350) {
		w.sentence(pick(r, introFrames))
		for range r.between(1, 3) {
			w.sentence(pick(r, []string{
				"Nach Angaben der Verwaltung ({office}) betrifft dies {N.a} im Bereich {street}.",
				"Im Jahr {year} ist mit {N.d} zu rechnen, {w}.",
				"{T.n} ist Bestandteil {N.g}; {w}.",
				"Die Verwaltung schlägt vor, {N.a} bis {date} umzusetzen.",
				"Vergleichbare Maßnahmen wurden bereits im Ortsteil {district} durchgeführt.",
				"Dabei sind die Vorgaben des Landes zu {N.d} zu beachten, {w}.",
			}))
		}
		w.paragraph()
	}
	if pp.kind == kindDecision || pp.kind == kindPreConsult {
		w.sentence("Finanzielle Auswirkungen:")
		w.paragraph()
		if pp.amount > 0 {
			w.sentence("Die Gesamtkosten betragen {amount}. Die Mittel stehen im Haushalt {year} zur Verfügung.")
		} else {
			w.sentence("Keine.")
		}
		w.paragraph()
		w.sentence("Beschlussvorschlag:")
		w.paragraph()
		w.sentence("{org.n} beschließt {T.a} in der vorgelegten Fassung.")
	}
	return w.String()
}

// fileText writes the extracted text of an attachment.
func (p *plan) fileText(pp *paperPlan, first *itemPlan, i int) string {
	w := &textWriter{r: newRNG(p.opts.Seed, 4, uint64(pp.index), uint64(i)), v: p.v, it: first, p: p}
	for w.words < w.r.between(40, 160) {
		w.sentence(pick(w.r, []string{
			"{N.n}: {eur}.", "{T.n} im Bereich {street}, {w}.", "Stand: {date}.", "{w}.",
			"Position {num}: {N.n}, {w}.",
		}))
	}
	return w.String()
}

// meetingFiles are the invitation and, after the meeting, the minutes.
func (p *plan) meetingFiles(m *meetingPlan) {
	if m.rec.Cancelled {
		return
	}
	base := p.body.Website + "/meetings/" + m.rec.ID
	m.rec.Files = []record.File{
		{Name: "Einladung", MimeType: "application/pdf", AccessURL: base + "/einladung.pdf", Date: dayOf(m.rec.Start.AddDate(0, 0, -10))},
		{Name: "Niederschrift", MimeType: "application/pdf", AccessURL: base + "/niederschrift.pdf", Date: dayOf(m.rec.Start.AddDate(0, 0, 21))},
	}
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}
