package oparlapi

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestSpliceDataIsMarshal: a list page with its objects spliced in is
// byte for byte json.Marshal's encoding of it, for objects that
// json.Marshal escapes (HTML, line separators) and for none.
func TestSpliceDataIsMarshal(t *testing.T) {
	objects := []any{
		map[string]any{"name": "A & B <Ausschuss>", "id": "https://example.org/oparl/a"},
		map[string]any{"text": "Zeile\u2028Umbruch \"zitiert\" ä ß €", "n": 3},
		[]string{"x", "y"},
	}
	for _, n := range []int{0, 1, 3} {
		var raws []json.RawMessage
		for _, o := range objects[:n] {
			raw, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			raws = append(raws, raw)
		}
		lp := listPage{
			Pagination: pagination{TotalElements: 3, ElementsPerPage: 2, CurrentPage: 1, TotalPages: 2},
			Links:      links{First: "https://example.org/p/1", Self: "https://example.org/p/1?a=1&b=<2>", Last: "https://example.org/p/2"},
		}
		lp.Data = []json.RawMessage{}
		empty, err := json.Marshal(lp)
		if err != nil {
			t.Fatal(err)
		}
		got, err := spliceData(empty, raws)
		if err != nil {
			t.Fatal(err)
		}
		lp.Data = append([]json.RawMessage{}, raws...)
		want, err := json.Marshal(lp)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d objects:\n got %s\nwant %s", n, got, want)
		}
	}
	if _, err := spliceData([]byte(`{"pagination":{}}`), nil); err == nil {
		t.Error("spliced into a page that does not begin with its data")
	}
}
