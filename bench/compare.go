package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"zoneboard/synthetic"
)

// key names one row of the full-table query: a unit, an indicator and a period.
type key struct {
	unit, indicator             string
	year, firstMonth, lastMonth int
}

func (k key) String() string {
	return fmt.Sprintf("%s %s %d-%02d..%02d", k.unit, k.indicator, k.year, k.firstMonth, k.lastMonth)
}

// result is the comparison columns of one row, as the engine's Row has them: numbers NaN and
// ranks 0 where they do not apply.
type result struct {
	value, growth, refValue, refGrowth float64
	shareOfRef, gapPP, multiple        float64
	rankByValue, rankByGrowth, peers   int
}

// sampleKeys picks about n rows of the shape at random, the same ones for every engine.
func sampleKeys(shape synthetic.Shape, n int) map[key]bool {
	n = min(n, shape.Rows())
	rng := rand.New(rand.NewPCG(shape.Seed, 0xbe7c4))
	sample := make(map[key]bool, n)
	for len(sample) < n {
		year := shape.FirstYear + rng.IntN(shape.Years)
		month := 2 + rng.IntN(synthetic.PeriodsPerYear)
		sample[key{synthetic.UnitCode(rng.IntN(shape.Units)), synthetic.IndicatorCode(rng.IntN(shape.Indicators)), year, 1, month}] = true
	}
	return sample
}

// compareAll compares each engine's row count and sampled rows with zoneboard's and prints
// the mismatches; it returns how many there are.
func compareAll(measured []measurement, sampleSize int) int {
	var reference *measurement
	for i := range measured {
		if measured[i].engine == "zoneboard" {
			reference = &measured[i]
		}
	}
	if reference == nil {
		fmt.Println("no comparison: zoneboard did not run")
		return 0
	}
	if len(reference.sample) != sampleSize {
		fmt.Printf("zoneboard: %d of the %d sampled rows are missing\n", sampleSize-len(reference.sample), sampleSize)
		return sampleSize - len(reference.sample)
	}
	total := 0
	for _, m := range measured {
		if m.engine == "zoneboard" {
			continue
		}
		mismatches := 0
		if m.rows != reference.rows {
			fmt.Printf("%s: %d rows, zoneboard %d\n", m.engine, m.rows, reference.rows)
			mismatches++
		}
		shown := 0
		for k, want := range reference.sample {
			got, ok := m.sample[k]
			diffs := differences(want, got)
			if !ok {
				diffs = []string{"row missing"}
			}
			if len(diffs) == 0 {
				continue
			}
			mismatches++
			if shown < 10 {
				fmt.Printf("%s: %s: %v\n", m.engine, k, diffs)
				shown++
			}
		}
		fmt.Printf("%s vs zoneboard: row counts %d and %d, %d sampled rows compared, %d mismatches\n",
			m.engine, m.rows, reference.rows, len(reference.sample), mismatches)
		total += mismatches
	}
	return total
}

// differences lists the columns where got differs from want.
func differences(want, got result) []string {
	var out []string
	numbers := []struct {
		name      string
		want, got float64
	}{
		{"value", want.value, got.value}, {"growth", want.growth, got.growth},
		{"ref_value", want.refValue, got.refValue}, {"ref_growth", want.refGrowth, got.refGrowth},
		{"share_of_ref", want.shareOfRef, got.shareOfRef}, {"gap_pp", want.gapPP, got.gapPP},
		{"multiple", want.multiple, got.multiple},
	}
	for _, c := range numbers {
		if !sameNumber(c.want, c.got) {
			out = append(out, fmt.Sprintf("%s zoneboard %v, got %v", c.name, c.want, c.got))
		}
	}
	ranks := []struct {
		name      string
		want, got int
	}{
		{"rank_by_value", want.rankByValue, got.rankByValue}, {"rank_by_growth", want.rankByGrowth, got.rankByGrowth},
		{"peers", want.peers, got.peers},
	}
	for _, c := range ranks {
		if c.want != c.got {
			out = append(out, fmt.Sprintf("%s zoneboard %d, got %d", c.name, c.want, c.got))
		}
	}
	return out
}

// sameNumber says whether two columns agree: both missing, or equal up to rounding, since the
// databases may evaluate the same formula in another order.
func sameNumber(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b))
}
