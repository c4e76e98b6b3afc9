package oparl

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/source/minutetext"
	"github.com/ratsarchiv/ratsarchiv/internal/source/outcome"
)

// minutesFromDir finds minutes texts for the store's meetings in dir. A
// text file belongs to a meeting when its name without extension is the
// name of the meeting's results or verbatim protocol file (the PDF's text
// saved under the PDF's name), the meeting's permalink slug, or the last
// segment of the meeting's ID.
func minutesFromDir(dir string, s *Store, texts *Texts, rep *Report) error {
	byStem := map[string][]string{} // stem → meeting IDs
	for _, obj := range s.All(KindMeeting) {
		mt := obj.(*Meeting)
		stems := map[string]bool{permalink.Slug(mt.ID): true}
		if i := strings.LastIndexByte(strings.TrimRight(mt.ID, "/"), '/'); i >= 0 {
			stems[strings.TrimRight(mt.ID, "/")[i+1:]] = true
		}
		for _, r := range []Ref[File]{mt.ResultsProtocol, mt.VerbatimProtocol} {
			f := r.Obj
			if o := s.Get(KindFile, r.ID); o != nil {
				f = o.(*File)
			}
			if f != nil {
				for _, st := range fileStems(f) {
					stems[st] = true
				}
			}
		}
		for st := range stems {
			byStem[st] = append(byStem[st], mt.ID)
		}
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("oparl: minutes: %w", err)
		}
		if d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".txt") || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		stem := strings.TrimSuffix(d.Name(), filepath.Ext(d.Name()))
		ids := byStem[stem]
		switch len(ids) {
		case 0:
			texts.unmatched++
			rep.add(Warning, "unmatched-minutes", "", "", p, "names no meeting of the source: not linked")
			return nil
		case 1:
		default:
			rep.add(Warning, "ambiguous-minutes", "", "", p, "matches %d meetings (%s): not linked", len(ids), strings.Join(ids, ", "))
			texts.unmatched++
			return nil
		}
		text, ok, err := readText(p, p, rep)
		if ok {
			texts.Minutes[ids[0]] = append(texts.Minutes[ids[0]], TextFile{Path: p, Text: text})
		}
		return err
	})
}

// LinkMinutes attaches each "Zu Punkt N" section of a meeting's minutes to
// the agenda item numbered N in that meeting: the section's text becomes
// the item's minutes, and what the item does not say yet — result, votes,
// resolution, speakers — is taken from the section. A paper reference in
// the section ("DS 61/2023") links an item without paper to the paper with
// that reference. The report counts sections and matches.
//
// Text of the closed part — the minutes' own closed part (see
// minutetext.Minutes.Closed) and the sections of closed-session items — is
// cut from every file that carries the whole minutes text, and a section of
// the closed part is never attached to an item of the public part.
func LinkMinutes(a *record.Archive, texts *Texts, rep *Report) error {
	rep.Minutes.Texts += texts.unmatched
	rep.Minutes.Unmatched += texts.unmatched
	if len(texts.Minutes) == 0 {
		return nil
	}
	ix := record.NewIndex(a)
	papersByRef := map[string][]string{}
	for _, p := range a.Papers {
		if r := normalizeRef(p.Reference); r != "" {
			papersByRef[r] = append(papersByRef[r], p.ID)
		}
	}
	type job struct {
		meetingID string
		tf        TextFile
		mins      *minutetext.Minutes
		err       error
	}
	var jobs []*job
	for _, meetingID := range sortedKeys(texts.Minutes) {
		for _, tf := range texts.Minutes[meetingID] {
			jobs = append(jobs, &job{meetingID: meetingID, tf: tf})
		}
	}
	// Parsing is the slow part; attaching stays in order.
	parallel(len(jobs), func(i int) {
		if ix.Meetings[jobs[i].meetingID] != nil {
			jobs[i].mins, jobs[i].err = minutetext.ParseMinutes(jobs[i].tf.Text)
		}
	})
	cut := map[string]string{} // minutes text → the text without its closed part
	for _, j := range jobs {
		rep.Minutes.Texts++
		mt := ix.Meetings[j.meetingID]
		switch {
		case mt == nil:
			rep.Minutes.Unmatched++
			rep.add(Warning, "unmatched-minutes", KindMeeting, j.meetingID, j.tf.Path, "the meeting was not imported: minutes not linked")
			continue
		case j.err != nil:
			rep.add(Warning, "minutes", KindMeeting, j.meetingID, j.tf.Path, "%v", j.err)
			continue
		}
		closed := slices.Clone(j.mins.Closed)
		for _, sec := range j.mins.Sections {
			rep.Minutes.Sections++
			it := itemNumbered(mt, sec)
			if it == nil {
				rep.add(Warning, "unmatched-section", KindMeeting, j.meetingID, j.tf.Path,
					"line %d: section %q matches no agenda item of the meeting", sec.Line, strings.TrimSpace(firstLine(sec.Heading)))
				continue
			}
			if sec.Closed && !it.ClosedSession {
				rep.add(Warning, "closed-section", KindMeeting, j.meetingID, j.tf.Path,
					"line %d: section %q stands in the closed part of the minutes, but agenda item %s is treated in public session: not attached, and cut from the minutes' text",
					sec.Line, strings.TrimSpace(firstLine(sec.Heading)), it.ID)
				continue
			}
			if it.ClosedSession {
				closed = append(closed, sec.Lines()...)
			}
			rep.Minutes.Matched++
			attachSection(it, sec, papersByRef)
		}
		if len(closed) > 0 {
			cut[j.tf.Text] = minutetext.CutLines(j.tf.Text, closed)
		}
	}
	cutClosedText(a, cut)
	return nil
}

// cutClosedText replaces every file text that carries a minutes text with
// a closed part (a meeting's protocol, the same file named by an agenda
// item or a paper) by the text without it: the closed part's sections
// reach only their closed-session agenda items, never a public text.
func cutClosedText(a *record.Archive, cut map[string]string) {
	if len(cut) == 0 {
		return
	}
	a.EachFile(func(f *record.File, _ bool) {
		if t, ok := cut[f.Text]; ok {
			f.Text = t
		}
	})
}

// attachSection fills an agenda item from its minutes section. What the
// source's structured data says stays; the text adds what it lacks. The
// item's minutes are the section's text with the annexes that belong to
// it.
func attachSection(it *record.AgendaItem, sec minutetext.Section, papersByRef map[string][]string) {
	if text := strings.TrimSpace(sec.MinutesText()); text != "" {
		if it.Minutes != "" {
			it.Minutes += "\n\n"
		}
		it.Minutes += text
	}
	if it.Result == "" && sec.Result != "" {
		it.Result = sec.Result
		it.ResultCategory = sec.ResultCategory
		if it.ResultCategory == record.ResultNone {
			it.ResultCategory = outcome.Classify(it.Result)
		}
	}
	// The minutes' vote, unless the result decides several motions, names
	// another vote ("bei einer Gegenstimme": the section's other vote is
	// not its), or contradicts it.
	if it.Votes == nil && sec.Votes != nil && len(it.Motions) == 0 && !namesOtherVote(it.Result, sec.Votes) && outcome.Agrees(it.ResultCategory, sec.Votes) {
		v := *sec.Votes
		it.Votes = &v
	}
	if it.ResolutionText == "" {
		it.ResolutionText = strings.TrimSpace(sec.ResolutionText)
	}
	if len(it.Speakers) == 0 {
		it.Speakers = append([]string(nil), sec.Speakers...)
	}
	if it.Paper == "" {
		for _, ref := range sec.PaperRefs {
			if ids := papersByRef[normalizeRef(ref)]; len(ids) == 1 {
				it.Paper = ids[0]
				break
			}
		}
	}
}

// itemNumbered finds the agenda item of mt with the section's number,
// preferring items of the public part (the minutes texts are the public
// ones), or closed-session ones for a section of the closed part. When several share the
// number (two papers under one point), the one whose name starts most like
// the section's title wins, then the first. A sub-item the agenda does not
// list ("Zu Punkt 3 a)") belongs to its item ("3"). Minutes of a single
// topic without a number ("Thema: Extremwetterlage …") belong to the
// unnumbered item that names that topic.
func itemNumbered(mt *record.Meeting, sec minutetext.Section) *record.AgendaItem {
	n := normalizeNumber(sec.Number)
	if n == "" {
		return itemTitled(mt, sec)
	}
	numbered := func(n string) []*record.AgendaItem {
		var found []*record.AgendaItem
		for _, it := range mt.AgendaItems {
			if normalizeNumber(it.Number) == n {
				found = append(found, it)
			}
		}
		return found
	}
	found := numbered(n)
	if major := strings.TrimRight(n, "abcdefghijklmnopqrstuvwxyz"); len(found) == 0 && major != n {
		found = numbered(major)
	}
	if same := slices.DeleteFunc(slices.Clone(found), func(it *record.AgendaItem) bool { return it.ClosedSession != sec.Closed }); len(same) > 0 {
		found = same
	}
	if len(found) == 0 {
		return nil
	}
	best, bestLen := found[0], -1
	for _, it := range found {
		if l := commonPrefix(strings.ToLower(it.Name), strings.ToLower(sec.Title)); l > bestLen {
			best, bestLen = it, l
		}
	}
	return best
}

// itemTitled finds the one item of mt without a number whose name holds
// the first 20 letters of the section's title, or nil.
func itemTitled(mt *record.Meeting, sec minutetext.Section) *record.AgendaItem {
	title := minutetext.Letters(sec.Title)
	if len(title) < 20 || sec.Closed {
		return nil
	}
	var found *record.AgendaItem
	for _, it := range mt.AgendaItems {
		if normalizeNumber(it.Number) == "" && !it.ClosedSession && strings.Contains(minutetext.Letters(it.Name), title[:20]) {
			if found != nil {
				return nil
			}
			found = it
		}
	}
	return found
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// normalizeNumber makes agenda numbers comparable: "6.", "TOP 6", "Ö 6"
// and "6" are one number, as are "3 a)" and "3a".
func normalizeNumber(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range []string{"top", "tagesordnungspunkt", "punkt", "nö", "ö"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == ')' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	return strings.TrimRight(s, ".:")
}

// normalizeRef makes paper references comparable: "DS 61/2023" and
// "ds61/2023".
func normalizeRef(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), ""))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// namesOtherVote reports whether a result names a vote (counts or
// unanimity) other than v.
func namesOtherVote(result string, v *record.Votes) bool {
	for _, f := range outcome.FindVotes(result, 1) {
		if r := f.Record(); f.Known() && (r == nil || *r != *v) {
			return true
		}
	}
	return false
}
