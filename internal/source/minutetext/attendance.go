package minutetext

import (
	"regexp"
	"strings"
)

// Attendance is the attendance list at the top of full minutes.
type Attendance struct {
	Present        []Attendee // members present ("Es sind anwesend:")
	Absent         []Attendee // members absent ("Es fehlen entschuldigt:")
	Administration []Attendee // officers of the administration ("Teilnehmer der Verwaltung:")
	Guests         []Attendee // other participants ("Sonstige Teilnehmer:", "Gäste:")
	// Text is the list as written.
	Text string
}

// Attendee is one entry of the attendance list.
type Attendee struct {
	Name  string // as written, with form of address: "Herr Oliver Riechelmann"
	Role  string // what follows the name: "Ortsbürgermeister", "Leiter Fachbereich Planung"
	Group string // the faction or group the entry is listed under, when the layout says so unambiguously
	Line  int    // 1-based input line
}

var (
	absentRe = regexp.MustCompile(`^(?:Es\s+(?:fehlen|fehlt|fehlten|fehlte)\b|Entschuldigt\b|Abwesend\b|Nicht\s+anwesend\b|Es\s+fehlen|Unentschuldigt\b)`)
	adminRe  = regexp.MustCompile(`^(?:(?:Teilnehmer|Teilnehmende|Vertreter)(?:innen)?(?:\s+und\s+\S+)?\s+(?:der|von der|aus der)\s+Verwaltung|Von\s+der\s+Verwaltung|Verwaltung\s*:|Seitens\s+der\s+Verwaltung)`)
	guestsRe = regexp.MustCompile(`^(?:Sonstige(?:\s+Teilnehmer(?:innen)?)?|Gäste|Gast|Zuhörer(?:innen)?|Ferner|Außerdem(?:\s+anwesend)?|Als\s+Gäste?|Weitere\s+Teilnehmer(?:innen)?)\b[^:]{0,30}:`)
	// A person entry starts with a form of address; several entries can
	// share a line when the list is printed in two columns.
	personStartRe = regexp.MustCompile(`(?:^|\s)(Herr|Frau)\s`)
	// "Herr Hanno Conrad } Gruppe CDU/FDP": a brace groups entries.
	braceRe = regexp.MustCompile(`\s*}\s*(.*)$`)
	// Words that head a faction or group ("Gruppe", "SPD-Ratsfraktion");
	// "Fraktionsloses Ratsmitglied" heads none.
	groupMarkRe = regexp.MustCompile(`(?i)^(?:gruppe|\S*fraktion)$`)
)

type attendanceList int

const (
	listPresent attendanceList = iota
	listAbsent
	listAdmin
	listGuests
)

// parseAttendance reads the attendance list; ls starts with its heading
// ("Es sind anwesend:").
func parseAttendance(ls []line) Attendance {
	a := Attendance{Text: paragraphs(ls)}
	list := listPresent
	// Entries under a group heading get the group, unless the heading
	// stands above two columns (then an entry's column is unknown).
	var pending []*Attendee
	group, braceGroup := "", ""
	twoColumns, headingOpen := false, false
	settle := func() {
		for _, p := range pending {
			if p.Group == "" && !twoColumns {
				p.Group = group
			}
		}
		pending = nil
		twoColumns, headingOpen = false, false
	}
	var all [4][]*Attendee
	for i, l := range ls {
		t := l.text
		if i == 0 || t == "" {
			continue
		}
		switch {
		case absentRe.MatchString(t):
			settle()
			list, group = listAbsent, ""
			continue
		case adminRe.MatchString(t):
			settle()
			list, group = listAdmin, ""
			continue
		case guestsRe.MatchString(t):
			settle()
			list, group = listGuests, ""
			continue
		case attendanceRe.MatchString(t):
			settle()
			list, group = listPresent, ""
			continue
		}
		entries := splitPersons(t)
		if len(entries) == 0 {
			if list == listGuests {
				all[list] = append(all[list], &Attendee{Name: t, Line: l.num})
				continue
			}
			// A group heading ("SPD-Ratsfraktion", "Mitglieder nach § 4 …").
			// Two group names in it, or a heading over two lines, are the
			// heads of two columns.
			if headingOpen {
				twoColumns = true
				continue
			}
			settle()
			group, headingOpen = t, true
			twoColumns = groupHeads(t) > 1
			continue
		}
		headingOpen = false
		if len(entries) > 1 {
			twoColumns = true
		}
		for _, e := range entries {
			p := parseAttendee(e, l.num)
			if m := braceRe.FindStringSubmatch(e); m != nil {
				if m[1] != "" {
					braceGroup = m[1]
				}
				p.Group = braceGroup
			}
			all[list] = append(all[list], p)
			pending = append(pending, p)
		}
	}
	settle()
	for k, dst := range []*[]Attendee{&a.Present, &a.Absent, &a.Administration, &a.Guests} {
		for _, p := range all[k] {
			*dst = append(*dst, *p)
		}
	}
	return a
}

// splitPersons splits a line into person entries at each "Herr"/"Frau"; text
// before the first ("Realverband Nordstemmen, Herr Jens Pape") stays with it.
// A line with no form of address has no entries.
func splitPersons(t string) []string {
	idx := personStartRe.FindAllStringSubmatchIndex(t, -1)
	if len(idx) == 0 {
		return nil
	}
	var out []string
	for k, m := range idx {
		start := m[2]
		if k == 0 {
			start = 0
		}
		stop := len(t)
		if k+1 < len(idx) {
			stop = idx[k+1][2]
		}
		out = append(out, strings.TrimSpace(t[start:stop]))
	}
	return out
}

var (
	// Offices written after a name without a comma: "Herr Norbert Pallentin Bürgermeister".
	trailingRoleRe = regexp.MustCompile(`\s+((?:stellv\.\s+)?(?:Orts)?(?:Bürgermeister|Vorsitzende|Ratsvorsitzende|Protokollführer)(?:in|r)?)$`)
	parenRoleRe    = regexp.MustCompile(`\s*\(([^()]*)\)$`)
	asRoleRe       = regexp.MustCompile(`\s+(als\s+.+)$`)
)

// parseAttendee splits an entry into name and role.
func parseAttendee(e string, num int) *Attendee {
	e = braceRe.ReplaceAllString(e, "")
	p := &Attendee{Line: num}
	// "Realverband Nordstemmen, Herr Jens Pape": the affiliation comes first.
	if loc := personStartRe.FindStringIndex(e); loc != nil && loc[0] > 0 {
		p.Role = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(e[:loc[0]]), ","))
		e = strings.TrimSpace(e[loc[0]:])
	}
	name, role, ok := strings.Cut(e, ",")
	if !ok {
		for _, re := range []*regexp.Regexp{parenRoleRe, asRoleRe, trailingRoleRe} {
			if m := re.FindStringSubmatchIndex(name); m != nil {
				role = name[m[2]:m[3]]
				name = name[:m[0]]
				break
			}
		}
	}
	p.Name = strings.TrimSpace(name)
	if r := strings.TrimSpace(role); r != "" {
		if p.Role != "" {
			p.Role += ", " + r
		} else {
			p.Role = r
		}
	}
	return p
}

// groupHeads counts the words of a heading that name a group.
func groupHeads(t string) int {
	n := 0
	for _, w := range strings.Fields(t) {
		if groupMarkRe.MatchString(w) {
			n++
		}
	}
	return n
}
