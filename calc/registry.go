package calc

// Function is a comparison function by name, for formulas of derived indicators and for
// documentation: it takes numbers and says whether its result applies.
type Function struct {
	Name        string
	Args        []string
	Description string
	Call        func(args []float64) (float64, bool)
}

func unary(f func(float64) (float64, bool)) func([]float64) (float64, bool) {
	return func(a []float64) (float64, bool) { return f(a[0]) }
}

func binary(f func(float64, float64) (float64, bool)) func([]float64) (float64, bool) {
	return func(a []float64) (float64, bool) { return f(a[0], a[1]) }
}

// Functions is the registry, by name.
var Functions = map[string]Function{
	"growth":   {"growth", []string{"current", "base"}, "growth in percent of current over base", binary(Growth)},
	"gap":      {"gap", []string{"growth", "ref_growth"}, "difference of two growth rates in points", binary(Gap)},
	"multiple": {"multiple", []string{"growth", "ref_growth"}, "growth as a multiple of the reference growth, when growth > ref_growth > 0", binary(Multiple)},
	"share":    {"share", []string{"part", "whole"}, "share of the whole in percent", binary(Share)},
	"pull":     {"pull", []string{"component", "component_base", "total_base"}, "points a component adds to a total's growth", func(a []float64) (float64, bool) { return Pull(a[0], a[1], a[2]) }},
	"contribution": {"contribution", []string{"component", "component_base", "total", "total_base"}, "component's share of the total's increase in percent",
		func(a []float64) (float64, bool) { return Contribution(a[0], a[1], a[2], a[3]) }},
	"two_year_average": {"two_year_average", []string{"growth1", "growth2"}, "average yearly growth over two years", binary(TwoYearAverage)},
	"ratio":            {"ratio", []string{"level", "base"}, "how many times the base the level is", binary(Ratio)},
	"implied_rate":     {"implied_rate", []string{"ratio", "years"}, "constant yearly growth that reaches ratio in years", binary(ImpliedYearlyRate)},
	"time_progress":    {"time_progress", []string{"last_month"}, "share of the year elapsed in percent", unary(func(m float64) (float64, bool) { return TimeProgress(int(m)) })},
	"completion":       {"completion", []string{"value", "target"}, "completion of a target in percent", binary(Completion)},
	"ahead":            {"ahead", []string{"completion", "time_progress"}, "points ahead of time progress", binary(AheadOfTimeProgress)},
	"point_change":     {"point_change", []string{"now", "before"}, "change of a ratio in points", binary(PointChange)},
}
