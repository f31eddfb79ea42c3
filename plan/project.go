package plan

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"zoneboard"
	"zoneboard/period"
)

// DefaultLagPoints is how far, in points, a project's investment may fall short of time
// progress before it is flagged as lagging.
const DefaultLagPoints = 10

// ProjectProgress is a project judged at the end of a month of its plan year.
type ProjectProgress struct {
	Project zoneboard.Project `json:"project"`
	// AsOf is the month judged, 2020-05.
	AsOf string `json:"as_of"`
	// Month is the investment completed in AsOf; Cumulative since January of the plan year.
	Month      *float64 `json:"month"`
	Cumulative *float64 `json:"cumulative"`
	// Completion is Cumulative as a percent of the annual plan; TimeProgress the months gone
	// as a percent of twelve; GapPoints their difference (+ ahead, - behind).
	Completion   *float64 `json:"completion"`
	TimeProgress float64  `json:"time_progress"`
	GapPoints    *float64 `json:"gap_points"`
	Started      bool     `json:"started"`
	Operating    bool     `json:"operating"`
	// Lagging says the project is behind; Reasons says why, in words for the UI to translate.
	Lagging  bool     `json:"lagging"`
	Reasons  []string `json:"reasons"`
	Status   string   `json:"status"`
	Progress string   `json:"progress"` // the latest 形象进度
	Problems string   `json:"problems"`
}

// EvaluateProject judges a project at the end of month asOf (1-12) of its plan year from its
// monthly reports.
func EvaluateProject(p zoneboard.Project, reports []zoneboard.ProjectReport, asOf int) ProjectProgress {
	month := fmt.Sprintf("%04d-%02d", p.Year, asOf)
	pp := ProjectProgress{Project: p, AsOf: month, TimeProgress: 100 * float64(asOf) / 12, Reasons: []string{},
		Progress: p.Progress, Problems: p.Problems}
	end := endOfMonth(month)
	cumulative, any := 0.0, false
	for _, r := range reports {
		if r.Project != p.Code || len(r.Month) < 7 || r.Month[:4] != strconv.Itoa(p.Year) || r.Month > month {
			continue
		}
		if r.Completed != nil {
			cumulative += *r.Completed
			any = true
		}
		if r.Month == month && r.Completed != nil {
			pp.Month = ptr(*r.Completed)
		}
		if r.Progress != "" {
			pp.Progress = r.Progress
		}
		if r.Problems != "" {
			pp.Problems = r.Problems
		}
	}
	if any {
		pp.Cumulative = ptr(cumulative)
		if p.AnnualPlan != nil && *p.AnnualPlan > 0 {
			pp.Completion = ptr(100 * cumulative / *p.AnnualPlan)
			pp.GapPoints = ptr(*pp.Completion - pp.TimeProgress)
		}
	}
	pp.Started = p.ActualStart != "" && p.ActualStart <= end
	pp.Operating = p.ActualOperation != "" && p.ActualOperation <= end
	if p.Lagging {
		pp.Reasons = append(pp.Reasons, "flagged")
	}
	if pp.GapPoints != nil && *pp.GapPoints < -DefaultLagPoints {
		pp.Reasons = append(pp.Reasons, "investment_behind")
	}
	if p.PlannedStart != "" && p.PlannedStart <= end && !pp.Started {
		pp.Reasons = append(pp.Reasons, "start_overdue")
	}
	if p.PlannedOperation != "" && p.PlannedOperation <= end && !pp.Operating {
		pp.Reasons = append(pp.Reasons, "operation_overdue")
	}
	// A project under way that has reported nothing by the month is worse than one behind:
	// nobody knows where it stands.
	if !any && p.Type != zoneboard.TypePreparatory && (p.PlannedStart == "" || p.PlannedStart <= end) {
		pp.Reasons = append(pp.Reasons, "not_reported")
	}
	pp.Lagging = len(pp.Reasons) > 0
	switch {
	case pp.Lagging:
		pp.Status = StatusLagging
	case !any && p.Type != zoneboard.TypePreparatory:
		pp.Status = StatusNotBegun
	default:
		pp.Status = StatusNormal
	}
	return pp
}

// endOfMonth is the last day of a month 2020-05, as 2020-05-31.
func endOfMonth(month string) string {
	year, _ := strconv.Atoi(month[:4])
	m, _ := strconv.Atoi(month[5:7])
	return dayOf(period.Month(year, m))
}

// ProjectSummary adds up a set of projects at one month: "16个项目,总投资近100亿元,完成投资
// X亿元,占年度计划的Y%,超过时间进度Z个百分点", and the start and operation rates.
type ProjectSummary struct {
	Key             string   `json:"key"`
	Count           int      `json:"count"`
	TotalInvestment float64  `json:"total_investment"`
	AnnualPlan      float64  `json:"annual_plan"`
	Completed       float64  `json:"completed"`
	Completion      *float64 `json:"completion"`
	TimeProgress    float64  `json:"time_progress"`
	GapPoints       *float64 `json:"gap_points"`
	// PlannedToStart counts the projects due to start by the month; Started those of them
	// that have; StartRate is Started / PlannedToStart in percent (开工率). Likewise for
	// operation (投产率).
	PlannedToStart   int      `json:"planned_to_start"`
	Started          int      `json:"started"`
	StartRate        *float64 `json:"start_rate"`
	PlannedToOperate int      `json:"planned_to_operate"`
	Operating        int      `json:"operating"`
	OperationRate    *float64 `json:"operation_rate"`
	Lagging          int      `json:"lagging"`
}

// Summarize adds up projects judged at one month, grouped by key (a park, an industry, a
// level; "" for one group of all), in the order of the keys.
func Summarize(progress []ProjectProgress, key func(ProjectProgress) string) []ProjectSummary {
	groups := map[string]*ProjectSummary{}
	var keys []string
	for _, pp := range progress {
		k := key(pp)
		s := groups[k]
		if s == nil {
			s = &ProjectSummary{Key: k, TimeProgress: pp.TimeProgress}
			groups[k] = s
			keys = append(keys, k)
		}
		p := pp.Project
		s.Count++
		s.TotalInvestment += orZero(p.TotalInvestment)
		s.AnnualPlan += orZero(p.AnnualPlan)
		s.Completed += orZero(pp.Cumulative)
		end := endOfMonth(pp.AsOf)
		if len(p.PlannedStart) >= 4 && p.PlannedStart <= end && p.PlannedStart[:4] == strconv.Itoa(p.Year) {
			s.PlannedToStart++
			if pp.Started {
				s.Started++
			}
		}
		if len(p.PlannedOperation) >= 4 && p.PlannedOperation <= end && p.PlannedOperation[:4] == strconv.Itoa(p.Year) {
			s.PlannedToOperate++
			if pp.Operating {
				s.Operating++
			}
		}
		if pp.Lagging {
			s.Lagging++
		}
	}
	sort.Strings(keys)
	out := make([]ProjectSummary, len(keys))
	for i, k := range keys {
		s := groups[k]
		if s.AnnualPlan > 0 {
			s.Completion = ptr(100 * s.Completed / s.AnnualPlan)
			s.GapPoints = ptr(*s.Completion - s.TimeProgress)
		}
		if s.PlannedToStart > 0 {
			s.StartRate = ptr(100 * float64(s.Started) / float64(s.PlannedToStart))
		}
		if s.PlannedToOperate > 0 {
			s.OperationRate = ptr(100 * float64(s.Operating) / float64(s.PlannedToOperate))
		}
		out[i] = *s
	}
	return out
}

func orZero(p *float64) float64 {
	if p == nil || math.IsNaN(*p) {
		return 0
	}
	return *p
}

// LatestMonth is the last month of a year with a project report, or 0.
func LatestMonth(reports []zoneboard.ProjectReport, year int) int {
	latest := 0
	for _, r := range reports {
		if len(r.Month) == 7 && r.Month[:4] == strconv.Itoa(year) {
			if m, _ := strconv.Atoi(r.Month[5:7]); m > latest {
				latest = m
			}
		}
	}
	return latest
}
