package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"zoneboard/internal/safecsv"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/plan"
	"zoneboard/sqlstore"
)

const planUsage = `plan targets|tasks|projects|tree [--today DAY] [--month 2020-05] [--within 7] [--by unit|industry|level] [--unit U] [--format table|csv|json]`

// runPlan prints the plan judged against the figures and the calendar.
func (m *Main) runPlan(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("plan: name what to show:\n  %s", planUsage)
	}
	what, args := args[0], args[1:]
	fs, dbFlag := m.flags("plan "+what, planUsage)
	today := fs.String("today", "", "the day to judge at (default: the plan's as-of day if set, else today)")
	month := fs.String("month", "", "the month projects are judged at (default: the latest month reported)")
	within := fs.Int("within", 7, "days ahead that count as due soon")
	by := fs.String("by", "", "projects: add up by unit, industry or level")
	unit := fs.String("unit", "", "only the items of this unit and its descendants")
	format := fs.String("format", "table", "table, csv or json")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("plan %s takes no arguments", what)
	}
	switch what {
	case "targets", "tasks", "projects", "tree":
	default:
		return usagef("plan: unknown %q; name targets, tasks, projects or tree", what)
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return usagef("plan: --format must be table, csv or json")
	}
	if *by != "" && *by != "unit" && *by != "industry" && *by != "level" {
		return usagef("plan: --by must be unit, industry or level")
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	ev, eng, err := m.evaluatePlan(ctx, db, *today, *month, *within, *unit)
	if err != nil {
		return err
	}
	switch what {
	case "targets":
		return printTable(m, *format, ev.Targets, []string{"target", "name", "unit", "indicator", "measure", "deadline", "as_of", "value", "growth",
			"target_value", "completion", "time_progress", "gap_points", "projected", "projected_completion", "status", "deadline_passed"},
			func(t plan.TargetProgress) []string {
				asOf := ""
				if !t.AsOf.IsZero() {
					asOf = t.AsOf.Code()
				}
				return []string{t.Target.Code, t.Target.Name, t.Target.Unit, t.Target.Indicator, string(t.Target.Measure), t.Target.Deadline.Code(),
					asOf, num(t.Value), num(t.Growth), num(t.Target.Value), num(t.Completion), num(t.TimeProgress), num(t.GapPoints),
					num(t.Projected), num(t.ProjectedCompletion), t.Status, yesNo(t.DeadlinePassed)}
			})
	case "tasks":
		return printTable(m, *format, ev.Tasks, []string{"task", "name", "lead_unit", "deadline", "days_left", "percent", "overdue_milestones", "status"},
			func(t plan.TaskProgress) []string {
				var overdue []string
				for _, ms := range t.OverdueMilestones {
					overdue = append(overdue, ms.Name)
				}
				return []string{t.Task.Code, t.Task.Name, t.Task.LeadUnit, t.Task.Deadline, strconv.Itoa(t.DaysLeft), num(t.Percent),
					strings.Join(overdue, "; "), t.Status}
			})
	case "projects":
		if *by != "" {
			names := unitNames(ctx, eng)
			summaries := plan.Summarize(ev.Projects, func(p plan.ProjectProgress) string {
				switch *by {
				case "unit":
					return p.Project.Unit
				case "industry":
					return p.Project.Industry
				}
				return p.Project.Level
			})
			return printTable(m, *format, summaries, []string{*by, "name", "count", "total_investment", "annual_plan", "completed", "completion",
				"time_progress", "gap_points", "planned_to_start", "started", "start_rate", "planned_to_operate", "operating", "operation_rate", "lagging"},
				func(s plan.ProjectSummary) []string {
					name := ""
					if *by == "unit" {
						name = names[s.Key]
					}
					return []string{s.Key, name, strconv.Itoa(s.Count), num(&s.TotalInvestment), num(&s.AnnualPlan), num(&s.Completed), num(s.Completion),
						num(&s.TimeProgress), num(s.GapPoints), strconv.Itoa(s.PlannedToStart), strconv.Itoa(s.Started), num(s.StartRate),
						strconv.Itoa(s.PlannedToOperate), strconv.Itoa(s.Operating), num(s.OperationRate), strconv.Itoa(s.Lagging)}
				})
		}
		return printTable(m, *format, ev.Projects, []string{"project", "name", "unit", "level", "as_of", "annual_plan", "month", "cumulative",
			"completion", "time_progress", "gap_points", "lagging", "reasons", "status"},
			func(p plan.ProjectProgress) []string {
				return []string{p.Project.Code, p.Project.Name, p.Project.Unit, p.Project.Level, p.AsOf, num(p.Project.AnnualPlan), num(p.Month),
					num(p.Cumulative), num(p.Completion), num(&p.TimeProgress), num(p.GapPoints), yesNo(p.Lagging), strings.Join(p.Reasons, "; "), p.Status}
			})
	case "tree":
		if *format == "json" {
			return m.printJSON(ev.Tree)
		}
		var walk func(nodes []*plan.Node, depth int)
		walk = func(nodes []*plan.Node, depth int) {
			indent := strings.Repeat("  ", depth)
			for _, n := range nodes {
				fmt.Fprintf(m.Stdout, "%s[%s] %s %s\n", indent, n.Status, n.Goal.Code, n.Goal.Name)
				for _, t := range n.Targets {
					reached := t.Value
					if t.Target.Measure == zoneboard.MeasureGrowth {
						reached = t.Growth
					}
					fmt.Fprintf(m.Stdout, "%s  目标 [%s] %s %s: %s / %s (%s)\n", indent, t.Status, t.Target.Code, t.Target.Name,
						num(reached), num(t.Target.Value), pct(t.Completion))
				}
				for _, t := range n.Tasks {
					fmt.Fprintf(m.Stdout, "%s  任务 [%s] %s %s, due %s\n", indent, t.Status, t.Task.Code, t.Task.Name, t.Task.Deadline)
				}
				for _, p := range n.Projects {
					fmt.Fprintf(m.Stdout, "%s  项目 [%s] %s %s: %s of %s (%s)\n", indent, p.Status, p.Project.Code, p.Project.Name,
						num(p.Cumulative), num(p.Project.AnnualPlan), pct(p.Completion))
				}
				walk(n.Goals, depth+1)
			}
		}
		walk(ev.Tree, 0)
	}
	return nil
}

// evaluatePlan judges the plan stored in db, for the items of unit (and its descendants)
// when it is given.
func (m *Main) evaluatePlan(ctx context.Context, db *sqlstore.DB, today, month string, within int, unit string) (*plan.Evaluation, *engine.Engine, error) {
	var err error
	if today, err = plan.Today(ctx, db, today); err != nil {
		return nil, nil, err
	}
	if month != "" {
		if month, err = zoneboard.ParseMonth(month); err != nil {
			return nil, nil, zoneboard.Errorf(zoneboard.EInvalid, "--month: %v", err)
		}
	}
	eng, err := engine.New(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	opts := plan.Options{Today: today, Month: month, Within: within}
	if unit != "" {
		codes, err := resolveUnits(ctx, db, []string{unit})
		if err != nil {
			return nil, nil, err
		}
		units, err := db.FindUnits(ctx, zoneboard.UnitFilter{})
		if err != nil {
			return nil, nil, err
		}
		opts.Visible = zoneboard.Subtree(units, codes...)
	}
	p, err := db.FindPlan(ctx)
	if err != nil {
		return nil, nil, err
	}
	ev, err := plan.Evaluate(ctx, p, eng, opts)
	return ev, eng, err
}

func unitNames(ctx context.Context, eng *engine.Engine) map[string]string {
	units, _ := eng.FindUnits(ctx, zoneboard.UnitFilter{})
	names := map[string]string{}
	for _, u := range units {
		names[u.Code] = u.Name
	}
	return names
}

// printTable writes items as an aligned table, CSV or JSON.
func printTable[T any](m *Main, format string, items []T, header []string, row func(T) []string) error {
	switch format {
	case "json":
		return m.printJSON(items)
	case "csv":
		w := safecsv.NewWriter(m.Stdout)
		w.Write(header)
		for _, it := range items {
			w.Write(row(it))
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	io.WriteString(tw, strings.Join(header, "\t")+"\n")
	for _, it := range items {
		cells := row(it)
		// A table is read by people: long fractions are rounded, as bulletins write them.
		// CSV and JSON keep every digit.
		for i, c := range cells {
			if dot := strings.IndexByte(c, '.'); dot >= 0 && len(c)-dot > 3 {
				if x, err := strconv.ParseFloat(c, 64); err == nil {
					cells[i] = strconv.FormatFloat(x, 'f', 1, 64)
				}
			}
		}
		io.WriteString(tw, strings.Join(cells, "\t")+"\n")
	}
	return tw.Flush()
}

func num(x *float64) string {
	if x == nil {
		return ""
	}
	return engine.FormatNumber(*x)
}

func pct(x *float64) string {
	if x == nil {
		return "-"
	}
	return strconv.FormatFloat(*x, 'f', 1, 64) + "%"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
