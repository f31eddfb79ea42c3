package ingest

import (
	"math"
	"testing"
)

// FuzzParseNumber: a number cell is read as a plain decimal within plausible bounds, or refused.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1150.2", "-13.4", "1,150.2", "１１５０．２", "10.5%", "1e3", "1.5E-2", "0x1p4", "1_000", "NaN", "12,3.4", "-", "—", ""} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, percent bool) {
		v, err := parseNumber(s, percent)
		if err != nil || v == nil {
			return
		}
		if math.IsNaN(*v) || math.IsInf(*v, 0) || math.Abs(*v) > maxPlausible {
			t.Fatalf("parseNumber(%q) = %v", s, *v)
		}
	})
}
