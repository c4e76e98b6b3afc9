package tomlrec

import "testing"

func TestKeyLines(t *testing.T) {
	src := `# comment
[meeting]
id = "m"
"quoted.key" = 1
'a=b' = "x = y"
name = """
a = not a key
"""
tags = [
  "a]", # a bracket in a string and in a comment ]
  "b",
]
after = 2

[[agendaItem]]
id = "i1"
votes = { yes = 3, "no" = 1, note = "a, b = c" }

[[agendaItem.file]]
name = "f"

[[agendaItem]]
id = "i2"
"esc\"=" = 3
x.y = 4

[[agendaItem.file]]
name = "g"
`
	got := keyLines([]byte(src))
	for key, line := range map[string]int{
		"meeting":                    2,
		"meeting.id":                 3,
		"meeting.quoted.key":         4,
		"meeting.a=b":                5,
		"meeting.name":               6,
		"meeting.tags":               9,
		"meeting.after":              13,
		"agendaItem":                 15,
		"agendaItem[0]":              15,
		"agendaItem[0].id":           16,
		"agendaItem[0].votes":        17,
		"agendaItem[0].votes.yes":    17,
		"agendaItem[0].votes.no":     17,
		"agendaItem[0].votes.note":   17,
		"agendaItem[0].file[0]":      19,
		"agendaItem[0].file[0].name": 20,
		"agendaItem[1]":              22,
		"agendaItem[1].esc\\\"=":     24, // quotes trimmed, escapes kept as written
		"agendaItem[1].x.y":          25,
		"agendaItem[1].file[0]":      27, // a new element counts its nested tables from zero
		"agendaItem[1].file[0].name": 28,
	} {
		if got[key] != line {
			t.Errorf("%s: line %d, want %d", key, got[key], line)
		}
	}
	for _, key := range []string{"meeting.a = not a key", "meeting.a", "agendaItem[0].votes.b"} {
		if n, ok := got[key]; ok {
			t.Errorf("%q is no key, but got line %d", key, n)
		}
	}
}
