package ingest

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"zoneboard"
	"zoneboard/msg"
	"zoneboard/period"
)

// resolvePlan checks the plan's rows against each other and the store, resolves their
// references to codes and puts the records into the batch's plan part.
func (im *Importer) resolvePlan(ctx context.Context, p *parsed, ps *problems, batch *zoneboard.Batch, units, indicators *names,
	defs map[string]zoneboard.Indicator) error {
	pr := &p.plan
	if pr.empty() {
		return nil
	}
	stored, err := im.Store.FindPlan(ctx)
	if err != nil {
		return err
	}
	pr.dropDuplicates(ps)

	// The names a reference may use: the import's records first, so that a record renamed by
	// the import is found by its new name, then the stored ones it does not redefine.
	goals, tasks, projects := newNames("goal"), newNames("task"), newNames("project")
	for _, r := range pr.goals {
		goals.add(r.goal.Code, r.goal.Name)
	}
	for _, g := range stored.Goals {
		goals.add(g.Code, g.Name)
	}
	for _, r := range pr.tasks {
		tasks.add(r.task.Code, r.task.Name)
	}
	for _, t := range stored.Tasks {
		tasks.add(t.Code, t.Name)
	}
	pr.ledgerCodes(stored.Projects, ps)
	for _, r := range pr.projects {
		projects.add(r.project.Code, r.project.Name)
	}
	for _, l := range pr.ledger {
		if l.project.Code != "" {
			projects.add(l.project.Code, l.project.Name)
		}
	}
	for _, s := range stored.Projects {
		projects.add(s.Code, s.Name)
	}

	byWhat := map[string]*names{"unit": units, "indicator": indicators, "goal": goals, "task": tasks, "project": projects}
	for _, ref := range pr.refs {
		code, err := byWhat[ref.what].resolve(ref.text)
		if err != nil {
			ps.addError(ref.at, err)
			continue
		}
		*ref.into = code
	}

	plan := zoneboard.PlanBatch{Actor: batch.Actor, DryRun: batch.DryRun}
	plan.Goals = pr.resolveGoals(stored.Goals, ps)
	plan.Targets = pr.resolveTargets(defs, ps)
	plan.Tasks = pr.resolveTasks(stored.Tasks)
	pr.checkMilestones(ps)
	reported := pr.dropRepeatedReports(ps)
	plan.TaskReports = pr.resolveTaskReports()
	plan.Projects = pr.resolveProjects(stored.Projects, ps)
	plan.ProjectReports = pr.resolveProjectReports(stored.ProjectReports, reported, ps)
	batch.Plan = plan
	return nil
}

// dropDuplicates refuses a second row with the code of an earlier one, and keeps the first.
func (pr *planRecords) dropDuplicates(ps *problems) {
	pr.goals = firstOfEach(pr.goals, "goal", func(r *goalRow) (string, Location) { return r.goal.Code, r.at("goal") }, ps)
	pr.targets = firstOfEach(pr.targets, "target", func(r *targetRow) (string, Location) { return r.target.Code, r.at("target") }, ps)
	pr.tasks = firstOfEach(pr.tasks, "task", func(r *taskRow) (string, Location) { return r.task.Code, r.at("task") }, ps)
	pr.projects = firstOfEach(pr.projects, "project", func(r *projectRow) (string, Location) { return r.project.Code, r.at("project") }, ps)
}

func firstOfEach[R any](rows []R, what string, key func(R) (string, Location), ps *problems) []R {
	first := map[string]Location{}
	var out []R
	for _, r := range rows {
		code, at := key(r)
		if code == "" {
			continue
		}
		if prev, dup := first[code]; dup {
			ps.add(at, "plan.defined_twice", "what", msg.Noun(what), "code", code, "other", prev)
			continue
		}
		first[code] = at
		out = append(out, r)
	}
	return out
}

// ledgerCodes gives each ledger row its project's code: the 项目编号 when the ledger has one,
// else the project of the same name and year in the import's projects or in the store, else a
// code made from the year and the name.
func (pr *planRecords) ledgerCodes(stored []zoneboard.Project, ps *problems) {
	matching := func(name string, year int) []string {
		var codes []string
		for _, r := range pr.projects {
			if r.project.Name == name && r.project.Year == year {
				codes = append(codes, r.project.Code)
			}
		}
		if len(codes) > 0 {
			return codes
		}
		for _, s := range stored {
			if s.Name == name && s.Year == year {
				codes = append(codes, s.Code)
			}
		}
		return codes
	}
	first := map[string]*ledgerRow{}
	var kept []*ledgerRow
	for _, l := range pr.ledger {
		p := &l.project
		if p.Name == "" || p.Year == 0 {
			continue // reported as it was read
		}
		if p.Code == "" {
			switch codes := matching(p.Name, p.Year); len(codes) {
			case 0:
				p.Code = ledgerCode(p.Year, p.Name)
			case 1:
				p.Code = codes[0]
			default:
				ps.add(l.at("project_name"), "plan.projects_share_name", "year", p.Year, "name", msg.Quoted(p.Name), "codes", codes)
				continue
			}
		}
		if prev, dup := first[p.Code]; dup {
			ps.add(l.at("project_name"), "plan.project_twice_in_ledger", "project", msg.Named{Code: p.Code, Name: p.Name},
				"other", prev.from.at(prev.row, -1))
			continue
		}
		first[p.Code] = l
		kept = append(kept, l)
	}
	pr.ledger = kept
}

func (pr *planRecords) resolveGoals(stored []zoneboard.Goal, ps *problems) []zoneboard.Goal {
	parentOf := map[string]string{}
	for _, g := range stored {
		parentOf[g.Code] = g.Parent
	}
	var out []zoneboard.Goal
	for _, r := range pr.goals {
		parentOf[r.goal.Code] = r.goal.Parent
		out = append(out, r.goal)
	}
	for _, r := range pr.goals {
		seen := map[string]bool{}
		for g := r.goal.Code; g != ""; g = parentOf[g] {
			if seen[g] {
				ps.add(r.at("parent_goal"), "plan.goal_own_ancestor", "goal", msg.Named{Code: r.goal.Code, Name: r.goal.Name})
				break
			}
			seen[g] = true
		}
	}
	return out
}

func (pr *planRecords) resolveTargets(defs map[string]zoneboard.Indicator, ps *problems) []zoneboard.Target {
	var out []zoneboard.Target
	for _, r := range pr.targets {
		t := r.target
		if t.BaselinePeriod.IsZero() && !t.Deadline.IsZero() {
			t.BaselinePeriod = period.Year(t.Deadline.Year - 1)
		}
		def, ok := defs[t.Indicator]
		if ok && t.Measure == zoneboard.MeasureLevel {
			convertTargetValues(r, &t, def, ps)
		}
		if ok {
			// A growth has its floor, target and stretch in the same order as a level.
			checkTargetOrder(r, t, def, ps)
		}
		out = append(out, t)
	}
	return out
}

// convertTargetValues brings number columns whose header states a unit (目标值(万元)) into the
// indicator's unit.
func convertTargetValues(r *targetRow, t *zoneboard.Target, def zoneboard.Indicator, ps *problems) {
	fields := map[string]**float64{"baseline": &t.Baseline, "floor": &t.Floor, "target_value": &t.Value, "stretch": &t.Stretch}
	for column, unit := range r.valueUnits {
		v := fields[column]
		if unit == def.Unit || *v == nil {
			continue
		}
		from, okFrom := moneyScale[unit]
		to, okTo := moneyScale[def.Unit]
		if !okFrom || !okTo || from.currency != to.currency {
			ps.add(r.at(column), "plan.column_measure_mismatch", "column_measure", unit, "indicator", indicatorName(def), "measure", def.Unit)
			continue
		}
		x := **v * from.factor / to.factor
		*v = &x
	}
}

// checkTargetOrder wants the floor, the target and the stretch in the indicator's direction:
// floor ≤ target ≤ stretch, or the reverse for an indicator where lower is better.
func checkTargetOrder(r *targetRow, t zoneboard.Target, def zoneboard.Indicator, ps *problems) {
	down := def.Better == "down"
	wrong := func(low, high *float64) bool {
		if low == nil || high == nil {
			return false
		}
		if down {
			return *low < *high
		}
		return *low > *high
	}
	order := msg.New("plan.order_up")
	if down {
		order = msg.New("plan.order_down", "indicator", indicatorName(def))
	}
	if wrong(t.Floor, t.Value) {
		ps.add(r.at("floor"), "plan.floor_beyond_target", "floor", *t.Floor, "target", *t.Value, "order", order)
	}
	if wrong(t.Value, t.Stretch) {
		ps.add(r.at("stretch"), "plan.stretch_short_of_target", "stretch", *t.Stretch, "target", *t.Value, "order", order)
	}
}

// resolveTasks writes the import's tasks, each keeping its stored sign-off unless the file has
// the sign-off columns, and its stored milestones unless the import lists them; a stored task
// whose milestones the import lists is written again with them.
func (pr *planRecords) resolveTasks(stored []zoneboard.Task) []zoneboard.Task {
	storedTask := map[string]zoneboard.Task{}
	for _, t := range stored {
		storedTask[t.Code] = t
	}
	milestones := map[string][]zoneboard.Milestone{}
	var order []string
	for _, m := range pr.milestones {
		if m.task == "" {
			continue
		}
		if _, ok := milestones[m.task]; !ok {
			order = append(order, m.task)
		}
		milestones[m.task] = append(milestones[m.task], m.milestone)
	}
	var out []zoneboard.Task
	inImport := map[string]bool{}
	for _, r := range pr.tasks {
		t := r.task
		inImport[t.Code] = true
		if s, ok := storedTask[t.Code]; ok {
			t.Milestones = s.Milestones
			if !r.signOffGiven {
				t.SignedOffOn, t.SignedOffBy = s.SignedOffOn, s.SignedOffBy
			}
		}
		if ms, ok := milestones[t.Code]; ok {
			t.Milestones = ms
		}
		out = append(out, t)
	}
	for _, code := range order {
		if s, ok := storedTask[code]; ok && !inImport[code] {
			s.Milestones = milestones[code]
			out = append(out, s)
		}
	}
	return out
}

func (pr *planRecords) resolveTaskReports() []zoneboard.TaskReport {
	var out []zoneboard.TaskReport
	for _, r := range pr.taskReports {
		out = append(out, r.report)
	}
	return out
}

// checkMilestones refuses a milestone listed twice for one task.
func (pr *planRecords) checkMilestones(ps *problems) {
	first := map[[2]string]Location{}
	for _, m := range pr.milestones {
		if m.task == "" || m.milestone.Name == "" {
			continue
		}
		key := [2]string{m.task, m.milestone.Name}
		if prev, dup := first[key]; dup {
			ps.add(m.at("milestone"), "plan.milestone_twice", "milestone", msg.Quoted(m.milestone.Name), "task", m.task, "other", prev)
			continue
		}
		first[key] = m.at("milestone")
	}
}

// firstReport is where a report of an item and month was first given, and its investment.
type firstReport struct {
	at        Location
	completed *float64
}

// dropRepeatedReports keeps the first of several rows that give the same report and refuses
// rows that give one item's report for one month differently.
func (pr *planRecords) dropRepeatedReports(ps *problems) map[string]firstReport {
	first := map[string]firstReport{}
	taskReports := map[string]zoneboard.TaskReport{}
	kept := pr.taskReports[:0]
	for _, r := range pr.taskReports {
		if r.report.Task == "" || r.report.Month == "" {
			continue
		}
		key := "task " + r.report.Task + " " + r.report.Month
		if prev, dup := first[key]; dup {
			if !reflect.DeepEqual(taskReports[key], r.report) {
				ps.add(r.at("month"), "plan.task_report_twice", "task", r.report.Task, "month", r.report.Month, "other", prev.at)
			}
			continue
		}
		first[key], taskReports[key] = firstReport{at: r.at("month")}, r.report
		kept = append(kept, r)
	}
	pr.taskReports = kept
	projectReports := map[string]zoneboard.ProjectReport{}
	keptProjects := pr.projectReports[:0]
	for _, r := range pr.projectReports {
		if r.report.Project == "" || r.report.Month == "" {
			continue
		}
		key := "project " + r.report.Project + " " + r.report.Month
		if prev, dup := first[key]; dup {
			if !reflect.DeepEqual(projectReports[key], r.report) {
				ps.add(r.at("month"), "plan.project_report_twice", "project", r.report.Project, "month", r.report.Month, "other", prev.at)
			}
			continue
		}
		first[key], projectReports[key] = firstReport{at: r.at("month"), completed: r.report.Completed}, r.report
		keptProjects = append(keptProjects, r)
	}
	pr.projectReports = keptProjects
	return first
}

// resolveProjects writes the projects of the import's projects files and ledgers. A ledger
// row changes only the columns it fills of a stored project; of a project that a projects
// file of the same import defines, it may only repeat what that file says.
func (pr *planRecords) resolveProjects(stored []zoneboard.Project, ps *problems) []zoneboard.Project {
	storedProject := map[string]zoneboard.Project{}
	for _, s := range stored {
		storedProject[s.Code] = s
	}
	defined := map[string]*projectRow{}
	var out []zoneboard.Project
	for _, r := range pr.projects {
		defined[r.project.Code] = r
		out = append(out, r.project)
	}
	for _, l := range pr.ledger {
		code := l.project.Code
		if r, ok := defined[code]; ok {
			for _, column := range append([]string{"year"}, l.given...) {
				if column == "year" && l.col("year") < 0 && r.project.Year != l.project.Year {
					ps.add(l.at("project_name"), "plan.ledger_year_differs", "year", l.project.Year, "project", code,
						"project_year", r.project.Year, "other", r.at("year"))
					continue
				}
				a, b := projectField(&r.project, column), projectField(&l.project, column)
				if a != nil && !sameField(a, b) {
					ps.add(l.at(column), "plan.ledger_field_differs", "project", code, "column", column,
						"value", fieldText(a), "other", r.at(column), "here", fieldText(b))
				}
			}
			continue
		}
		p, known := storedProject[code]
		if !known {
			p = zoneboard.Project{Code: code}
		}
		for _, column := range l.given {
			copyField(projectField(&p, column), projectField(&l.project, column))
		}
		p.Name, p.Year = l.project.Name, l.project.Year
		switch {
		case known || p.Unit != "":
		case l.col("unit") < 0:
			ps.add(l.at("project_name"), "plan.new_project_without_unit_column", "name", msg.Quoted(p.Name))
		case cell(l.from.t.rows[l.row], l.col("unit")) == "":
			ps.add(l.at("unit"), "plan.new_project_without_unit", "name", msg.Quoted(p.Name))
		}
		out = append(out, p)
	}
	return out
}

// resolveProjectReports writes the reports of project_reports files and a ledger's month
// cells; a month cell changes only the completed investment of a stored report. first holds
// where each report of the files was given, to find a month given twice, differently.
func (pr *planRecords) resolveProjectReports(stored []zoneboard.ProjectReport, first map[string]firstReport, ps *problems) []zoneboard.ProjectReport {
	var out []zoneboard.ProjectReport
	for _, r := range pr.projectReports {
		out = append(out, r.report)
	}
	storedReport := map[string]zoneboard.ProjectReport{}
	for _, s := range stored {
		storedReport[s.Project+" "+s.Month] = s
	}
	for _, l := range pr.ledger {
		for _, m := range l.months {
			key := "project " + l.project.Code + " " + m.month
			at := l.from.at(l.row, m.column)
			if prev, dup := first[key]; dup {
				if !sameNumber(prev.completed, m.completed) {
					ps.add(at, "plan.investment_twice", "project", l.project.Code, "month", m.month, "other", prev.at)
				}
				continue
			}
			first[key] = firstReport{at: at, completed: m.completed}
			rep, ok := storedReport[l.project.Code+" "+m.month]
			if !ok {
				rep = zoneboard.ProjectReport{Project: l.project.Code, Month: m.month}
			}
			rep.ReportedBy, rep.ReportedAt = "", time.Time{}
			rep.Completed = m.completed
			out = append(out, rep)
		}
	}
	return out
}

// projectField points at the field of p that a column fills.
func projectField(p *zoneboard.Project, column string) any {
	switch column {
	case "project_name":
		return &p.Name
	case "goal":
		return &p.Goal
	case "owner":
		return &p.Owner
	case "unit":
		return &p.Unit
	case "industry":
		return &p.Industry
	case "level":
		return &p.Level
	case "type":
		return &p.Type
	case "year":
		return &p.Year
	case "total_investment":
		return &p.TotalInvestment
	case "annual_plan":
		return &p.AnnualPlan
	case "planned_start":
		return &p.PlannedStart
	case "actual_start":
		return &p.ActualStart
	case "planned_completion":
		return &p.PlannedCompletion
	case "actual_completion":
		return &p.ActualCompletion
	case "planned_operation":
		return &p.PlannedOperation
	case "actual_operation":
		return &p.ActualOperation
	case "progress":
		return &p.Progress
	case "leader":
		return &p.Leader
	case "responsible_unit":
		return &p.ResponsibleUnit
	case "problems":
		return &p.Problems
	case "lagging":
		return &p.Lagging
	}
	return nil
}

func copyField(dst, src any) {
	switch d := dst.(type) {
	case *string:
		*d = *src.(*string)
	case *int:
		*d = *src.(*int)
	case *bool:
		*d = *src.(*bool)
	case **float64:
		*d = *src.(**float64)
	}
}

func sameNumber(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func sameField(a, b any) bool {
	switch x := a.(type) {
	case *string:
		return *x == *b.(*string)
	case *int:
		return *x == *b.(*int)
	case *bool:
		return *x == *b.(*bool)
	case **float64:
		return sameNumber(*x, *b.(**float64))
	}
	return true
}

func fieldText(v any) string {
	switch x := v.(type) {
	case *string:
		return fmt.Sprintf("%q", *x)
	case *int:
		return fmt.Sprint(*x)
	case *bool:
		return yesNo(*x)
	case **float64:
		if *x == nil {
			return "none"
		}
		return FormatNumber(*x)
	}
	return ""
}
