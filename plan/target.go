// Package plan judges the annual plan against the figures and the calendar: how far each
// target has come against time progress (序时进度) and where its pace leads, how much of each
// project's annual investment is done, which tasks are overdue or due soon, and what to remind
// whom of. Its functions are pure: the figures and today's date come in as arguments.
package plan

import (
	"math"
	"time"

	"zoneboard"
	"zoneboard/calc"
	"zoneboard/period"
)

// Statuses of targets, tasks and projects, from the best to the worst.
const (
	StatusAchieved = "achieved"  // 已完成
	StatusOnTrack  = "on_track"  // 序时推进
	StatusBehind   = "behind"    // 滞后 (yellow)
	StatusAtRisk   = "at_risk"   // 预警 (red)
	StatusMissed   = "missed"    // 逾期未完成
	StatusNoData   = "no_data"   // 暂无数据
	StatusDone     = "done"      // a task signed off
	StatusOverdue  = "overdue"   // a task past its deadline
	StatusDueSoon  = "due_soon"  // a task due within the reminder window
	StatusOpen     = "open"      // a task under way
	StatusLagging  = "lagging"   // a project behind time progress or its dates
	StatusNormal   = "normal"    // a project on schedule
	StatusNotBegun = "not_begun" // a project with no report yet
)

// severity orders statuses for a goal, which shows its worst item.
var severity = map[string]int{StatusAchieved: 0, StatusDone: 0, StatusOnTrack: 1, StatusNormal: 1, StatusOpen: 1,
	StatusNoData: 2, StatusNotBegun: 2, StatusDueSoon: 3, StatusBehind: 4, StatusLagging: 4, StatusAtRisk: 5, StatusOverdue: 5, StatusMissed: 6}

// Worst returns the most serious of statuses.
func Worst(statuses ...string) string {
	worst := ""
	for _, s := range statuses {
		if worst == "" || severity[s] > severity[worst] {
			worst = s
		}
	}
	return worst
}

// Default thresholds, in points: a level target is behind when its completion falls short of
// time progress at all, at risk when by more than 10 points; a growth target without a floor
// is at risk more than 2 points below its target growth.
const (
	DefaultBehindPoints       = 0
	DefaultAtRiskPoints       = 10
	DefaultGrowthAtRiskPoints = 2
)

// Figure is one published figure of the target's indicator for the target's unit.
type Figure struct {
	Period period.Period
	Value  float64 // NaN when not published
	Growth float64 // NaN when not published
}

// TargetProgress is a target judged against its figures on a day.
type TargetProgress struct {
	Target zoneboard.Target `json:"target"`
	// AsOf is the period of the figure judged; zero when there is none.
	AsOf   period.Period `json:"as_of"`
	Value  *float64      `json:"value"`
	Growth *float64      `json:"growth"`
	// Completion is how much of the way from the baseline to the target is done, in percent
	// (for a growth target: the growth as a percent of the target growth).
	Completion *float64 `json:"completion"`
	// TimeProgress is the share of the target's time gone at AsOf, in percent.
	TimeProgress *float64 `json:"time_progress"`
	// GapPoints is Completion minus TimeProgress for a level, growth minus target for a growth.
	GapPoints *float64 `json:"gap_points"`
	// Projected is where the figure ends at the deadline at the current pace.
	Projected           *float64 `json:"projected"`
	ProjectedCompletion *float64 `json:"projected_completion"`
	ReachesStretch      bool     `json:"reaches_stretch"`
	Status              string   `json:"status"`
	// DeadlinePassed says the deadline is behind today though the figures do not cover it yet.
	DeadlinePassed bool `json:"deadline_passed"`
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// monthIndex counts months from year 0, so that spans across years subtract.
func monthIndex(year, month int) int { return year*12 + month - 1 }

// baselineEnd is the last month before the target's time starts: the end of its baseline
// period, by default the December before the deadline's year.
func baselineEnd(t zoneboard.Target) int {
	if !t.BaselinePeriod.IsZero() {
		return monthIndex(t.BaselinePeriod.Year, t.BaselinePeriod.Last)
	}
	return monthIndex(t.Deadline.Year-1, 12)
}

// EvaluateTarget judges a target from the figures of its indicator and unit, on a day
// (2020-06-30). A cumulative indicator's targets within one year compare the year-to-date
// figure with the year's target; longer targets and stocks compare the latest figure, counted
// from the baseline.
func EvaluateTarget(t zoneboard.Target, ind zoneboard.Indicator, figures []Figure, today string) TargetProgress {
	tp := TargetProgress{Target: t, Status: StatusNoData}
	start := baselineEnd(t)
	end := monthIndex(t.Deadline.Year, t.Deadline.Last)
	total := end - start
	deadlinePassed := today > dayOf(t.Deadline)
	tp.DeadlinePassed = deadlinePassed
	if total <= 0 {
		return tp
	}
	singleYear := total <= 12 && t.Deadline.Year == (start+1)/12
	flow := ind.Cumulative && !ind.Stock
	measure := func(f Figure) float64 {
		if t.Measure == zoneboard.MeasureGrowth {
			return f.Growth
		}
		return f.Value
	}
	// The figure judged: the latest inside the target's time that says what the target asks.
	var best *Figure
	for i := range figures {
		f := &figures[i]
		at := monthIndex(f.Period.Year, f.Period.Last)
		// Only what could be known on the day counts: judging at a past day shows the plan
		// as it stood then.
		if at <= start || at > end || math.IsNaN(measure(*f)) || dayOf(f.Period) > today {
			continue
		}
		switch {
		case flow && singleYear && !f.Period.IsYearToDate(): // a year's flow is judged by its year-to-date figure
			continue
		case flow && !singleYear && !f.Period.IsYear(): // a flow over years by whole years
			continue
		}
		if best == nil || at > monthIndex(best.Period.Year, best.Period.Last) ||
			at == monthIndex(best.Period.Year, best.Period.Last) && f.Period.Months() > best.Period.Months() {
			best = f
		}
	}
	if best == nil {
		return tp
	}
	tp.AsOf = best.Period
	tp.Value, tp.Growth = ptr(best.Value), ptr(best.Growth)
	elapsed := monthIndex(best.Period.Year, best.Period.Last) - start
	timeProgress := 100 * float64(elapsed) / float64(total)
	tp.TimeProgress = ptr(timeProgress)
	target := orNaN(t.Value)
	x := measure(*best)
	covered := elapsed >= total
	tp.DeadlinePassed = deadlinePassed && !covered
	// Where lower is better (energy per unit of output, a ceiling on debt), the comparisons
	// turn: "at least" becomes "at most".
	down := ind.Better == zoneboard.BetterDown
	atLeast := func(a, b float64) bool { return a >= b }
	if down {
		atLeast = func(a, b float64) bool { return a <= b }
	}

	if t.Measure == zoneboard.MeasureGrowth {
		// A growth target is judged and shown in points above or below it (低于目标8.2个百分点):
		// a growth of 5% against 10% is not "50% done", and against a negative target a
		// percentage means nothing. Completion stays empty.
		gap := x - target
		tp.GapPoints = ptr(gap)
		tp.Projected = ptr(x)
		tp.ReachesStretch = t.Stretch != nil && atLeast(x, *t.Stretch)
		// short is how far the growth falls short of the target, whichever way is better.
		short := -gap
		if down {
			short = gap
		}
		switch {
		case covered && short <= 0:
			tp.Status = StatusAchieved
		case covered:
			tp.Status = StatusMissed
		case short <= pointsOr(t.BehindPoints, DefaultBehindPoints):
			tp.Status = StatusOnTrack
		case t.Floor != nil && atLeast(x, *t.Floor):
			tp.Status = StatusBehind
		case t.Floor == nil && short <= pointsOr(t.AtRiskPoints, DefaultGrowthAtRiskPoints):
			tp.Status = StatusBehind
		default:
			tp.Status = StatusAtRisk
		}
		return tp
	}

	// A level: the way from the baseline to the target. A year's flow starts from zero; any
	// other level from its baseline, given or, failing that, published for the baseline's end.
	base := 0.0
	if !(flow && singleYear) {
		if t.Baseline != nil {
			base = *t.Baseline
		} else if b, ok := baselineFigure(figures, start, flow); ok {
			base = b
		}
	}
	completion := calc.Missing
	if target != base {
		completion = 100 * (x - base) / (target - base)
	}
	tp.Completion = ptr(completion)
	gap := completion - timeProgress
	tp.GapPoints = ptr(gap)
	// At the current pace: a flow within a year keeps its monthly average; anything else
	// keeps its monthly gain since the baseline.
	projected := base + (x-base)*float64(total)/float64(elapsed)
	if covered {
		projected = x
	}
	tp.Projected = ptr(projected)
	if target != base {
		tp.ProjectedCompletion = ptr(100 * (projected - base) / (target - base))
	}
	tp.ReachesStretch = t.Stretch != nil && atLeast(x, *t.Stretch)
	// short is how far, in points, the completion falls behind time progress; for a ceiling,
	// how far it runs ahead of it.
	short := -gap
	if down {
		short = gap
	}
	switch {
	case math.IsNaN(completion):
		tp.Status = StatusNoData
	case !down && completion >= 100:
		tp.Status = StatusAchieved
	case down && covered && atLeast(x, target):
		tp.Status = StatusAchieved
	case covered, down && !atLeast(x, target) && flow:
		// a ceiling on a flow that is passed before the deadline stays passed
		tp.Status = StatusMissed
	case short <= pointsOr(t.BehindPoints, DefaultBehindPoints):
		tp.Status = StatusOnTrack
	case short <= pointsOr(t.AtRiskPoints, DefaultAtRiskPoints):
		tp.Status = StatusBehind
	default:
		tp.Status = StatusAtRisk
	}
	return tp
}

// baselineFigure is the figure published for the end of a target's baseline: for a flow the
// whole year, for a stock any period ending then.
func baselineFigure(figures []Figure, start int, flow bool) (float64, bool) {
	for _, f := range figures {
		if monthIndex(f.Period.Year, f.Period.Last) != start || math.IsNaN(f.Value) || flow && !f.Period.IsYear() {
			continue
		}
		return f.Value, true
	}
	return 0, false
}

func pointsOr(x, fallback float64) float64 {
	if x > 0 {
		return x
	}
	return fallback
}

// dayOf is the last day of a period, as a day string.
func dayOf(p period.Period) string {
	return time.Date(p.Year, time.Month(p.Last)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
