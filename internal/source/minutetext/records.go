package minutetext

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// ApplyTo writes what the minutes say about an agenda item into ai: the
// discussion (Minutes), the resolution, the speakers, and the result and
// votes where ai has none yet (an OParl agenda item's own result wins).
func (it *Item) ApplyTo(ai *record.AgendaItem) {
	ai.Minutes = it.Text
	if it.ResolutionText != "" {
		ai.ResolutionText = it.ResolutionText
	}
	if len(it.Speakers) > 0 {
		ai.Speakers = append([]string(nil), it.Speakers...)
	}
	if ai.Result == "" && it.Result != "" {
		ai.Result = it.Result
		ai.ResultCategory = it.ResultCategory
	}
	if ai.Votes == nil && it.Votes != nil {
		v := *it.Votes
		ai.Votes = &v
	}
}

// AgendaItem returns the section as an agenda item of its own, with the
// given ID and position. Its name is the section's title, or "Punkt N"
// when the heading has none; its minutes are the section's text with its
// annexes. A section of the closed part is a closed-session item.
func (s *Section) AgendaItem(id string, order int) *record.AgendaItem {
	name := s.Title
	if name == "" && s.Number != "" {
		name = "Punkt " + s.Number
	}
	if name == "" {
		name = "Niederschrift"
	}
	ai := &record.AgendaItem{ID: id, Number: s.Number, Order: order, Name: name, Public: true, ClosedSession: s.Closed}
	s.Item.ApplyTo(ai)
	ai.Minutes = s.MinutesText()
	return ai
}

// Start and Stop return the meeting's begin and end as times in loc, from
// Date and the clock times Begin and End; zero when the text gives no date.
// Without a begin time, Start is the day at midnight. An end before the
// begin is taken to be after midnight.
func (m *Minutes) Start(loc *time.Location) time.Time { return at(m.Date, m.Begin, loc) }

// Stop returns the end of the meeting (see Start); zero without an end time.
func (m *Minutes) Stop(loc *time.Location) time.Time {
	if m.End == "" {
		return time.Time{}
	}
	end := at(m.Date, m.End, loc)
	if start := m.Start(loc); !end.IsZero() && end.Before(start) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

func at(day time.Time, clock string, loc *time.Location) time.Time {
	if day.IsZero() {
		return time.Time{}
	}
	var h, mins int
	if len(clock) == 5 {
		h = int(clock[0]-'0')*10 + int(clock[1]-'0')
		mins = int(clock[3]-'0')*10 + int(clock[4]-'0')
	}
	return time.Date(day.Year(), day.Month(), day.Day(), h, mins, 0, 0, loc)
}

// bodyNameRe finds the body in a meeting name: "… des Rates der Gemeinde
// Nordstemmen" → "Gemeinde Nordstemmen".
var bodyNameRe = regexp.MustCompile(`\b((?:Gemeinde|Stadt|Samtgemeinde|Hansestadt|Kreisstadt|Landkreis|Kreis|Markt|Verbandsgemeinde|Amt)\s+\p{Lu}[\p{L}-]*(?:\s+(?:am|an der|im|in der|ob der)\s+\p{Lu}[\p{L}-]*|\s+\p{Lu}[\p{L}-]*)?)`)

// BodyName returns the council's body as the minutes name it ("Gemeinde
// Nordstemmen"), or "".
func (m *Minutes) BodyName() string {
	for _, s := range []string{m.MeetingName, m.Preamble} {
		if b := bodyNameRe.FindString(s); b != "" {
			return b
		}
	}
	return ""
}

// Summary is a short name for an item without a title: the first sentence
// of the resolution, else of the discussion, cut at about limit letters.
func (it *Item) Summary(limit int) string {
	for _, text := range []string{it.ResolutionText, it.Text} {
		sents := splitSentences(toLines(text))
		if len(sents) == 0 {
			continue
		}
		s := sents[0].text
		if utf8.RuneCountInString(s) <= limit {
			return s
		}
		cut := []rune(s)[:limit]
		if i := strings.LastIndexByte(string(cut), ' '); i > limit/2 {
			return string(cut)[:i] + " …"
		}
		return string(cut) + "…"
	}
	return ""
}

func toLines(text string) []line {
	var ls []line
	for i, t := range strings.Split(text, "\n") {
		ls = append(ls, line{text: t, num: i + 1})
	}
	return ls
}
