package tomlrec

import (
	"bytes"
	"strconv"
	"strings"
)

// keyLines maps every key of a TOML document to the line it is written on,
// so that diagnostics found after decoding can point at the right line.
// BurntSushi/toml keeps key positions private, so this scans the (already
// successfully parsed) document once. Keys are paths with array-table
// indexes, as built by keyPath: "agendaItem[2].votes.yes".
//
// The scanner understands table headers, dotted keys, multi-line strings and
// multi-line arrays; keys inside inline tables get the line of the table.
// A mistake here only moves a line number in a message.
func keyLines(src []byte) map[string]int {
	lines := bytes.Split(src, []byte("\n"))
	out := make(map[string]int, 64)
	arrayCount := map[string]int{}
	table := "" // current table path, with indexes
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(string(lines[i]))
		if line == "" || line[0] == '#' {
			continue
		}
		if strings.HasPrefix(line, "[[") {
			name := headerName(line[2:], "]]")
			arrayCount[name]++
			// A new element starts its nested array tables from zero.
			for k := range arrayCount {
				if strings.HasPrefix(k, name+".") {
					delete(arrayCount, k)
				}
			}
			table = indexedPath(name, arrayCount) // includes the new index
			out[table] = i + 1
			// The array as a whole is where its first element starts.
			if whole := table[:strings.LastIndexByte(table, '[')]; out[whole] == 0 {
				out[whole] = i + 1
			}
			continue
		}
		if line[0] == '[' {
			name := headerName(line[1:], "]")
			table = indexedPath(name, arrayCount)
			out[table] = i + 1
			continue
		}
		key, rest, ok := splitKey(line)
		if !ok {
			continue
		}
		full := key
		if table != "" {
			full = table + "." + key
		}
		out[full] = i + 1
		rest = strings.TrimSpace(rest)
		switch {
		case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, `'''`):
			delim := rest[:3]
			if !strings.Contains(rest[3:], delim) {
				for i++; i < len(lines) && !bytes.Contains(lines[i], []byte(delim)); i++ {
				}
			}
		case strings.HasPrefix(rest, "{"):
			for _, k := range inlineKeys(rest) {
				out[full+"."+k] = i + 1
			}
		case strings.HasPrefix(rest, "["):
			depth := bracketDepth(rest)
			for depth > 0 && i+1 < len(lines) {
				i++
				depth += bracketDepth(string(lines[i]))
			}
		}
	}
	return out
}

// indexedPath turns a header name like "agendaItem.file" into a path with the
// current index of every array table on the way: "agendaItem[3].file[0]".
func indexedPath(name string, arrayCount map[string]int) string {
	parts := strings.Split(name, ".")
	var b strings.Builder
	prefix := ""
	for i, p := range parts {
		if i > 0 {
			prefix += "."
			b.WriteByte('.')
		}
		prefix += p
		b.WriteString(p)
		if n, ok := arrayCount[prefix]; ok {
			b.WriteString("[" + strconv.Itoa(n-1) + "]")
		}
	}
	return b.String()
}

// headerName is the table name of a header line after its opening brackets,
// up to end ("]" or "]]").
func headerName(s, end string) string {
	if i := strings.Index(s, end); i >= 0 {
		s = s[:i]
	}
	return normalizeKey(s)
}

// splitKey splits `a.b = value` into "a.b" and "value".
func splitKey(line string) (key, rest string, ok bool) {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"', '\'':
			i = closingQuote(line, i)
		case '=':
			return normalizeKey(line[:i]), line[i+1:], true
		}
	}
	return "", "", false
}

// normalizeKey removes blanks and quotes around the parts of a dotted key.
func normalizeKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// inlineKeys returns the top-level keys of an inline table `{ a = 1, b = 2 }`.
func inlineKeys(s string) []string {
	var keys []string
	depth, start := 0, 1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = closingQuote(s, i)
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case ',':
			if depth == 1 {
				start = i + 1
			}
		case '=':
			if depth == 1 {
				keys = append(keys, normalizeKey(s[start:i]))
			}
		}
	}
	return keys
}

// bracketDepth counts '[' minus ']' outside strings and comments.
func bracketDepth(s string) int {
	d := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = closingQuote(s, i)
		case '#':
			return d
		case '[':
			d++
		case ']':
			d--
		}
	}
	return d
}

// closingQuote returns the index of the quote that closes the string
// opening at s[i], or len(s) when the line ends first. Basic strings
// ("…") have backslash escapes, literal strings ('…') none.
func closingQuote(s string, i int) int {
	q := s[i]
	for i++; i < len(s); i++ {
		switch {
		case s[i] == '\\' && q == '"':
			i++
		case s[i] == q:
			return i
		}
	}
	return len(s)
}
