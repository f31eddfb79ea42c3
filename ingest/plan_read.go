package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"zoneboard"
	"zoneboard/msg"
	"zoneboard/period"
)

// planRecords holds the plan's rows as read, before their references are resolved.
type planRecords struct {
	goals          []*goalRow
	targets        []*targetRow
	tasks          []*taskRow
	milestones     []*milestoneRow
	taskReports    []*taskReportRow
	projects       []*projectRow
	projectReports []*projectReportRow
	ledger         []*ledgerRow
	// refs are the cells that name a unit, indicator, goal, task or project by code or name,
	// each written into its record's field once resolved.
	refs []planRef
}

func (pr *planRecords) empty() bool {
	return len(pr.goals)+len(pr.targets)+len(pr.tasks)+len(pr.milestones)+len(pr.taskReports)+
		len(pr.projects)+len(pr.projectReports)+len(pr.ledger) == 0
}

// planRef is a cell naming another record; into is the field that receives its code.
type planRef struct {
	what string // unit, indicator, goal, task or project
	text string
	at   Location
	into *string
}

// planRow is where a plan record was read: its table, row and the positions of its columns.
type planRow struct {
	from  *origin
	row   int
	index map[string]int
}

func (r *planRow) col(name string) int {
	if c, ok := r.index[name]; ok {
		return c
	}
	return -1
}

func (r *planRow) at(name string) Location { return r.from.at(r.row, r.col(name)) }

type goalRow struct {
	planRow
	goal zoneboard.Goal
}

type targetRow struct {
	planRow
	target zoneboard.Target
	// valueUnits are the units of measure the headers of the number columns state, such as
	// 万元, for converting them into the indicator's.
	valueUnits map[string]string
	measureSet bool
}

type taskRow struct {
	planRow
	task zoneboard.Task
	// signOffGiven is true when the file has the sign-off columns; else the stored sign-off stays.
	signOffGiven bool
}

type milestoneRow struct {
	planRow
	task      string
	milestone zoneboard.Milestone
}

type taskReportRow struct {
	planRow
	report zoneboard.TaskReport
}

type projectRow struct {
	planRow
	project zoneboard.Project
}

type projectReportRow struct {
	planRow
	report zoneboard.ProjectReport
}

// planCells reads the cells of one row of a plan table, reporting each problem at its cell.
type planCells struct {
	planRow
	cells []string
	plan  *planRecords
	ps    *problems
	// workbook is true for a sheet of an xlsx file, whose date cells read as serial numbers.
	workbook bool
	// divisors convert the money columns into 亿元: 1 for 亿元, 10000 for 万元.
	divisors map[string]float64
}

func (c *planCells) text(name string) string { return cell(c.cells, c.col(name)) }

// problem reports the catalogue message id, with its arguments as name, value pairs, at the
// cell of the column name.
func (c *planCells) problem(name, id string, args ...any) {
	c.ps.add(c.at(name), id, args...)
}

// problemError reports an error found reading the cell of the column name.
func (c *planCells) problemError(name string, err error) {
	c.ps.addError(c.at(name), err)
}

// required returns the cell's text, reporting it when empty.
func (c *planCells) required(name, what string) string {
	s := c.text(name)
	if s == "" {
		c.problem(name, "plan.required", "what", msg.Noun(what))
	}
	return s
}

// code reads a required code.
func (c *planCells) code(name, what string) string {
	s := c.required(name, what)
	if s != "" {
		if err := zoneboard.ValidateCode(what, s); err != nil {
			c.problemError(name, err)
		}
	}
	return s
}

// ref notes a cell that names another record by code or exact name.
func (c *planCells) ref(what, name string, into *string) {
	if s := c.text(name); s != "" {
		c.plan.refs = append(c.plan.refs, planRef{what: what, text: s, at: c.at(name), into: into})
	}
}

var listSeparators = regexp.MustCompile(`[、，,;；]+`)

// refList reads a cell naming several units, separated by 、，, or ;.
func (c *planCells) refList(what, name string) []string {
	var items []string
	for _, s := range listSeparators.Split(c.text(name), -1) {
		if s = strings.TrimSpace(s); s != "" {
			items = append(items, s)
		}
	}
	if len(items) == 0 {
		return nil
	}
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = s
		c.plan.refs = append(c.plan.refs, planRef{what: what, text: s, at: c.at(name), into: &out[i]})
	}
	return out
}

func (c *planCells) number(name string) *float64 {
	v, err := parseNumber(c.text(name), true)
	if err != nil {
		c.problemError(name, err)
	}
	return v
}

// money reads an investment in 亿元, converting a column in 万元.
func (c *planCells) money(name string) *float64 {
	return c.moneyAt(name, c.col(name))
}

func (c *planCells) moneyAt(name string, column int) *float64 {
	at := c.from.at(c.row, column)
	v, err := parseNumber(cell(c.cells, column), false)
	if err != nil {
		c.ps.addError(at, err)
		return nil
	}
	if v == nil {
		return nil
	}
	if *v < 0 {
		c.ps.add(at, "plan.investment_negative", "value", *v)
		return nil
	}
	if d := c.divisors[name]; d > 1 {
		x := *v / d
		v = &x
	}
	return v
}

func (c *planCells) day(name string) string {
	text := c.text(name)
	if c.workbook {
		text = excelDate(text)
	}
	d, err := zoneboard.ParseDay(compactDate(text))
	if err != nil {
		c.problemError(name, err)
	}
	return d
}

func (c *planCells) month(name string) string {
	text := c.text(name)
	if text == "" {
		c.problem(name, "plan.month_empty")
		return ""
	}
	if c.workbook {
		text = excelDate(text)
	}
	m, err := zoneboard.ParseMonth(compactDate(text))
	if err != nil {
		c.problemError(name, err)
	}
	return m
}

func (c *planCells) period(name string) period.Period {
	text := c.text(name)
	if text == "" {
		return period.Period{}
	}
	p, err := period.Parse(text)
	if err != nil {
		c.problemError(name, err)
	}
	return p
}

func (c *planCells) whole(name, what string, lo, hi int) int {
	text := strings.TrimSuffix(c.text(name), "年")
	if text == "" {
		return 0
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < lo || n > hi {
		c.problem(name, "plan.whole_number", "text", msg.Quoted(c.text(name)), "what", msg.Noun(what), "min", lo, "max", hi)
	}
	return n
}

func (c *planCells) year(name string) int {
	return c.whole(name, "year", period.MinYear, period.MaxYear)
}

func (c *planCells) flag(name string) bool {
	b, err := parseBool(c.text(name))
	if err != nil {
		c.problemError(name, err)
	}
	return b
}

func (c *planCells) choice(name string, words map[string]string, what string) string {
	v, err := choice(c.text(name), words, what)
	if err != nil {
		c.problemError(name, err)
	}
	return v
}

var (
	measureWords = map[string]string{
		"": string(zoneboard.MeasureLevel), "level": string(zoneboard.MeasureLevel), "总量": string(zoneboard.MeasureLevel),
		"绝对值": string(zoneboard.MeasureLevel), "规模": string(zoneboard.MeasureLevel),
		"growth": string(zoneboard.MeasureGrowth), "增速": string(zoneboard.MeasureGrowth), "增长": string(zoneboard.MeasureGrowth),
		"增幅": string(zoneboard.MeasureGrowth), "增长率": string(zoneboard.MeasureGrowth),
	}
	projectLevelWords = map[string]string{
		"": "", "province": zoneboard.LevelProvince, "省级": zoneboard.LevelProvince, "省": zoneboard.LevelProvince, "省重点": zoneboard.LevelProvince,
		"city": zoneboard.LevelCity, "市级": zoneboard.LevelCity, "市": zoneboard.LevelCity, "市重点": zoneboard.LevelCity,
		"district": zoneboard.LevelDistrict, "区级": zoneboard.LevelDistrict, "区": zoneboard.LevelDistrict, "区重点": zoneboard.LevelDistrict,
		"县级": zoneboard.LevelDistrict,
	}
	projectTypeWords = map[string]string{
		"": "", "new": zoneboard.TypeNew, "新开工": zoneboard.TypeNew, "新建": zoneboard.TypeNew,
		"continuing": zoneboard.TypeContinuing, "续建": zoneboard.TypeContinuing,
		"completing": zoneboard.TypeCompleting, "竣工": zoneboard.TypeCompleting, "竣工投产": zoneboard.TypeCompleting,
		"preparatory": zoneboard.TypePreparatory, "前期": zoneboard.TypePreparatory, "预备": zoneboard.TypePreparatory,
	}
)

// readPlanTable reads the rows of a plan table below header row h.
func (p *parsed) readPlanTable(t *table, h int, hd *header, ps *problems) {
	from := &origin{t: t, headers: hd.texts}
	divisors := moneyDivisors(from, h, hd, ps)
	if hd.kind == KindLedger {
		p.readLedger(from, h, hd, divisors, ps)
		return
	}
	for r := h + 1; r < len(t.rows); r++ {
		row := t.rows[r]
		if blank(row) {
			continue
		}
		p.rows[t.file]++
		c := &planCells{planRow: planRow{from: from, row: r, index: hd.index}, cells: row, plan: &p.plan, ps: ps,
			workbook: t.sheet != "", divisors: divisors}
		switch hd.kind {
		case KindGoals:
			p.plan.goals = append(p.plan.goals, readGoal(c))
		case KindTargets:
			p.plan.targets = append(p.plan.targets, readTarget(c))
		case KindTasks:
			p.plan.tasks = append(p.plan.tasks, readTask(c))
		case KindMilestones:
			p.plan.milestones = append(p.plan.milestones, readMilestone(c))
		case KindTaskReports:
			p.plan.taskReports = append(p.plan.taskReports, readTaskReport(c))
		case KindProjects:
			p.plan.projects = append(p.plan.projects, readProject(c))
		case KindProjectReports:
			p.plan.projectReports = append(p.plan.projectReports, readProjectReport(c))
		}
	}
}

func readGoal(c *planCells) *goalRow {
	r := &goalRow{planRow: c.planRow}
	g := &r.goal
	g.Code = c.code("goal", "goal")
	g.Name = c.required("goal_name", "goal name")
	c.ref("goal", "parent_goal", &g.Parent)
	c.ref("unit", "unit", &g.Unit)
	g.Description = c.text("description")
	g.Order = c.whole("order", "sort order", 0, 100000)
	return r
}

func readTarget(c *planCells) *targetRow {
	r := &targetRow{planRow: c.planRow, valueUnits: map[string]string{}}
	t := &r.target
	t.Code = c.code("target", "target")
	t.Name = c.text("target_name")
	c.ref("goal", "goal", &t.Goal)
	if c.required("indicator", "indicator") != "" {
		c.ref("indicator", "indicator", &t.Indicator)
	}
	if c.required("unit", "unit") != "" {
		c.ref("unit", "unit", &t.Unit)
	}
	t.Measure = zoneboard.TargetMeasure(c.choice("measure", measureWords, "target measure"))
	if c.required("deadline", "deadline") != "" {
		t.Deadline = c.period("deadline")
	}
	t.BaselinePeriod = c.period("baseline_period")
	for _, n := range []struct {
		column string
		into   **float64
	}{{"baseline", &t.Baseline}, {"floor", &t.Floor}, {"target_value", &t.Value}, {"stretch", &t.Stretch}} {
		*n.into = c.number(n.column)
		if m := inParens.FindStringSubmatch(cell(c.from.headers, c.col(n.column))); m != nil {
			r.valueUnits[n.column] = strings.TrimSpace(m[1])
		}
	}
	if _, err := parseNumber(c.text("target_value"), true); t.Value == nil && err == nil {
		c.problem("target_value", "plan.target_value_empty")
	}
	c.ref("unit", "lead_unit", &t.LeadUnit)
	t.ResponsibleUnits = c.refList("unit", "responsible_units")
	t.Leader = c.text("leader")
	for _, n := range []struct {
		column string
		into   *float64
	}{{"behind_points", &t.BehindPoints}, {"at_risk_points", &t.AtRiskPoints}} {
		if v := c.number(n.column); v != nil {
			if *v < 0 {
				c.problem(n.column, "plan.threshold_negative", "value", *v)
			}
			*n.into = *v
		}
	}
	t.Note = c.text("note")
	return r
}

func readTask(c *planCells) *taskRow {
	r := &taskRow{planRow: c.planRow}
	t := &r.task
	t.Code = c.code("task", "task")
	t.Name = c.required("task_name", "task name")
	c.ref("goal", "goal", &t.Goal)
	if c.required("lead_unit", "lead unit") != "" {
		c.ref("unit", "lead_unit", &t.LeadUnit)
	}
	t.CooperatingUnits = c.refList("unit", "cooperating_units")
	t.Leader = c.text("leader")
	t.Start = c.day("start")
	if c.required("deadline", "deadline") != "" {
		t.Deadline = c.day("deadline")
	}
	if t.Start != "" && t.Deadline != "" && t.Start > t.Deadline {
		c.problem("start", "plan.task_starts_after_deadline", "start", t.Start, "deadline", t.Deadline)
	}
	t.Note = c.text("note")
	if c.col("signed_off_on") >= 0 || c.col("signed_off_by") >= 0 {
		r.signOffGiven = true
		t.SignedOffOn, t.SignedOffBy = c.day("signed_off_on"), c.text("signed_off_by")
		switch {
		case t.SignedOffOn != "" && t.SignedOffBy == "" && c.col("signed_off_by") >= 0:
			c.problem("signed_off_by", "plan.signed_off_by_empty", "day", t.SignedOffOn)
		case t.SignedOffOn != "" && t.SignedOffBy == "":
			c.problem("signed_off_on", "plan.signed_off_by_missing", "day", t.SignedOffOn)
		case t.SignedOffOn == "" && t.SignedOffBy != "" && c.text("signed_off_on") == "":
			c.problem("signed_off_on", "plan.signed_off_on_empty", "person", t.SignedOffBy)
		}
	}
	return r
}

func readMilestone(c *planCells) *milestoneRow {
	r := &milestoneRow{planRow: c.planRow}
	if c.required("task", "task") != "" {
		c.ref("task", "task", &r.task)
	}
	m := &r.milestone
	m.Name = c.required("milestone", "milestone")
	if c.required("due", "due day") != "" {
		m.Due = c.day("due")
	}
	m.DoneOn = c.day("done_on")
	return r
}

func readTaskReport(c *planCells) *taskReportRow {
	r := &taskReportRow{planRow: c.planRow}
	rep := &r.report
	if c.required("task", "task") != "" {
		c.ref("task", "task", &rep.Task)
	}
	rep.Month = c.month("month")
	if rep.Percent = c.number("percent"); rep.Percent != nil && (*rep.Percent < 0 || *rep.Percent > 100) {
		c.problem("percent", "plan.percent", "value", *rep.Percent)
	}
	rep.Text = c.text("text")
	rep.Links = strings.FieldsFunc(c.text("links"), func(r rune) bool {
		return r == ';' || r == '；' || r == ' ' || r == '\n' || r == '\t' || r == '\u3000'
	})
	return r
}

func readProject(c *planCells) *projectRow {
	r := &projectRow{planRow: c.planRow}
	r.project = readProjectFields(c)
	p := &r.project
	p.Code = c.code("project", "project")
	projectRefs(c, p)
	if p.Name == "" {
		c.problem("project_name", "plan.project_name_empty")
	}
	if c.text("unit") == "" {
		c.problem("unit", "plan.project_unit_empty")
	}
	if c.text("year") == "" {
		c.problem("year", "plan.project_year_empty")
	}
	return r
}

// readProjectFields reads the columns a projects file and a ledger share.
func readProjectFields(c *planCells) zoneboard.Project {
	var p zoneboard.Project
	p.Name = c.text("project_name")
	p.Owner = c.text("owner")
	p.Industry = c.text("industry")
	p.Level = c.choice("level", projectLevelWords, "project level")
	p.Type = c.choice("type", projectTypeWords, "project type")
	p.Year = c.year("year")
	p.TotalInvestment = c.money("total_investment")
	p.AnnualPlan = c.money("annual_plan")
	p.PlannedStart = c.day("planned_start")
	p.ActualStart = c.day("actual_start")
	p.PlannedCompletion = c.day("planned_completion")
	p.ActualCompletion = c.day("actual_completion")
	p.PlannedOperation = c.day("planned_operation")
	p.ActualOperation = c.day("actual_operation")
	p.Progress = c.text("progress")
	p.Leader = c.text("leader")
	p.Problems = c.text("problems")
	p.Lagging = c.flag("lagging")
	return p
}

// projectRefs notes the project's references, resolved into p.
func projectRefs(c *planCells, p *zoneboard.Project) {
	c.ref("goal", "goal", &p.Goal)
	c.ref("unit", "unit", &p.Unit)
	c.ref("unit", "responsible_unit", &p.ResponsibleUnit)
}

func readProjectReport(c *planCells) *projectReportRow {
	r := &projectReportRow{planRow: c.planRow}
	rep := &r.report
	if c.required("project", "project") != "" {
		c.ref("project", "project", &rep.Project)
	}
	rep.Month = c.month("month")
	rep.Completed = c.money("completed")
	rep.Progress = c.text("progress")
	rep.Problems = c.text("problems")
	return r
}

// moneyColumns are the columns that hold investments in 亿元.
var moneyColumns = []string{"total_investment", "annual_plan", "completed", "cumulative"}

var unitInTitle = regexp.MustCompile(`单位[:：]\s*(亿元|万元|元)`)

// moneyDivisors finds the unit of each money column of a table, from its header (总投资(万元))
// or, failing that, from a title above the header (单位：万元); 亿元 when neither says.
func moneyDivisors(from *origin, h int, hd *header, ps *problems) map[string]float64 {
	title := ""
	for r := 0; r < h; r++ {
		for _, text := range from.t.rows[r] {
			if m := unitInTitle.FindStringSubmatch(text); m != nil && title == "" {
				title = m[1]
			}
		}
	}
	divisor := func(column int) float64 {
		unit := title
		if m := inParens.FindStringSubmatch(cell(hd.texts, column)); m != nil {
			unit = strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(strings.TrimSpace(m[1]), "单位"), ":："))
		}
		if unit == "" {
			return 1
		}
		s, ok := moneyScale[unit]
		if !ok || s.currency != "CNY" {
			ps.add(from.at(h, column), "plan.investment_measure", "measure", unit)
			return 1
		}
		return moneyScale["亿元"].factor / s.factor
	}
	out := map[string]float64{}
	for _, name := range moneyColumns {
		if c, ok := hd.index[name]; ok {
			out[name] = divisor(c)
		}
	}
	for _, m := range hd.months {
		out[monthKey(m.index)] = divisor(m.index)
	}
	return out
}

func monthKey(column int) string { return fmt.Sprintf("month %d", column) }

// excelDate turns the serial number a workbook keeps for a date cell (43982) into the day it
// stands for; other text is returned as it is.
func excelDate(text string) string {
	n, err := strconv.ParseFloat(text, 64)
	if err != nil || n < 20000 || n > 80000 {
		return text
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n)).Format("2006-01-02")
}

var compactDay = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})?$`)

// compactDate reads 20200630 and 202006 as 2020-06-30 and 2020-06.
func compactDate(text string) string {
	m := compactDay.FindStringSubmatch(text)
	if m == nil {
		return text
	}
	if m[3] == "" {
		return m[1] + "-" + m[2]
	}
	return m[1] + "-" + m[2] + "-" + m[3]
}
