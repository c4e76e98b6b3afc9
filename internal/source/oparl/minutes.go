package oparl

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
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
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("oparl: minutes: %w", err)
		}
		texts.Minutes[ids[0]] = append(texts.Minutes[ids[0]], TextFile{Path: p, Text: decodeText(data, p, rep)})
		return nil
	})
}

// LinkMinutes attaches each "Zu Punkt N" section of a meeting's minutes to
// the agenda item numbered N in that meeting, and counts the coverage in
// the report.
func LinkMinutes(a *record.Archive, texts *Texts, rep *Report) error {
	for _, tfs := range texts.Minutes {
		rep.Minutes.Texts += len(tfs)
	}
	rep.Minutes.Texts += texts.unmatched
	rep.Minutes.Unmatched += texts.unmatched
	return nil
}
