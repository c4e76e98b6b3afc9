package minutetext

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
	"juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}

var (
	// "der 3. Sitzung des Rates der Gemeinde Nordstemmen am Dienstag, dem
	// 29. März 2022, im Sitzungszimmer …"
	meetingLineRe = regexp.MustCompile(`^(?:über\s+die\s+|der\s+|des\s+|zur\s+|vom\s+)?(.+?),?\s+(?:am|vom)\s+(?:(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+(?:de[nm]\s+)?)?(\d{1,2})\.\s*(\d{1,2}\.|[A-Za-zäÄ]+)\s*(\d{4})\b[,;]?\s*(.*)$`)
	locationRe    = regexp.MustCompile(`^(?:(?:um|ab)\s+\d{1,2}[:.]\d{2}\s*Uhr,?\s*)?(?:im|in\s+der|in\s+den|in\s+dem|in)\s+(.+?)[,.]?$`)
	beginRe       = regexp.MustCompile(`^Beginn(?:\s+der\s+Sitzung)?\s*:?\s*(\d{1,2})[:.](\d{2})`)
	endClockRe    = regexp.MustCompile(`^(?:Ende|Schluss)\b[^:]*:+\s*(\d{1,2})[:.](\d{2})`)
	// The meeting body after "des"/"der": "des Rates der Gemeinde …".
	ofBodyRe = regexp.MustCompile(`\b(?:des|der)\s+(\p{Lu}[\p{L}-]*)(.*)$`)
	// Where the body's name ends: "… der Gemeinde …", "…, vertreten durch
	// den Ortsbürgermeister …", "… gemäß § 182 NKomVG".
	bodyEnd = regexp.MustCompile(`(?:\s+(?:der\s+(?:Gemeinde|Stadt|Samtgemeinde|Hansestadt|Kreisstadt)|des\s+(?:Landkreises|Kreises)|und\s+des|und\s+der|am|vom|gemäß|gem\.|nach\s+§|§)(?:\s|$)|,\s+\p{Ll}).*$`)
)

// readPreamble reads the meeting's name, date, times and place from the
// preamble, and the end time from the closing.
func (m *Minutes) readPreamble(pre, closing []line) {
	var intro []string
	for _, l := range pre {
		t := l.text
		switch {
		case m.Title == "" && len(intro) == 0 && titleRe.MatchString(t):
			m.Title = strings.Fields(t)[0]
		case beginRe.MatchString(t):
			b := beginRe.FindStringSubmatch(t)
			m.Begin = clock(b[1], b[2])
		case m.Title != "" && m.Begin == "" && t != "":
			intro = append(intro, t)
		}
	}
	for _, l := range closing {
		if e := endClockRe.FindStringSubmatch(l.text); e != nil {
			m.End = clock(e[1], e[2])
			break
		}
	}
	s := strings.Join(strings.Fields(strings.Join(intro, " ")), " ")
	p := meetingLineRe.FindStringSubmatch(s)
	if p == nil {
		return
	}
	m.MeetingName = strings.TrimSpace(p[1])
	m.Date = date(p[2], p[3], p[4])
	if loc := locationRe.FindStringSubmatch(strings.TrimSpace(p[5])); loc != nil {
		m.Location = loc[1]
	}
	m.Organization = organizationOf(m.MeetingName)
}

// organizationOf reads the meeting body from a meeting name, in the
// nominative: "3. Sitzung des Rates der Gemeinde Nordstemmen" → "Rat",
// "Sitzung des Ortsrates Adensen" → "Ortsrat Adensen".
func organizationOf(name string) string {
	b := ofBodyRe.FindStringSubmatch(name)
	if b == nil {
		return ""
	}
	head := b[1]
	if strings.Contains(name, "des "+head) {
		switch {
		case strings.HasSuffix(head, "es") && len(head) > 4:
			head = strings.TrimSuffix(head, "es")
		case strings.HasSuffix(head, "s"):
			head = strings.TrimSuffix(head, "s")
		}
	}
	return strings.TrimSpace(head + bodyEnd.ReplaceAllString(b[2], ""))
}

func clock(h, m string) string {
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 24 || mm > 59 {
		return ""
	}
	return strconv.Itoa(hh/10) + strconv.Itoa(hh%10) + ":" + m
}

// date reads "29", "März"|"03.", "2022".
func date(d, mon, y string) time.Time {
	day, _ := strconv.Atoi(d)
	year, _ := strconv.Atoi(y)
	var month time.Month
	if n, err := strconv.Atoi(strings.TrimSuffix(mon, ".")); err == nil {
		month = time.Month(n)
	} else {
		month = months[strings.ToLower(mon)]
	}
	if month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 {
		return time.Time{}
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return time.Time{} // 31 April
	}
	return t
}
