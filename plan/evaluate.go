package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/period"
)

// Options say what day and month a plan is judged at and for whom.
type Options struct {
	// Today is the day tasks and dates are judged at, 2020-06-15.
	Today string
	// Month, when set (2020-05), is the month projects are judged at; by default each plan
	// year's latest month with a report.
	Month string
	// Within is the days ahead that count as due soon.
	Within int
	// Visible, when set, keeps only the items of the units it accepts.
	Visible func(unit string) bool
	// Year, when set, keeps only the projects of that plan year (a briefing of 2020 speaks of
	// 2020's projects).
	Year int
}

// Evaluation is the plan judged, item by item and as a tree of goals.
type Evaluation struct {
	Today    string            `json:"today"`
	Targets  []TargetProgress  `json:"targets"`
	Tasks    []TaskProgress    `json:"tasks"`
	Projects []ProjectProgress `json:"projects"`
	Tree     []*Node           `json:"tree"`
}

// Node is a goal with what hangs under it and the worst status of all of it.
type Node struct {
	Goal     zoneboard.Goal    `json:"goal"`
	Status   string            `json:"status"`
	Goals    []*Node           `json:"goals"`
	Targets  []TargetProgress  `json:"targets"`
	Tasks    []TaskProgress    `json:"tasks"`
	Projects []ProjectProgress `json:"projects"`
}

// Figures is where target figures come from: the comparison engine.
type Figures interface {
	Query(ctx context.Context, q engine.Query) ([]engine.Row, error)
	FindIndicators(ctx context.Context, f zoneboard.IndicatorFilter) ([]zoneboard.Indicator, error)
}

// Evaluate judges the whole plan.
func Evaluate(ctx context.Context, p zoneboard.Plan, figures Figures, opts Options) (*Evaluation, error) {
	ev := &Evaluation{Today: opts.Today, Targets: make([]TargetProgress, 0, len(p.Targets)), Tasks: make([]TaskProgress, 0, len(p.Tasks)),
		Projects: make([]ProjectProgress, 0, len(p.Projects))}
	seen := func(units ...string) bool {
		if opts.Visible == nil {
			return true
		}
		for _, u := range units {
			if u != "" && opts.Visible(u) {
				return true
			}
		}
		return false
	}
	indicators, err := figures.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	byCode := map[string]zoneboard.Indicator{}
	for _, ind := range indicators {
		byCode[ind.Code] = ind
	}
	for _, t := range p.Targets {
		// A target shows its unit's figures: it is seen by those who see that unit.
		if !seen(t.Unit) {
			continue
		}
		rows, err := figures.Query(ctx, engine.Query{Units: []string{t.Unit}, Indicators: []string{t.Indicator}, FiguresOnly: true})
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.Code, err)
		}
		fs := make([]Figure, len(rows))
		for i, r := range rows {
			fs[i] = Figure{Period: r.Period, Value: r.Value, Growth: r.Growth}
		}
		ev.Targets = append(ev.Targets, EvaluateTarget(t, byCode[t.Indicator], fs, opts.Today))
	}
	// Each item's reports, found once: a province's plan has tens of thousands.
	taskReports := map[string][]zoneboard.TaskReport{}
	for _, r := range p.TaskReports {
		taskReports[r.Task] = append(taskReports[r.Task], r)
	}
	projectReports := map[string][]zoneboard.ProjectReport{}
	for _, r := range p.ProjectReports {
		projectReports[r.Project] = append(projectReports[r.Project], r)
	}
	for _, t := range p.Tasks {
		if t.Start != "" && opts.Today != "" && t.Start > opts.Today {
			continue // not begun on the day
		}
		if seen(append([]string{t.LeadUnit}, t.CooperatingUnits...)...) {
			ev.Tasks = append(ev.Tasks, EvaluateTask(t, taskReports[t.Code], opts.Today, opts.Within))
		}
	}
	latest := map[int]int{}
	for _, pr := range p.Projects {
		if !seen(pr.Unit, pr.ResponsibleUnit) || opts.Year != 0 && pr.Year != opts.Year {
			continue
		}
		ev.Projects = append(ev.Projects, EvaluateProject(pr, projectReports[pr.Code], projectMonth(pr, p.ProjectReports, opts.Month, opts.Today, latest)))
	}
	ev.Tree = tree(p.Goals, ev, opts.Visible)
	return ev, nil
}

// projectMonth is the month of its plan year a project is judged at: the month asked, else the
// latest month reported by today.
func projectMonth(p zoneboard.Project, reports []zoneboard.ProjectReport, month, today string, latest map[int]int) int {
	if month != "" {
		year, _ := strconv.Atoi(month[:4])
		m, _ := strconv.Atoi(month[5:7])
		switch {
		case year == p.Year:
			return m
		case year > p.Year:
			return 12
		}
		return 1
	}
	if _, ok := latest[p.Year]; !ok {
		var known []zoneboard.ProjectReport
		for _, r := range reports {
			if today == "" || r.Month <= today[:7] {
				known = append(known, r)
			}
		}
		latest[p.Year] = max(LatestMonth(known, p.Year), 1)
	}
	return latest[p.Year]
}

// tree hangs the judged items under their goals. Items of no goal, or of a goal the user
// does not see, hang under a last node without a code.
func tree(goals []zoneboard.Goal, ev *Evaluation, visible func(string) bool) []*Node {
	nodes := map[string]*Node{}
	for _, g := range goals {
		nodes[g.Code] = &Node{Goal: g, Goals: []*Node{}, Targets: []TargetProgress{}, Tasks: []TaskProgress{}, Projects: []ProjectProgress{}}
	}
	other := &Node{Goal: zoneboard.Goal{Name: "未归入目标", Order: math.MaxInt32}, Goals: []*Node{}, Targets: []TargetProgress{},
		Tasks: []TaskProgress{}, Projects: []ProjectProgress{}}
	under := func(goal string) *Node {
		if n := nodes[goal]; n != nil {
			return n
		}
		return other
	}
	for _, t := range ev.Targets {
		n := under(t.Target.Goal)
		n.Targets = append(n.Targets, t)
	}
	for _, t := range ev.Tasks {
		n := under(t.Task.Goal)
		n.Tasks = append(n.Tasks, t)
	}
	for _, p := range ev.Projects {
		n := under(p.Project.Goal)
		n.Projects = append(n.Projects, p)
	}
	var roots []*Node
	for _, g := range goals {
		n := nodes[g.Code]
		if parent := nodes[g.Parent]; parent != nil && g.Parent != g.Code {
			parent.Goals = append(parent.Goals, n)
		} else {
			roots = append(roots, n)
		}
	}
	order := func(list []*Node) {
		slices.SortStableFunc(list, func(a, b *Node) int {
			if a.Goal.Order != b.Goal.Order {
				return a.Goal.Order - b.Goal.Order
			}
			return compare(a.Goal.Code, b.Goal.Code)
		})
	}
	var settle func(n *Node) bool
	// settle orders children, gives each node its worst status, and reports whether a node
	// holds anything the user sees.
	settle = func(n *Node) bool {
		order(n.Goals)
		kept := n.Goals[:0]
		var statuses []string
		for _, c := range n.Goals {
			if settle(c) {
				kept = append(kept, c)
				statuses = append(statuses, c.Status)
			}
		}
		n.Goals = kept
		for _, t := range n.Targets {
			statuses = append(statuses, t.Status)
		}
		for _, t := range n.Tasks {
			statuses = append(statuses, t.Status)
		}
		for _, p := range n.Projects {
			statuses = append(statuses, p.Status)
		}
		n.Status = Worst(statuses...)
		own := visible == nil || n.Goal.Unit != "" && visible(n.Goal.Unit)
		return len(statuses) > 0 || own
	}
	order(roots)
	var out []*Node
	for _, n := range append(roots, other) {
		if settle(n) && (n != other || len(n.Targets)+len(n.Tasks)+len(n.Projects) > 0) {
			out = append(out, n)
		}
	}
	return out
}

// BriefingOptions judge a plan as a briefing of a period states it: at the end of the period
// (or today, if that comes first), the projects of the period's year at its last month.
func BriefingOptions(p period.Period, today string, visible func(string) bool) Options {
	if end := dayOf(p); end < today {
		today = end
	}
	month := p.Last
	if len(today) >= 7 && today[:4] == fmt.Sprintf("%04d", p.Year) {
		if m, _ := strconv.Atoi(today[5:7]); m < month {
			month = m // a period not over yet is judged at the day's month
		}
	}
	return Options{Today: today, Month: fmt.Sprintf("%04d-%02d", p.Year, month), Year: p.Year, Visible: visible}
}

// AsOfSetting holds the day the plan is judged at when none is asked for; unset means today.
// The demo sets it to the month of its seed article.
const AsOfSetting = "plan_as_of"

// Today is the day to judge at: the one asked (in any form ParseDay reads), else the stored
// as-of day, else today.
func Today(ctx context.Context, settings zoneboard.SettingService, asked string) (string, error) {
	if asked == "" {
		stored, err := settings.Setting(ctx, AsOfSetting)
		if err != nil {
			return "", err
		}
		asked = stored
	}
	if asked == "" {
		return time.Now().Format("2006-01-02"), nil
	}
	day, err := zoneboard.ParseDay(asked)
	if err != nil {
		return "", zoneboard.Fail(zoneboard.EInvalid, "plan.judge_day", "error", err)
	}
	return day, nil
}
