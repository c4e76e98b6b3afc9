package pages

import (
	"crypto/sha1"
	"fmt"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// Feeds: the site's Atom feed (on the home page) and one per committee with
// meetings. Both list the meetings held before Options.Now and their
// decisions (agenda items with a result), newest first, at most
// Options.FeedLimit entries. Meetings still to come are not in the feeds:
// an entry is dated by its meeting, and a date in the future would keep it
// on top of a reader's list (the calendars announce them).

// feed is the data of an Atom feed, rendered by layouts/_partials/atom-feed.html
// for the pages that have the output format "atom".
type feed struct {
	ID      string      `json:"id"`      // urn:uuid, stable (see entryID)
	Updated string      `json:"updated"` // of the newest entry; the build day when there is none
	Entries []feedEntry `json:"entries"`
}

// feedEntry is a meeting (Kind "meeting", with its agenda in Items) or a
// decision (Kind "decision": one agenda item with its result).
type feedEntry struct {
	Kind       string    `json:"kind"`
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Updated    string    `json:"updated"` // the meeting's start
	Committees []link    `json:"committees"`
	Location   string    `json:"location,omitempty"`
	Cancelled  bool      `json:"cancelled,omitempty"`
	Items      []itemRow `json:"items,omitempty"`
	Number     string    `json:"number,omitempty"`
	Result     string    `json:"result,omitempty"`
	Category   string    `json:"category,omitempty"`
	Meeting    *link     `json:"meeting,omitempty"`
	Paper      *paperRef `json:"paper,omitempty"`
}

// feedOutputs are the output formats of a page with a feed; the names are
// config.toml's [outputFormats].
var feedOutputs = []string{"html", "atom"}

// feedOf lists the meetings of ms (in start order) held before Now, newest
// first, each followed by its decisions, until the limit. id is the feed's
// Atom ID.
func (g *generator) feedOf(id string, ms []*record.Meeting) *feed {
	f := &feed{ID: id, Entries: []feedEntry{}}
	limit := g.opts.FeedLimit
	for i := len(ms) - 1; i >= 0 && len(f.Entries) < limit; i-- {
		m := ms[i]
		if !m.Start.Before(g.opts.Now) {
			continue
		}
		updated, committees, ml := date(m.Start), g.orgLinks(m.Organizations), g.meetingLink(m)
		e := feedEntry{Kind: "meeting", ID: g.entryID("meeting", m.ID), Title: m.Name, URL: ml.URL, Updated: updated,
			Committees: committees, Location: m.Location, Cancelled: m.Cancelled}
		for _, it := range m.AgendaItems {
			e.Items = append(e.Items, g.itemRow(it))
		}
		f.Entries = append(f.Entries, e)
		for _, it := range m.AgendaItems {
			if len(f.Entries) == limit {
				break
			}
			if it.ResultCategory == record.ResultNone {
				continue
			}
			f.Entries = append(f.Entries, feedEntry{Kind: "decision", ID: g.entryID("agendaItem", it.ID), Title: it.Name,
				URL: rel(permalink.AgendaItem(it.ID)), Updated: updated, Committees: committees, Number: it.Number,
				Result: it.Result, Category: string(it.ResultCategory), Meeting: &ml, Paper: g.paperRef(it.Paper)})
		}
	}
	f.Updated = date(g.opts.Now)
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
	}
	return f
}

// feedNamespace is the UUID namespace of ratsarchiv's Atom IDs.
var feedNamespace = [16]byte{0x6b, 0x1f, 0x0d, 0x52, 0x3a, 0x9e, 0x4c, 0x57, 0x8f, 0x21, 0x6e, 0x0b, 0x94, 0xd3, 0x27, 0xa8}

// entryID is the Atom ID of a record: a name-based UUID (RFC 9562,
// version 5) of the body, the kind and the record's ID. It does not change
// when a title is corrected, the site moves to another address or its
// permalinks change, and two archives with the same record IDs still give
// different IDs.
func (g *generator) entryID(kind, id string) string {
	body := g.a.Body.ID
	if body == "" {
		body = g.a.Body.Name
	}
	h := sha1.New()
	h.Write(feedNamespace[:])
	fmt.Fprintf(h, "%s\x00%s\x00%s", body, kind, id)
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// defaultFeedLimit is the number of feed entries when Options.FeedLimit is 0.
const defaultFeedLimit = 50
