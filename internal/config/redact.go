package config

import (
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/ratsarchiv/ratsarchiv/internal/record"
)

// redactKey is the setting whose entries must each match a record.
var redactKey = []string{"params", "ratsarchiv", "redact"}

// RedactPos returns where the redact entry id is written (its first
// entry): the config file and the line, for the message when it matches no
// record.
func (c *Config) RedactPos(id string) record.Pos {
	pos := record.Pos{File: c.Path}
	if i := slices.Index(c.Archive.Redact, id); i >= 0 && i < len(c.Archive.RedactLines) {
		pos.Line = c.Archive.RedactLines[i]
	}
	return pos
}

// redactLines returns the line of each string in params.ratsarchiv.redact,
// in order, however the file writes the key: under [params.ratsarchiv], as
// a dotted key, in an inline table, or as an array across lines with
// comments. BurntSushi/toml, which decodes the config, gives no positions
// of values; go-toml's parser (Hugo reads its config with it, so it is in
// the binary anyway) gives the byte range of each. Lines it cannot find are
// missing (a message then names only the file).
func redactLines(src []byte) []int {
	var p unstable.Parser
	p.Reset(src)
	var table []string
	var out []int
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = keyParts(e.Key())
		case unstable.KeyValue:
			out = append(out, valueLines(&p, slices.Concat(table, keyParts(e.Key())), e.Value())...)
		}
	}
	return out
}

// valueLines returns the lines of the redact entries in the value v of key.
func valueLines(p *unstable.Parser, key []string, v *unstable.Node) []int {
	var out []int
	switch {
	case keyIs(key, redactKey) && v.Kind == unstable.Array:
		for it := v.Children(); it.Next(); {
			if n := it.Node(); n.Kind == unstable.String {
				out = append(out, p.Shape(n.Raw).Start.Line)
			}
		}
	case v.Kind == unstable.InlineTable && len(key) < len(redactKey) && keyIs(key, redactKey[:len(key)]):
		for it := v.Children(); it.Next(); {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				out = append(out, valueLines(p, slices.Concat(key, keyParts(kv.Key())), kv.Value())...)
			}
		}
	}
	return out
}

// keyIs compares keys as BurntSushi/toml matches them to the Config's
// fields: ignoring case.
func keyIs(key, want []string) bool {
	return slices.EqualFunc(key, want, strings.EqualFold)
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}
