package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ratsarchiv/ratsarchiv/internal/progress"
)

// byteSize is a flag value for a size: a number of bytes, optionally with
// a unit (500MiB, 2 GiB, 1.5G; KB, MB, GB and TB are powers of 1000).
type byteSize int64

// byteUnits maps units, in lower case, to their size.
var byteUnits = map[string]float64{
	"": 1, "b": 1,
	"k": 1 << 10, "kib": 1 << 10, "kb": 1e3,
	"m": 1 << 20, "mib": 1 << 20, "mb": 1e6,
	"g": 1 << 30, "gib": 1 << 30, "gb": 1e9,
	"t": 1 << 40, "tib": 1 << 40, "tb": 1e12,
}

// String formats the size as Set reads it back.
func (b *byteSize) String() string { return strings.ReplaceAll(progress.Bytes(int64(*b)), " ", "") }

// Set reads a size.
func (b *byteSize) Set(s string) error {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(s)
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	unit, ok := byteUnits[strings.ToLower(strings.TrimSpace(s[i:]))]
	if err != nil || !ok || n <= 0 || n*unit >= math.MaxInt64 {
		return fmt.Errorf("%q is not a size (2GiB, 500MiB, 1000000)", s)
	}
	*b = byteSize(n * unit)
	return nil
}

// Type names the value in usage messages.
func (b *byteSize) Type() string { return "size" }
