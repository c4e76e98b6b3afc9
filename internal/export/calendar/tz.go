package calendar

import (
	"time"

	ics "github.com/arran4/golang-ical"
)

// vtimezone describes loc between from and to as a VTIMEZONE: one
// STANDARD or DAYLIGHT observance for each period of loc (as Go's time
// zone database has them) that overlaps the span, each with its onset. Apps
// that know the zone by its name (TZID=Europe/Berlin) use their own rules;
// the others need these. Listing the onsets rather than deriving RRULEs
// stays right for any zone and any rule change, and the calendars cover
// only a few years.
func vtimezone(loc *time.Location, from, to time.Time) *ics.VTimezone {
	tz := ics.NewTimezone(loc.String())
	t := from.In(loc)
	for range maxObservances {
		start, end := t.ZoneBounds()
		name, offset := t.Zone()
		prevOffset := offset
		onset := start
		if start.IsZero() {
			// The period has no beginning (a zone without transitions, or
			// before the first one): any onset before the span will do.
			onset = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
		} else {
			_, prevOffset = start.Add(-time.Second).In(loc).Zone()
		}
		var obs *ics.ComponentBase
		if t.IsDST() {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			obs = &d.ComponentBase
		} else {
			s := tz.AddStandard()
			obs = &s.ComponentBase
		}
		// The onset is written in the local time in force before it.
		obs.AddProperty(ics.ComponentPropertyDtStart, onset.In(time.FixedZone("", prevOffset)).Format(localFormat))
		obs.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(prevOffset))
		obs.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(offset))
		obs.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		if end.IsZero() || end.After(to) {
			break
		}
		t = end.In(loc)
	}
	return tz
}

// maxObservances bounds a VTIMEZONE: two a year for a span far longer
// than calendars hold.
const maxObservances = 200

// utcOffset formats seconds east of UTC as RFC 5545's UTC-OFFSET: +0100,
// -0330, and seconds only when there are any.
func utcOffset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	b := []byte{sign, byte('0' + h/10), byte('0' + h%10), byte('0' + m/10), byte('0' + m%10)}
	if s != 0 {
		b = append(b, byte('0'+s/10), byte('0'+s%10))
	}
	return string(b)
}
