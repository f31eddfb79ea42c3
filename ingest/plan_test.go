package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/ingest"
	"zoneboard/sqlstore"
)

// planStore opens an empty store holding the demo's units and indicators.
func planStore(t *testing.T) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	importFiles(t, db, "../demo/data/units.csv", "../demo/data/indicators.csv")
	return db
}

func readFiles(t *testing.T, paths ...string) []ingest.File {
	t.Helper()
	var files []ingest.File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, ingest.File{Name: p, Data: b})
	}
	return files
}

func importFiles(t *testing.T, db *sqlstore.DB, paths ...string) *ingest.Report {
	t.Helper()
	report, err := (&ingest.Importer{Store: db}).Import(context.Background(), readFiles(t, paths...), ingest.Options{Actor: "tester"})
	if err != nil {
		t.Fatalf("import %v: %v", paths, err)
	}
	return report
}

func testdata(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join("testdata", n))
	}
	return out
}

var planFiles = testdata("plan_goals.csv", "plan_targets_gbk.csv", "plan_tasks.csv", "plan_milestones.csv", "plan_task_reports.csv",
	"plan_projects.csv", "plan_project_reports.csv", "plan_workbook_zh.xlsx", "ledger_2020.xlsx")

func storedPlan(t *testing.T, db *sqlstore.DB) zoneboard.Plan {
	t.Helper()
	plan, err := db.FindPlan(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func findByCode[T any](list []T, code func(T) string, want string) (T, bool) {
	for _, x := range list {
		if code(x) == want {
			return x, true
		}
	}
	var zero T
	return zero, false
}

func value(v *float64) float64 {
	if v == nil {
		return -1e9
	}
	return *v
}

func TestPlanFilesImportEveryKind(t *testing.T) {
	db := planStore(t)
	// Given in any order: the references are resolved across the files.
	paths := append([]string(nil), planFiles...)
	for i, j := 0, len(paths)-1; i < j; i, j = i+1, j-1 {
		paths[i], paths[j] = paths[j], paths[i]
	}
	report := importFiles(t, db, paths...)
	r := report.Result.Plan
	if r.Goals.Created != 3 || r.Targets.Created != 2 || r.Tasks.Created != 3 || r.Projects.Created != 3 ||
		r.TaskReports.Created != 4 || r.ProjectReports.Created != 2+6+4 {
		t.Errorf("result: %+v", r)
	}
	kinds := map[string]string{}
	for _, f := range report.Files {
		var names []string
		for _, k := range f.Kinds {
			names = append(names, string(k))
		}
		kinds[filepath.Base(f.Name)] = strings.Join(names, ",")
	}
	if kinds["ledger_2020.xlsx"] != "project ledger" || kinds["plan_workbook_zh.xlsx"] != "tasks,milestones,task_reports" ||
		kinds["plan_targets_gbk.csv"] != "targets" {
		t.Errorf("kinds: %v", kinds)
	}
	plan := storedPlan(t, db)

	goal, _ := findByCode(plan.Goals, func(g zoneboard.Goal) string { return g.Code }, "G1.1")
	if goal.Parent != "G1" || goal.Unit != "370171" {
		t.Errorf("goal G1.1: %+v", goal)
	}

	gdp, _ := findByCode(plan.Targets, func(x zoneboard.Target) string { return x.Code }, "T-GDP-2020")
	if gdp.Indicator != "gdp" || gdp.Unit != "370171" || gdp.Measure != zoneboard.MeasureGrowth || gdp.Deadline.Code() != "2020" ||
		gdp.BaselinePeriod.Code() != "2019" || value(gdp.Value) != 7 || strings.Join(gdp.ResponsibleUnits, ",") != "370171-01,370171-06" {
		t.Errorf("target T-GDP-2020: %+v", gdp)
	}
	revenue, _ := findByCode(plan.Targets, func(x zoneboard.Target) string { return x.Code }, "T-REV-2020")
	if revenue.Measure != zoneboard.MeasureLevel || revenue.BaselinePeriod.Code() != "2019" || value(revenue.Floor) != 125 ||
		value(revenue.Stretch) != 135 || revenue.BehindPoints != 5 || revenue.AtRiskPoints != 10 ||
		strings.Join(revenue.ResponsibleUnits, ",") != "370171-01,370171-06" {
		t.Errorf("target T-REV-2020: %+v", revenue)
	}

	k1, _ := findByCode(plan.Tasks, func(x zoneboard.Task) string { return x.Code }, "K1")
	if k1.LeadUnit != "370171-06" || k1.Deadline != "2020-12-31" || k1.Start != "2020-03-01" || len(k1.Milestones) != 2 ||
		k1.Milestones[0] != (zoneboard.Milestone{Name: "主体封顶", Due: "2020-06-30", DoneOn: "2020-06-28"}) {
		t.Errorf("task K1: %+v", k1)
	}
	k2, _ := findByCode(plan.Tasks, func(x zoneboard.Task) string { return x.Code }, "K2")
	if k2.Deadline != "2020-11-30" || k2.Start != "2020-01-01" || len(k2.Milestones) != 1 || k2.Milestones[0].Due != "2020-06-30" {
		t.Errorf("task K2 (a month as its deadline is the month's last day): %+v", k2)
	}
	k3, _ := findByCode(plan.Tasks, func(x zoneboard.Task) string { return x.Code }, "K3")
	if k3.LeadUnit != "370171-01" || k3.Deadline != "2020-09-30" || strings.Join(k3.CooperatingUnits, ",") != "370171,370171-02" ||
		len(k3.Milestones) != 2 || k3.Milestones[1].Name != "预验收" {
		t.Errorf("task K3 (a workbook's date cell, milestones by the task's name): %+v", k3)
	}
	var k1June zoneboard.TaskReport
	for _, rep := range plan.TaskReports {
		if rep.Task == "K1" && rep.Month == "2020-06" {
			k1June = rep
		}
	}
	if value(k1June.Percent) != 55 || len(k1June.Links) != 2 || k1June.ReportedBy == "" {
		t.Errorf("K1's June report: %+v", k1June)
	}

	p1, _ := findByCode(plan.Projects, func(x zoneboard.Project) string { return x.Code }, "P2020-001")
	if value(p1.TotalInvestment) != 35 || value(p1.AnnualPlan) != 12 || p1.Unit != "370171-06" || p1.Level != zoneboard.LevelProvince ||
		p1.Type != zoneboard.TypeContinuing || p1.PlannedStart != "2019-03-31" || p1.ActualStart != "2019-04-10" || p1.Lagging {
		t.Errorf("project P2020-001 (万元 into 亿元): %+v", p1)
	}
	p2, _ := findByCode(plan.Projects, func(x zoneboard.Project) string { return x.Code }, "P2020-002")
	if !p2.Lagging || p2.Type != zoneboard.TypeNew || p2.Level != zoneboard.LevelCity {
		t.Errorf("project P2020-002: %+v", p2)
	}
	// The ledger's new project gets a code from its year and name.
	var fromLedger zoneboard.Project
	for _, p := range plan.Projects {
		if p.Name == "智能装备城产业园" {
			fromLedger = p
		}
	}
	if !strings.HasPrefix(fromLedger.Code, "2020-") || len(fromLedger.Code) != 13 || fromLedger.Unit != "370171-03" ||
		fromLedger.Level != zoneboard.LevelDistrict || value(fromLedger.AnnualPlan) != 6 || fromLedger.Problems != "土地手续待办" {
		t.Errorf("the ledger's new project: %+v", fromLedger)
	}
	months := map[string]float64{}
	for _, rep := range plan.ProjectReports {
		months[rep.Project+" "+rep.Month] = value(rep.Completed)
	}
	if months["P2020-001 2020-03"] != 0.95 || months["P2020-001 2020-07"] != 1.6 || months[fromLedger.Code+" 2020-06"] != 1.2 {
		t.Errorf("project reports: %v", months)
	}
	if _, ok := months[fromLedger.Code+" 2020-01"]; ok {
		t.Error("an empty month cell of the ledger became a report")
	}

	// Importing the same files again changes nothing.
	again := importFiles(t, db, planFiles...)
	if again.Result.Plan.Changed() {
		t.Errorf("a second import changed the plan: %+v", again.Result.Plan)
	}
}

func TestLedgerUpdatesStoredProjects(t *testing.T) {
	db := planStore(t)
	importFiles(t, db, testdata("plan_goals.csv", "plan_projects.csv", "plan_project_reports.csv")...)
	before := storedPlan(t, db)
	report := importFiles(t, db, testdata("ledger_2020.xlsx")...)
	if r := report.Result.Plan; r.Projects.Created != 1 || r.Projects.Unchanged != 1 || r.ProjectReports.Created != 10 {
		t.Errorf("the ledger: %+v", r)
	}
	after := storedPlan(t, db)
	p1, _ := findByCode(after.Projects, func(x zoneboard.Project) string { return x.Code }, "P2020-001")
	b1, _ := findByCode(before.Projects, func(x zoneboard.Project) string { return x.Code }, "P2020-001")
	if p1.Leader != b1.Leader || p1.Goal != "G1.1" || p1.PlannedStart != b1.PlannedStart {
		t.Errorf("the ledger changed what it does not hold: %+v", p1)
	}

	// The CSV ledger: the year from the file name, the code column, 万元 in the headers.
	report = importFiles(t, db, testdata("ledger_2020.csv")...)
	if r := report.Result.Plan; r.Projects.Created != 1 || r.ProjectReports.Unchanged != 3 || r.ProjectReports.Created != 2 {
		t.Errorf("the CSV ledger: %+v", r)
	}
	after = storedPlan(t, db)
	europe, ok := findByCode(after.Projects, func(x zoneboard.Project) string { return x.Code }, ingest.LedgerCode(2020, "中欧制造业产业园"))
	if !ok || europe.Unit != "370171-02" || value(europe.AnnualPlan) != 5 {
		t.Errorf("the CSV ledger's new project: %+v", europe)
	}
}

func TestPlanImportAloneAndWithStatistics(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Units, indicators and the plan that names them, in one import.
	report := importFiles(t, db, append(testdata("plan_goals.csv", "plan_targets_gbk.csv"), "../demo/data/units.csv", "../demo/data/indicators.csv")...)
	if report.Result.Units.Created == 0 || report.Result.Plan.Targets.Created != 2 {
		t.Errorf("result: %+v", report.Result)
	}
}

func TestPlanImportRefusesUnknownReferences(t *testing.T) {
	db := planStore(t)
	files := []ingest.File{
		{Name: "goals.csv", Data: []byte("goal,goal_name,parent_goal,unit\nA,甲,,nowhere\nB,乙,C,\nC,丙,B,\n")},
		{Name: "tasks.csv", Data: []byte("task,task_name,lead_unit,deadline,goal\nK1,任务,370171,2020-12,Z\n")},
		{Name: "reports.csv", Data: []byte("task,month,percent\nK9,2020-05,10\n")},
	}
	_, err := (&ingest.Importer{Store: db}).Import(context.Background(), files, ingest.Options{Actor: "tester"})
	var invalid *ingest.ValidationError
	if !errors.As(err, &invalid) {
		t.Fatalf("err = %v", err)
	}
	text := err.Error()
	for _, want := range []string{
		`goals.csv, row 2, column D (unit): "nowhere" is not a known unit code or name`,
		`goals.csv, row 3, column C (parent_goal): goal 乙 (B) would be its own ancestor`,
		`tasks.csv, row 2, column E (goal): "Z" is not a known goal code or name: add it to the goals file`,
		`reports.csv, row 2, column A (task): "K9" is not a known task code or name`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if plan := storedPlan(t, db); len(plan.Goals)+len(plan.Tasks) != 0 {
		t.Error("a refused import wrote part of the plan")
	}
}

func TestPlanDryRunWritesNothing(t *testing.T) {
	db := planStore(t)
	report, err := (&ingest.Importer{Store: db}).Import(context.Background(), readFiles(t, planFiles...), ingest.Options{Actor: "tester", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if report.Result.Plan.Goals.Created != 3 {
		t.Errorf("dry run result: %+v", report.Result.Plan)
	}
	if plan := storedPlan(t, db); len(plan.Goals) != 0 {
		t.Error("a dry run wrote the plan")
	}
}
