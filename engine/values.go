package engine

import (
	"zoneboard"
	"zoneboard/calc"
	"zoneboard/period"
)

// How a value or a growth was obtained.
const (
	SourceReported = "reported"
	SourceComputed = "computed"
	// SourceDerived is a value of a span made from published spans: a quarter as the
	// difference of two year-to-date values, a stock at the end of the span, a sum of months.
	SourceDerived = "derived"
	// SourceFormula is a value of a derived indicator, computed by its formula.
	SourceFormula = "formula"
	// SourceSummed is a parent's value as the sum of children that partition it.
	SourceSummed = "summed"
)

// maxDepth bounds the recursion of formulas and partitions over a view that a bad definition
// could make circular.
const maxDepth = 8

// value is the level of a unit's indicator in a period, NaN when it is neither published nor
// derivable, and how it was obtained.
func (v *view) value(u, ind int32, p period.Period, depth int) (float64, string) {
	if depth > maxDepth {
		return calc.Missing, ""
	}
	def := &v.indicators[ind]
	s := v.get(u, ind)
	if s != nil {
		if i := s.find(keyOf(p)); i >= 0 && !calc.IsMissing(s.values[i]) {
			return s.values[i], SourceReported
		}
	}
	if def.formula != nil {
		inputs := make(map[string]float64, len(def.formula.Inputs))
		for _, code := range def.formula.Inputs {
			x, _ := v.value(u, v.indicatorIndex[code], p, depth+1)
			inputs[code] = x
		}
		if x := def.formula.Eval(inputs); !calc.IsMissing(x) {
			return x, SourceFormula
		}
	}
	if s != nil {
		if x := v.derivedSpan(s, def, p); !calc.IsMissing(x) {
			return x, SourceDerived
		}
	}
	if unit := &v.units[u]; unit.Partitioned && def.Aggregate == zoneboard.AggregateSum && len(unit.children) > 0 {
		sum := 0.0
		for _, c := range unit.children {
			x, _ := v.value(c, ind, p, depth+1)
			if calc.IsMissing(x) {
				return calc.Missing, ""
			}
			sum += x
		}
		return sum, SourceSummed
	}
	return calc.Missing, ""
}

// derivedSpan makes the value of a span that is not published from published ones, for
// indicators that add up over time.
func (v *view) derivedSpan(s *series, def *indicatorInfo, p period.Period) float64 {
	stored := func(q period.Period) float64 {
		if i := s.find(keyOf(q)); i >= 0 {
			return s.values[i]
		}
		return calc.Missing
	}
	switch {
	case def.Stock:
		// A stock is what stands at the end of the span.
		return stored(period.Month(p.Year, p.Last))
	case def.Aggregate != zoneboard.AggregateSum:
		return calc.Missing
	case def.Cumulative:
		if p.IsYearToDate() {
			return calc.Missing
		}
		// A single month or quarter is the difference of two year-to-date values.
		return stored(period.YearToDate(p.Year, p.Last)) - stored(period.YearToDate(p.Year, p.First-1))
	default:
		// A span of a flow published by month or by quarter is the sum of its parts.
		for _, step := range []int{1, 3} {
			if p.Months() <= step || (p.First-1)%step != 0 || p.Months()%step != 0 {
				continue // the span is a single part, or the parts do not tile it
			}
			sum := 0.0
			for m := p.First; m <= p.Last && !calc.IsMissing(sum); m += step {
				sum += stored(period.Period{Year: p.Year, First: m, Last: m + step - 1})
			}
			if !calc.IsMissing(sum) {
				return sum
			}
		}
		return calc.Missing
	}
}

// growth is the growth of a unit's indicator in a period: the published one, or for a nominal
// indicator the growth computed from its levels against the same span last year.
func (v *view) growth(u, ind int32, p period.Period, value float64) (float64, string) {
	if s := v.get(u, ind); s != nil {
		if i := s.find(keyOf(p)); i >= 0 && !calc.IsMissing(s.growths[i]) {
			return s.growths[i], SourceReported
		}
	}
	if v.indicators[ind].PriceBasis == zoneboard.Real || calc.IsMissing(value) {
		return calc.Missing, ""
	}
	base, _ := v.value(u, ind, p.SameSpanLastYear(), 0)
	if g, ok := calc.Growth(value, base); ok {
		return g, SourceComputed
	}
	return calc.Missing, ""
}

// previous is the period a change is measured from: the previous cumulative period for a
// year-to-date span (一季度 before 上半年), else the span of the same length just before.
func previous(p period.Period, def *zoneboard.Indicator) (period.Period, bool) {
	if def.Cumulative && p.IsYearToDate() {
		return p.PreviousCumulative(def.Frequency.StepMonths(), def.JanuaryAlone)
	}
	n := p.Months()
	if p.First-n < 1 {
		return period.Period{}, false
	}
	return period.Period{Year: p.Year, First: p.First - n, Last: p.Last - n}, true
}
