package searchindex

import (
	"reflect"
	"testing"
)

// FuzzDecodeSplits: any bytes give splits or an error, never a panic, and
// what decodes encodes back to the same splits.
func FuzzDecodeSplits(f *testing.F) {
	f.Add([]byte("kitagebuhr\tkita gebuhr\nsozialausschuss\tsozial ausschuss\n"))
	f.Add([]byte("x\ty\n"))
	f.Add([]byte("\t\t\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		splits, err := decodeSplits(data)
		if err != nil {
			return
		}
		again, err := decodeSplits(encodeSplits(splits))
		if err != nil || !reflect.DeepEqual(again, splits) {
			t.Fatalf("round trip: %q, %v; want %q", again, err, splits)
		}
	})
}

func TestDecodeSplits(t *testing.T) {
	want := map[string][]string{"kitagebuhr": {"kita", "gebuhr"}, "sozialausschusssitzung": {"sozialausschuss", "sitzung"}}
	got, err := decodeSplits(encodeSplits(want))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("decodeSplits(encodeSplits) = %q, %v", got, err)
	}
	if _, err := decodeSplits([]byte("kita\tgebuhr\n")); err == nil {
		t.Error("a split of one part decoded")
	}
}
