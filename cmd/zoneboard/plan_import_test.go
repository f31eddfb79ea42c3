package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zoneboard"
	"zoneboard/sqlstore"
)

var planTestdata = []string{"plan_goals.csv", "plan_targets_gbk.csv", "plan_tasks.csv", "plan_milestones.csv", "plan_task_reports.csv",
	"plan_projects.csv", "plan_project_reports.csv", "plan_workbook_zh.xlsx", "ledger_2020.xlsx"}

func testdataPaths(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, filepath.Join("../../ingest/testdata", n))
	}
	return out
}

// withPlan is a database holding the demo's units and indicators and the example plan.
func withPlan(t *testing.T) *cli {
	c := newCLI(t)
	c.mustRun("import", "../../demo/data/units.csv", "../../demo/data/indicators.csv")
	c.mustRun(append([]string{"import"}, testdataPaths(planTestdata...)...)...)
	return c
}

// plan reads the stored plan.
func (c *cli) plan() zoneboard.Plan {
	c.t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	plan, err := db.FindPlan(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	return plan
}

// TestPlanImportRefusesBadInput checks that each kind of bad plan input is refused with exit
// status 1, a message naming the file, row and column and what to fix, and an untouched
// database.
func TestPlanImportRefusesBadInput(t *testing.T) {
	const (
		goals    = "goal,goal_name,parent_goal,unit\n"
		targets  = "target,target_name,goal,indicator,unit,measure,deadline,floor,target_value,stretch\n"
		tasks    = "task,task_name,goal,lead_unit,start,deadline\n"
		reports  = "task,month,percent,text\n"
		projects = "project,project_name,unit,year,total_investment,annual_plan,level,type,lagging\n"
	)
	tests := []struct {
		name, file, content string
		where               string // the location the English message must name
		what                string // a fragment of what it must say
		zhWhat              string // a fragment of what it must say in Chinese
	}{
		{"UnknownUnit", "bad.csv", goals + "G9,新目标,G1,高新区\n", "bad.csv, row 2, column D (unit)", `"高新区" is not a known unit code or name`, "“高新区”不是已知的单位编码或名称"},
		{"UnknownParentGoal", "bad.csv", goals + "G9,新目标,G7,\n", "bad.csv, row 2, column C (parent_goal)", `"G7" is not a known goal code or name`, "“G7”不是已知的目标编码或名称"},
		{"UnknownIndicator", "bad.csv", targets + "T9,,G1,gpd,370171,level,2020,,100,\n", "bad.csv, row 2, column D (indicator)",
			`"gpd" is not a known indicator code or name`, "“gpd”不是已知的指标编码或名称"},
		{"UnknownGoal", "bad.csv", tasks + "K9,新任务,G9,370171,,2020-12-31\n", "bad.csv, row 2, column C (goal)", `"G9" is not a known goal code or name`, "“G9”不是已知的目标编码或名称"},
		{"BadPeriod", "bad.csv", targets + "T9,,G1,gdp,370171,level,2020-Q5,,100,\n", "bad.csv, row 2, column G (deadline)", "there is no quarter 5", "没有第5季度"},
		{"BadDay", "bad.csv", tasks + "K9,新任务,,370171,,2020-02-30\n", "bad.csv, row 2, column F (deadline)", "2020-02 has 29 days", "2020-02只有29天"},
		{"StartAfterDeadline", "bad.csv", tasks + "K9,新任务,,370171,2020-12-01,2020-06-30\n", "bad.csv, row 2, column E (start)", "after its deadline", "晚于完成时限"},
		{"BadMonth", "bad.csv", reports + "K1,2020-13,10,\n", "bad.csv, row 2, column B (month)", `"2020-13" is not a month`, "“2020-13”不是月份"},
		{"PercentOver100", "bad.csv", reports + "K1,2020-08,120,\n", "bad.csv, row 2, column C (percent)", "from 0 to 100", "请填写0至100的百分数"},
		{"FloorAboveTarget", "bad.csv", targets + "T9,,G1,gdp,370171,level,2020,140,130,150\n", "bad.csv, row 2, column H (floor)",
			"the floor 140 is beyond the target 130", "底线值140超过了目标值130"},
		{"StretchBelowTarget", "bad.csv", targets + "T9,,G1,gdp,370171,总量,2020,120,130,125\n", "bad.csv, row 2, column J (stretch)",
			"falls short of the target", "未达到目标值"},
		{"MissingTargetValue", "bad.csv", targets + "T9,,G1,gdp,370171,level,2020,,,\n", "bad.csv, row 2, column I (target_value)",
			"the target value is empty", "目标值为空"},
		{"BadMeasure", "bad.csv", targets + "T9,,G1,gdp,370171,总额,2020,,100,\n", "bad.csv, row 2, column F (measure)", `"总额" is not a measure`, "“总额”不是有效的目标类型"},
		{"BadCode", "bad.csv", goals + "G 9,新目标,,\n", "bad.csv, row 2, column A (goal)", "may hold only letters, digits", "只能包含字母、数字"},
		{"DuplicateCode", "bad.csv", goals + "G9,新目标,,\nG9,另一个,,\n", "bad.csv, row 3, column A (goal)",
			"goal G9 is also defined at bad.csv, row 2, column A (goal)", "目标G9在文件 bad.csv，第2行，A列（goal）也有定义"},
		{"NegativeInvestment", "bad.csv", projects + "P9,新项目,370171-01,2020,-5,,,,\n", "bad.csv, row 2, column E (total_investment)",
			"-5 is negative, but an investment cannot be", "投资额-5为负数"},
		{"InvestmentNotANumber", "bad.csv", projects + "P9,新项目,370171-01,2020,五亿,,,,\n", "bad.csv, row 2, column E (total_investment)",
			`"五亿" is not a number`, "“五亿”不是数字"},
		{"BadYear", "bad.csv", projects + "P9,新项目,370171-01,20200,,,,,\n", "bad.csv, row 2, column D (year)", "is not a year", "“20200”不是有效的年份"},
		{"BadLevel", "bad.csv", projects + "P9,新项目,370171-01,2020,,,国家级,,\n", "bad.csv, row 2, column G (level)", `"国家级" is not a project level`, "“国家级”不是有效的项目级别"},
		{"BadType", "bad.csv", projects + "P9,新项目,370171-01,2020,,,,扩建,\n", "bad.csv, row 2, column H (type)", `"扩建" is not a project type`, "“扩建”不是有效的项目类型"},
		{"BadLagging", "bad.csv", projects + "P9,新项目,370171-01,2020,,,,,maybe\n", "bad.csv, row 2, column I (lagging)", "is not yes or no", "不是“是”或“否”"},
		{"ReportForUnknownProject", "bad.csv", "project,month,completed\nP9,2020-05,1\n", "bad.csv, row 2, column A (project)",
			`"P9" is not a known project code or name: add it to the projects file`, "“P9”不是已知的项目编码或名称"},
		{"DuplicateReport", "bad.csv", "project,month,completed\nP2020-001,2020-08,1\nP2020-001,2020年8月,1.2\n", "bad.csv, row 3, column B (month)",
			"the report of project P2020-001 for 2020-08 is also given, differently, at bad.csv, row 2", "项目P2020-001的2020-08月报在文件 bad.csv，第2行"},
		{"MilestoneOfUnknownTask", "bad.csv", "task,milestone,due\nK9,节点,2020-06-30\n", "bad.csv, row 2, column A (task)", `"K9" is not a known task`, "“K9”不是已知的工作任务编码或名称"},
		{"UnknownPlanColumn", "bad.csv", "task,task_name,lead_unit,deadline,owner\nK9,新任务,370171,2020-12,某人\n", "bad.csv, row 1, column E (owner)",
			"is not a column of a tasks file", "不是工作任务文件的列"},
		{"LedgerWithoutYear", "ledger.csv", "序号,项目名称,所在园区,1月,2月\n1,某新项目,齐鲁软件园,1,2\n", "ledger.csv, row 1",
			"the ledger names no year: add a 年度 column", "台账未写明年份"},
		{"LedgerTotalDisagrees", "ledger_2020.csv", "项目名称,所在园区,1月,2月,累计完成\n某新项目,齐鲁软件园,1,2,3.5\n", "ledger_2020.csv, row 2, column E (累计完成)",
			"the total completed is 3.5 亿元 but the months add up to 3 亿元", "累计完成投资为3.5亿元，但各月合计为3亿元"},
		{"LedgerTotalDisagreesInWan", "ledger_2020.csv", "项目名称,所在园区,1月(万元),2月(万元),累计完成(万元)\n某新项目,齐鲁软件园,10000,20000,31000\n",
			"ledger_2020.csv, row 2, column E (累计完成(万元))", "the total completed is 3.1 亿元 but the months add up to 3 亿元", "累计完成投资为3.1亿元，但各月合计为3亿元"},
		{"LedgerNewProjectWithoutUnit", "ledger_2020.csv", "项目名称,所在园区,1月\n某新项目,,1\n", "ledger_2020.csv, row 2, column B (所在园区)",
			`project "某新项目" is new: write the park or unit`, "项目“某新项目”是新项目：请填写其所在的园区或单位"},
		{"LedgerUnknownUnit", "ledger_2020.csv", "项目名称,所在园区,1月\n某新项目,软件园,1\n", "ledger_2020.csv, row 2, column B (所在园区)",
			`"软件园" is not a known unit code or name`, "“软件园”不是已知的单位编码或名称"},
		{"LedgerNegativeMonth", "ledger_2020.csv", "项目名称,所在园区,1月\n某新项目,齐鲁软件园,-1\n", "ledger_2020.csv, row 2, column C (1月)",
			"-1 is negative", "投资额-1为负数"},
		{"LedgerTwoRowsOfOneProject", "ledger_2020.csv", "项目名称,所在园区,1月\n某新项目,齐鲁软件园,1\n某新项目,齐鲁软件园,2\n",
			"ledger_2020.csv, row 3, column A (项目名称)", "is also in the ledger at ledger_2020.csv, row 2", "在台账的文件 ledger_2020.csv，第2行也有"},
		{"LedgerInAPercentColumn", "ledger_2020.csv", "项目名称,所在园区,总投资(%),1月\n某新项目,齐鲁软件园,3,1\n", "ledger_2020.csv, row 1, column C (总投资(%))",
			"investments are kept in 亿元", "但投资以亿元计"},
	}
	c := withPlan(t)
	before, beforePlan := c.snapshot(), c.plan()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			_, errText, status := c.run("import", c.file(tt.file, tt.content))
			if status != 1 || !strings.Contains(errText, "未导入任何数据") || !strings.Contains(errText, tt.zhWhat) {
				t.Errorf("exit %d; the message does not say %q:\n%s", status, tt.zhWhat, errText)
			}
			_, errText, status = c.run("--lang", "en", "import", c.file(tt.file, tt.content))
			if status != 1 {
				t.Errorf("exit %d, want 1", status)
			}
			if !strings.Contains(errText, tt.where) || !strings.Contains(errText, tt.what) {
				t.Errorf("the message does not say %q at %q:\n%s", tt.what, tt.where, errText)
			}
			c.assertUnchanged(before)
			if !reflect.DeepEqual(c.plan(), beforePlan) {
				t.Error("the plan changed")
			}
		})
	}
}

// TestLedgerDisagreeingWithItsProjectsFileIsRefused gives a project in a projects file and,
// differently, in a ledger of the same import.
func TestLedgerDisagreeingWithItsProjectsFileIsRefused(t *testing.T) {
	c := newCLI(t)
	c.mustRun("import", "../../demo/data/units.csv", "../../demo/data/indicators.csv")
	before := c.snapshot()
	ledger := c.file("ledger_2020.csv", "项目编号,项目名称,总投资,1月\nP2020-002,生命科学城医学中心,9,0.2\n")
	_, errText, status := c.run(append([]string{"import", ledger}, testdataPaths("plan_goals.csv", "plan_projects.csv")...)...)
	want := "文件 ledger_2020.csv，第2行，C列（总投资）：项目P2020-002的total_investment在文件 plan_projects.csv，第3行，J列（总投资(万元)）为8，此处为9"
	if status != 1 || !strings.Contains(errText, want) {
		t.Errorf("exit %d, want 1 and %q:\n%s", status, want, errText)
	}
	c.assertUnchanged(before)
	if plan := c.plan(); len(plan.Projects)+len(plan.Goals) != 0 {
		t.Error("a refused import wrote part of the plan")
	}
}

func TestPlanImportNamesTheSheetOfAWorkbook(t *testing.T) {
	c := withPlan(t)
	before, beforePlan := c.snapshot(), c.plan()
	wb := excelize.NewFile()
	wb.SetSheetName("Sheet1", "项目")
	for i, row := range [][]any{{"项目编号", "项目名称", "所在园区", "年度", "总投资"}, {"P9", "新项目", "齐鲁软件园", 2020, -3}} {
		wb.SetSheetRow("项目", fmt.Sprintf("A%d", i+1), &row)
	}
	path := filepath.Join(c.dir, "bad.xlsx")
	if err := wb.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	_, errText, status := c.run("import", path)
	if want := "文件 bad.xlsx，工作表“项目”，第2行，E列（总投资）：投资额-3为负数"; status != 1 || !strings.Contains(errText, want) {
		t.Errorf("exit %d, want %q:\n%s", status, want, errText)
	}
	c.assertUnchanged(before)
	if !reflect.DeepEqual(c.plan(), beforePlan) {
		t.Error("the plan changed")
	}
}

// sheets reads every sheet of a workbook as text.
func sheets(t *testing.T, path string) map[string][][]string {
	t.Helper()
	wb, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	out := map[string][][]string{}
	for _, name := range wb.GetSheetList() {
		rows, err := wb.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[name] = rows
	}
	return out
}

func TestPlanExportRoundTrips(t *testing.T) {
	c := withPlan(t)
	first := filepath.Join(c.dir, "plan.xlsx")
	c.mustRun("export", "--plan", "-o", first)
	got := sheets(t, first)
	for _, name := range []string{"goals", "targets", "tasks", "milestones", "task_reports", "projects", "project_reports"} {
		if len(got[name]) < 2 {
			t.Errorf("sheet %s: %v", name, got[name])
		}
	}
	if len(got["goals"]) != 4 || len(got["project_reports"]) != 13 || len(got["milestones"]) != 6 {
		t.Errorf("%d goal rows, %d project report rows, %d milestone rows", len(got["goals"]), len(got["project_reports"]), len(got["milestones"]))
	}

	fresh := newCLI(t)
	fresh.mustRun("import", "../../demo/data/units.csv", "../../demo/data/indicators.csv")
	fresh.mustRun("import", first)
	second := filepath.Join(fresh.dir, "plan.xlsx")
	fresh.mustRun("export", "--plan", "-o", second)
	if again := sheets(t, second); !reflect.DeepEqual(got, again) {
		t.Errorf("the second export differs from the first:\n%v\n%v", got, again)
	}
	if a, b := planContent(c.plan()), planContent(fresh.plan()); !reflect.DeepEqual(a, b) {
		t.Errorf("the imported plan differs:\n%+v\n%+v", a, b)
	}

	// As CSV files, a file per kind, it reads back the same.
	csvDir := filepath.Join(c.dir, "plan-csv")
	c.mustRun("export", "--plan", "--format", "csv", "-o", csvDir)
	files, _ := filepath.Glob(filepath.Join(csvDir, "plan_*.csv"))
	if len(files) != 7 {
		t.Fatalf("the CSV export wrote %v", files)
	}
	fromCSV := newCLI(t)
	fromCSV.mustRun("import", "../../demo/data/units.csv", "../../demo/data/indicators.csv")
	fromCSV.mustRun(append([]string{"import"}, files...)...)
	if a, b := planContent(c.plan()), planContent(fromCSV.plan()); !reflect.DeepEqual(a, b) {
		t.Errorf("the plan imported from the CSV files differs:\n%+v\n%+v", a, b)
	}

	// Importing the export into the database it came from changes nothing.
	beforePlan := c.plan()
	c.mustRun("import", first)
	if !reflect.DeepEqual(c.plan(), beforePlan) {
		t.Error("re-importing the export changed the plan")
	}

	// The ledger of 2020 reads back unchanged, and into a database without the projects
	// makes them with their codes.
	ledger := filepath.Join(c.dir, "ledger.xlsx")
	c.mustRun("export", "--ledger", "2020", "-o", ledger)
	rows := sheets(t, ledger)["2020年台账"]
	if len(rows) != 5 || !strings.HasPrefix(rows[0][0], "2020年") || rows[1][10] != "1月" || rows[3][1] != "P2020-001" || rows[3][4] != "齐鲁软件园" {
		t.Errorf("the ledger: %v", rows)
	}
	c.mustRun("import", ledger)
	if !reflect.DeepEqual(c.plan(), beforePlan) {
		t.Error("re-importing the ledger changed the plan")
	}
	bare := newCLI(t)
	bare.mustRun("import", "../../demo/data/units.csv", "../../demo/data/indicators.csv", ledger)
	plan := bare.plan()
	if len(plan.Projects) != 3 || len(plan.ProjectReports) != 12 {
		t.Errorf("from the ledger alone: %d projects, %d reports", len(plan.Projects), len(plan.ProjectReports))
	}
}

// planContent is a plan without who wrote its reports and when.
func planContent(p zoneboard.Plan) zoneboard.Plan {
	for i := range p.TaskReports {
		p.TaskReports[i].ReportedBy, p.TaskReports[i].ReportedAt = "", time.Time{}
	}
	for i := range p.ProjectReports {
		p.ProjectReports[i].ReportedBy, p.ProjectReports[i].ReportedAt = "", time.Time{}
	}
	return p
}

func TestPlanExportUsage(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{
		{"export", "--plan", "--format", "csv"},
		{"export", "--plan", "--ledger", "2020"},
		{"export", "--plan", "-o", "plan.csv"},
		{"export", "--ledger", "20"},
		{"export", "--ledger", "2020", "--unit", "370171"},
	} {
		if _, _, status := c.run(args...); status != 2 {
			t.Errorf("zoneboard %v: exit %d, want 2", args, status)
		}
	}
	// An empty plan is an empty workbook, with its headers.
	out := c.mustRun("export", "--plan")
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(out)))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if rows, _ := wb.GetRows("targets"); len(rows) != 1 || rows[0][0] != "target" {
		t.Errorf("targets sheet: %v", rows)
	}
}

func TestPlanExportAPIKeepsToTheScope(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	c.mustRun(append([]string{"import"}, testdataPaths(planTestdata...)...)...)
	base := c.startServer(t)
	b := signIn(t, base, "bonded-reporter", demoPassword)
	status, data, header := request(t, base, b, "GET", "/api/v1/export?plan=true", "", nil)
	if status != 200 || !strings.Contains(header.Get("Content-Disposition"), "plan.xlsx") {
		t.Fatalf("GET export?plan=true: %d %.200s", status, data)
	}
	path := filepath.Join(c.dir, "scoped.xlsx")
	c.file("scoped.xlsx", string(data))
	got := sheets(t, path)
	column := func(sheet string, i int) []string {
		var out []string
		for _, row := range got[sheet][1:] {
			out = append(out, row[i])
		}
		return out
	}
	// Only the scope's targets (by unit), tasks (by lead unit) and projects (by unit).
	for _, kind := range []struct {
		sheet  string
		column int
	}{{"targets", 4}, {"tasks", 3}, {"projects", 4}} {
		for _, unit := range column(kind.sheet, kind.column) {
			if unit != "370171-01" {
				t.Errorf("the scoped export's %s hold one of unit %s", kind.sheet, unit)
			}
		}
	}
	tasks := column("tasks", 0)
	if !slices.Contains(tasks, "K3") || slices.Contains(tasks, "K1") {
		t.Errorf("tasks: %v", tasks)
	}
	for _, task := range column("task_reports", 0) {
		if !slices.Contains(tasks, task) {
			t.Errorf("a report on task %s, which is not in the export", task)
		}
	}
	// The goals the kept records hang on, and their parents; not another park's goal.
	goals := column("goals", 0)
	if !slices.Contains(goals, "G1.1") || !slices.Contains(goals, "G1") || slices.Contains(goals, "G1.2") {
		t.Errorf("goals: %v", goals)
	}

	// The admin gets everything, and the ledger.
	plan := c.plan()
	full := getFile(t, base+"/api/v1/export?plan=true")
	c.file("full.xlsx", string(full))
	if n := len(sheets(t, filepath.Join(c.dir, "full.xlsx"))["projects"]); n != len(plan.Projects)+1 {
		t.Errorf("the admin's export has %d project rows for %d projects", n, len(plan.Projects))
	}
	of2020 := 0
	for _, p := range plan.Projects {
		if p.Year == 2020 {
			of2020++
		}
	}
	ledger := getFile(t, base+"/api/v1/export?ledger=2020")
	c.file("ledger.xlsx", string(ledger))
	if rows := sheets(t, filepath.Join(c.dir, "ledger.xlsx"))["2020年台账"]; len(rows) != of2020+2 {
		t.Errorf("the ledger has %d rows for %d projects", len(rows), of2020)
	}
	for _, q := range []string{"plan=true&format=csv", "plan=no", "ledger=abc", "plan=true&ledger=2020"} {
		send(t, "GET", base+"/api/v1/export?"+q, "", nil, 400)
	}
}

func getFile(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %.200s", url, resp.StatusCode, b.String())
	}
	return b.Bytes()
}
