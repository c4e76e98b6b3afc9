package main

import "testing"

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int64{
		"1000": 1000, "2GiB": 2 << 30, "2 GiB": 2 << 30, "500MiB": 500 << 20, "1.5G": 3 << 29, "20KiB": 20 << 10,
		"1GB": 1e9, "3mb": 3e6, "64k": 64 << 10, "2.0GiB": 2 << 30,
	} {
		var b byteSize
		if err := b.Set(in); err != nil || int64(b) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "GiB", "-1GiB", "0", "2 parsecs", "1e3", "1..2G", "99999999999TiB"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("Set(%q) = %d, want an error", in, b)
		}
	}
	t.Run("StringReadsBack", func(t *testing.T) {
		for _, n := range []byteSize{2 << 30, 500 << 20, 20 << 10, 1000} {
			var b byteSize
			if err := b.Set(n.String()); err != nil || b != n {
				t.Errorf("%d → %q → %d, %v", n, n.String(), b, err)
			}
		}
	})
}
