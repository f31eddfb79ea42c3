// Package calc holds the pure comparison functions of Chinese statistical bulletins: growth,
// the gap to a reference, the multiple of its growth, the share of its total, ranks, pull,
// contribution, two-year average growth, doubling, time progress and changes in points.
//
// Every function takes and returns plain numbers; percentages are in percent (10.5 means
// 10.5%) and differences of percentages in points. A result that does not apply is reported
// by ok == false, never by a zero. The package does no I/O and knows nothing of stores.
package calc

import (
	"math"
	"slices"
)

// Missing is the value of a figure that is not published.
var Missing = math.NaN()

// IsMissing reports whether x is a missing figure.
func IsMissing(x float64) bool { return math.IsNaN(x) }

// Growth is the growth in percent of current over base: (current / base - 1) × 100. It needs a
// positive base. Use it only for nominal levels on the same span: growth at comparable prices
// cannot be computed from levels at current prices.
func Growth(current, base float64) (float64, bool) {
	if IsMissing(current) || IsMissing(base) || base <= 0 {
		return Missing, false
	}
	return (current/base - 1) * 100, true
}

// Gap is the difference of two growth rates in points (高出全市平均增速X个百分点).
func Gap(growth, refGrowth float64) (float64, bool) {
	if IsMissing(growth) || IsMissing(refGrowth) {
		return Missing, false
	}
	return growth - refGrowth, true
}

// Multiple is how many times the reference growth the growth is (是全市的1.5倍). It is defined
// only when growth > refGrowth > 0: for a falling or flat reference a multiple means nothing.
func Multiple(growth, refGrowth float64) (float64, bool) {
	if IsMissing(growth) || IsMissing(refGrowth) || !(growth > refGrowth && refGrowth > 0) {
		return Missing, false
	}
	return growth / refGrowth, true
}

// Share is the part's share of the whole in percent (占全市52.4%), both levels of one period.
func Share(part, whole float64) (float64, bool) {
	if IsMissing(part) || IsMissing(whole) || whole <= 0 {
		return Missing, false
	}
	return part / whole * 100, true
}

// Ranks returns the competition rank of each value (1, 2, 2, 4): ties share a rank and the
// next rank skips. Missing values get rank 0 and are not counted. higherIsBetter chooses the
// direction: true ranks the largest first.
func Ranks(values []float64, higherIsBetter bool) []int {
	return RanksInto(make([]int, len(values)), values, higherIsBetter)
}

// RanksInto is Ranks writing into ranks, which must be as long as values, so that a caller
// ranking millions of small peer groups allocates nothing.
func RanksInto(ranks []int, values []float64, higherIsBetter bool) []int {
	ranks = ranks[:len(values)]
	var small [64]int
	order := small[:0]
	if len(values) > len(small) {
		order = make([]int, 0, len(values))
	}
	for i, v := range values {
		if !IsMissing(v) {
			order = append(order, i)
		}
	}
	better := func(a, b int) bool { // a ranks strictly before b
		if higherIsBetter {
			return values[a] > values[b]
		}
		return values[a] < values[b]
	}
	if len(order) <= len(small) {
		// Insertion sort: peer groups are small, and it needs no closure call per comparison.
		for i := 1; i < len(order); i++ {
			for j := i; j > 0 && better(order[j], order[j-1]); j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
	} else {
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case better(a, b):
				return -1
			case better(b, a):
				return 1
			}
			return 0
		})
	}
	clear(ranks)
	for pos, i := range order {
		if pos > 0 && values[i] == values[order[pos-1]] {
			ranks[i] = ranks[order[pos-1]]
		} else {
			ranks[i] = pos + 1
		}
	}
	return ranks
}

// RankOf is the competition rank of x among values (x need not be among them; ties share).
// It is 0 when x is missing.
func RankOf(x float64, values []float64, higherIsBetter bool) int {
	if IsMissing(x) {
		return 0
	}
	rank := 1
	for _, v := range values {
		if IsMissing(v) {
			continue
		}
		if (higherIsBetter && v > x) || (!higherIsBetter && v < x) {
			rank++
		}
	}
	return rank
}

// Pull is how many points a component's increase adds to the growth of a total
// (拉动GDP增长X个百分点): the component's increment over the total's base level, × 100.
func Pull(component, componentBase, totalBase float64) (float64, bool) {
	if IsMissing(component) || IsMissing(componentBase) || IsMissing(totalBase) || totalBase <= 0 {
		return Missing, false
	}
	return (component - componentBase) / totalBase * 100, true
}

// Contribution is the component's share of the total's increase in percent (贡献率X%).
func Contribution(component, componentBase, total, totalBase float64) (float64, bool) {
	if IsMissing(component) || IsMissing(componentBase) || IsMissing(total) || IsMissing(totalBase) || total == totalBase {
		return Missing, false
	}
	return (component - componentBase) / (total - totalBase) * 100, true
}

// TwoYearAverage is the average yearly growth over two years from the growth of each
// (两年平均增长): sqrt((1+g1)(1+g2)) - 1, in percent.
func TwoYearAverage(growth1, growth2 float64) (float64, bool) {
	if IsMissing(growth1) || IsMissing(growth2) {
		return Missing, false
	}
	product := (1 + growth1/100) * (1 + growth2/100)
	if product < 0 {
		return Missing, false
	}
	return (math.Sqrt(product) - 1) * 100, true
}

// Ratio is how many times the base the level is (2 for 倍增/翻番, 4 for 翻两番).
func Ratio(level, base float64) (float64, bool) {
	if IsMissing(level) || IsMissing(base) || base <= 0 {
		return Missing, false
	}
	return level / base, true
}

// Doubled reports whether level is at least twice base (倍增, 翻番); Quadrupled, four times (翻两番).
func Doubled(level, base float64) bool {
	r, ok := Ratio(level, base)
	return ok && r >= 2
}

// Quadrupled reports whether level is at least four times base (翻两番).
func Quadrupled(level, base float64) bool {
	r, ok := Ratio(level, base)
	return ok && r >= 4
}

// ImpliedYearlyRate is the constant yearly growth in percent that turns base into ratio × base
// over years: ratio^(1/years) - 1. Doubling in 5 years needs 14.87% a year.
func ImpliedYearlyRate(ratio, years float64) (float64, bool) {
	if IsMissing(ratio) || ratio <= 0 || years <= 0 {
		return Missing, false
	}
	return (math.Pow(ratio, 1/years) - 1) * 100, true
}

// TimeProgress is the share of the year elapsed at the end of month lastMonth (序时进度), in percent.
func TimeProgress(lastMonth int) (float64, bool) {
	if lastMonth < 1 || lastMonth > 12 {
		return Missing, false
	}
	return float64(lastMonth) / 12 * 100, true
}

// Completion is the completion of a target in percent (完成年度目标的X%); it may exceed 100.
func Completion(value, target float64) (float64, bool) {
	if IsMissing(value) || IsMissing(target) || target == 0 {
		return Missing, false
	}
	return value / target * 100, true
}

// AheadOfTimeProgress is how many points completion is ahead of time progress (超过时间进度X个
// 百分点); negative when behind.
func AheadOfTimeProgress(completion, timeProgress float64) (float64, bool) {
	return Gap(completion, timeProgress)
}

// PointChange is the change of a ratio between two periods in points (较上月提高0.3个百分点).
func PointChange(now, before float64) (float64, bool) {
	return Gap(now, before)
}
