package build

import (
	"fmt"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/permalink"
	"github.com/ratsarchiv/ratsarchiv/internal/record"
	"github.com/ratsarchiv/ratsarchiv/internal/site"
)

// checkPageCounts compares the regular pages Hugo rendered in each record
// section with the records of that kind. Hugo drops a page without a word
// when its content path means something else to it (papers/index.md would
// turn the papers section into one page), and a site missing pages while
// every link to them stays must never be published.
func checkPageCounts(pub *record.Archive, rendered []site.PageInfo) error {
	got := map[string]int{}
	for _, p := range rendered {
		if p.Kind == "page" {
			got[p.Section]++
		}
	}
	var wrong []string
	for _, k := range []struct {
		section, name string
		records       int
	}{
		{permalink.MeetingsSection, "meeting", len(pub.Meetings)},
		{permalink.ItemsSection, "agenda item", countItems(pub)},
		{permalink.PapersSection, "paper", len(pub.Papers)},
		{permalink.OrganizationsSection, "committee", len(pub.Organizations)},
		{permalink.PersonsSection, "person", len(pub.Persons)},
	} {
		if n := got[k.section]; n != k.records {
			wrong = append(wrong, fmt.Sprintf("%d %s pages in %s/ for %d %s records", n, k.name, k.section, k.records, k.name))
		}
	}
	if len(wrong) > 0 {
		return fmt.Errorf("build: the rendered site does not match the records: %s (a page Hugo gives a meaning of its own, such as content/papers/index.md, swallows its section); nothing was published", strings.Join(wrong, ", "))
	}
	return nil
}
