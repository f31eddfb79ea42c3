package zoneboard

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"zoneboard/msg"
	"zoneboard/period"
)

// The annual plan: goals and sub-goals, and under them targets (an indicator to reach by a
// deadline), key tasks (work with milestones, closed by sign-off) and key projects (investment
// followed month by month). Amounts of money are in 亿元.

// Goal is a node of the plan tree: 目标 such as "建设国际一流的核电院士人才谷", under a parent
// goal or at the top.
type Goal struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Parent      string `json:"parent"`
	Unit        string `json:"unit"` // the unit whose goal it is
	Description string `json:"description"`
	Order       int    `json:"order"`
}

// TargetMeasure says what a target's numbers are: a level of the indicator (80亿元) or its
// growth (增长8%).
type TargetMeasure string

const (
	MeasureLevel  TargetMeasure = "level"
	MeasureGrowth TargetMeasure = "growth"
)

// Target binds an indicator, a unit and a deadline (目标任务): the floor (保底), the target
// and the stretch (冲刺) it should reach by the end of the deadline period, from a baseline.
type Target struct {
	Code      string        `json:"code"`
	Name      string        `json:"name"`
	Goal      string        `json:"goal"`
	Indicator string        `json:"indicator"`
	Unit      string        `json:"unit"`
	Measure   TargetMeasure `json:"measure"`
	// Deadline is the period by whose end the target is due: 2020 for a year's target, 2025
	// for "by the end of the 14th five-year plan".
	Deadline period.Period `json:"deadline"`
	// BaselinePeriod is the period the baseline was measured in; the default is the year
	// before the deadline's first year.
	BaselinePeriod   period.Period `json:"baseline_period"`
	Baseline         *float64      `json:"baseline"`
	Floor            *float64      `json:"floor"`
	Value            *float64      `json:"target"`
	Stretch          *float64      `json:"stretch"`
	LeadUnit         string        `json:"lead_unit"`
	ResponsibleUnits []string      `json:"responsible_units"`
	Leader           string        `json:"leader"`
	// BehindPoints and AtRiskPoints are how far below time progress (for a level) or below
	// the target growth (for a growth), in points, a target is behind or at risk; zero means
	// the defaults.
	BehindPoints float64 `json:"behind_points"`
	AtRiskPoints float64 `json:"at_risk_points"`
	Note         string  `json:"note"`
}

// Milestone is a dated step of a task.
type Milestone struct {
	Name   string `json:"name"`
	Due    string `json:"due"`     // a day, 2020-06-30
	DoneOn string `json:"done_on"` // empty until done
}

// Task is a key task (重点任务): work a lead unit does with cooperating units by a deadline,
// reported on monthly and closed by sign-off (销号).
type Task struct {
	Code             string      `json:"code"`
	Name             string      `json:"name"`
	Goal             string      `json:"goal"`
	LeadUnit         string      `json:"lead_unit"`
	CooperatingUnits []string    `json:"cooperating_units"`
	Leader           string      `json:"leader"`
	Start            string      `json:"start"`
	Deadline         string      `json:"deadline"`
	Milestones       []Milestone `json:"milestones"`
	Note             string      `json:"note"`
	// SignedOffOn and SignedOffBy are set by sign-off; a signed-off task is done.
	SignedOffOn string `json:"signed_off_on"`
	SignedOffBy string `json:"signed_off_by"`
}

// TaskReport is a month's progress report on a task.
type TaskReport struct {
	Task       string    `json:"task"`
	Month      string    `json:"month"` // 2020-05
	Percent    *float64  `json:"percent"`
	Text       string    `json:"text"`
	Links      []string  `json:"links"`
	ReportedBy string    `json:"reported_by"`
	ReportedAt time.Time `json:"reported_at"`
}

// Project levels and types (DOMAIN §5).
const (
	LevelProvince = "province"
	LevelCity     = "city"
	LevelDistrict = "district"

	TypeNew         = "new"
	TypeContinuing  = "continuing"
	TypeCompleting  = "completing"
	TypePreparatory = "preparatory"
)

// Project is a key project (重点项目).
type Project struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Goal     string `json:"goal"`
	Owner    string `json:"owner"` // 建设单位
	Unit     string `json:"unit"`  // where it is built
	Industry string `json:"industry"`
	Level    string `json:"level"`
	Type     string `json:"type"`
	// Year is the plan year that AnnualPlan and the monthly reports belong to.
	Year              int      `json:"year"`
	TotalInvestment   *float64 `json:"total_investment"`
	AnnualPlan        *float64 `json:"annual_plan"`
	PlannedStart      string   `json:"planned_start"`
	ActualStart       string   `json:"actual_start"`
	PlannedCompletion string   `json:"planned_completion"`
	ActualCompletion  string   `json:"actual_completion"`
	PlannedOperation  string   `json:"planned_operation"`
	ActualOperation   string   `json:"actual_operation"`
	Progress          string   `json:"progress"` // 形象进度
	Leader            string   `json:"leader"`
	ResponsibleUnit   string   `json:"responsible_unit"`
	Problems          string   `json:"problems"`
	// Lagging is the project office's own flag; lagging is also computed from the figures.
	Lagging bool `json:"lagging"`
}

// ProjectReport is a month's report on a project: the investment completed in the month.
type ProjectReport struct {
	Project    string    `json:"project"`
	Month      string    `json:"month"` // 2020-05
	Completed  *float64  `json:"completed"`
	Progress   string    `json:"progress"`
	Problems   string    `json:"problems"`
	ReportedBy string    `json:"reported_by"`
	ReportedAt time.Time `json:"reported_at"`
}

// Plan is the whole plan as stored.
type Plan struct {
	Goals          []Goal          `json:"goals"`
	Targets        []Target        `json:"targets"`
	Tasks          []Task          `json:"tasks"`
	Projects       []Project       `json:"projects"`
	TaskReports    []TaskReport    `json:"task_reports"`
	ProjectReports []ProjectReport `json:"project_reports"`
}

// PlanBatch is a write of plan records, applied together or not at all. Goals, targets, tasks
// and projects are created or replaced whole by code; a report replaces the report of the
// same item and month.
type PlanBatch struct {
	Actor          string
	Goals          []Goal
	Targets        []Target
	Tasks          []Task
	Projects       []Project
	TaskReports    []TaskReport
	ProjectReports []ProjectReport
	DryRun         bool
	Audit          AuditNote
}

// Empty reports whether the batch holds no record.
func (b PlanBatch) Empty() bool {
	return len(b.Goals)+len(b.Targets)+len(b.Tasks)+len(b.Projects)+len(b.TaskReports)+len(b.ProjectReports) == 0
}

// PlanResult counts what a plan batch did, per kind.
type PlanResult struct {
	Goals          Counts `json:"goals"`
	Targets        Counts `json:"targets"`
	Tasks          Counts `json:"tasks"`
	Projects       Counts `json:"projects"`
	TaskReports    Counts `json:"task_reports"`
	ProjectReports Counts `json:"project_reports"`
}

// Changed reports whether the batch created or changed anything.
func (r PlanResult) Changed() bool {
	for _, c := range []Counts{r.Goals, r.Targets, r.Tasks, r.Projects, r.TaskReports, r.ProjectReports} {
		if c.Created+c.Updated > 0 {
			return true
		}
	}
	return false
}

// PlanService keeps the plan.
type PlanService interface {
	FindPlan(ctx context.Context) (Plan, error)
	// ApplyPlan writes a batch, checking that every reference (goal, unit, indicator, task,
	// project) exists in the batch or the store.
	ApplyPlan(ctx context.Context, batch PlanBatch) (PlanResult, error)
	// SignOffTask closes a task (销号) on a day by a user, changing nothing else of it: a
	// concurrent edit of the task is not lost.
	SignOffTask(ctx context.Context, code, day, by string, audit AuditNote) error
	// DeletePlanItem deletes a goal (which nothing may hang under), target, task or project
	// ("goal", "target", "task", "project") with its reports; the audit entry keeps it.
	DeletePlanItem(ctx context.Context, kind, code string, audit AuditNote) error
}

// daySeparators turns the ways a day is written into 2020-6-30.
var daySeparators = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")

// ParseDay reads a day as statistics offices write it: 2020-06-30, 2020/6/30, 2020.6.30,
// 2020年6月30日; a month alone (2020-06, 2020年6月) means its last day.
func ParseDay(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	parts := strings.Split(strings.Trim(daySeparators.Replace(s), "-"), "-")
	if len(parts) < 2 || len(parts) > 3 {
		return "", msg.New("day.form", "text", msg.Quoted(s))
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return "", msg.New("day.form", "text", msg.Quoted(s))
		}
		nums[i] = n
	}
	year, month := nums[0], nums[1]
	if year < period.MinYear || year > period.MaxYear || month < 1 || month > 12 {
		return "", msg.New("day.range", "text", msg.Quoted(s))
	}
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	day := last
	if len(nums) == 3 {
		day = nums[2]
		if day < 1 || day > last {
			return "", msg.New("day.month_length", "text", msg.Quoted(s), "month", fmt.Sprintf("%d-%02d", year, month), "days", last)
		}
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, day), nil
}

// ParseMonth reads a report's month: 2020-05, 2020年5月, 2020/5.
func ParseMonth(s string) (string, error) {
	day, err := ParseDay(s)
	if err != nil || day == "" {
		return "", msg.New("month.form", "text", msg.Quoted(s))
	}
	return day[:7], nil
}

// ChangedPlan returns the batch without the goals, targets, tasks and projects that are
// stored exactly as the batch has them; reports are kept.
func ChangedPlan(stored Plan, b PlanBatch) PlanBatch {
	out := b
	out.Goals = changed(stored.Goals, b.Goals, func(g Goal) string { return g.Code })
	out.Targets = changed(stored.Targets, b.Targets, func(t Target) string { return t.Code })
	out.Tasks = changed(stored.Tasks, b.Tasks, func(t Task) string { return t.Code })
	out.Projects = changed(stored.Projects, b.Projects, func(p Project) string { return p.Code })
	return out
}

// changed keeps the records of written that are new or differ from the stored one of their code.
func changed[T any](stored, written []T, code func(T) string) []T {
	byCode := make(map[string]T, len(stored))
	for _, s := range stored {
		byCode[code(s)] = s
	}
	var out []T
	for _, w := range written {
		s, ok := byCode[code(w)]
		if ok {
			x, _ := json.Marshal(s)
			y, _ := json.Marshal(w)
			if string(x) == string(y) {
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

// PlanTarget is how the audit log names a plan record: its kind and code, project:ZO-01.
func PlanTarget(kind, code string) string { return kind + ":" + code }
