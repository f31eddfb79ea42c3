package ingest

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"zoneboard/internal/safecsv"

	"github.com/xuri/excelize/v2"

	"zoneboard"
	"zoneboard/period"
)

// sheetData is one sheet to write: its rows from the first, cells as strings or numbers.
type sheetData struct {
	name string
	rows [][]any
}

func writeSheets(w io.Writer, sheets []sheetData) error {
	wb := excelize.NewFile()
	defer wb.Close()
	for n, s := range sheets {
		if n == 0 {
			if err := wb.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := wb.NewSheet(s.name); err != nil {
			return err
		}
		sw, err := wb.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		for i, row := range s.rows {
			at, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := sw.SetRow(at, row); err != nil {
				return fmt.Errorf("export: unable to write sheet %s: %w", s.name, err)
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err := wb.WriteTo(w)
	return err
}

// planHeader is the English header of a kind of plan file, the columns in the layout's order.
func planHeader(kind Kind) []any {
	for _, l := range planLayouts {
		if l.kind == kind {
			row := make([]any, len(l.columns))
			for i, c := range l.columns {
				row[i] = c.name
			}
			return row
		}
	}
	return nil
}

// number is a cell for an optional number: empty, or the number itself for the reader's formulas.
func number(v *float64) any {
	if v == nil {
		return ""
	}
	return *v
}

func points(v float64) any {
	if v == 0 {
		return "" // the defaults
	}
	return v
}

func periodCode(p period.Period) string {
	if p.IsZero() {
		return ""
	}
	return p.Code()
}

// WritePlanXLSX writes the plan as a workbook with one sheet per kind (goals, targets, tasks,
// milestones, task_reports, projects, project_reports) under the headers the importer reads.
func WritePlanXLSX(w io.Writer, plan zoneboard.Plan) error {
	return writeSheets(w, planSheets(plan))
}

// WritePlanCSV writes the plan as one CSV file per kind, named plan_KIND.csv, each through
// create; the importer reads them back as a set.
func WritePlanCSV(plan zoneboard.Plan, create func(name string) (io.WriteCloser, error)) error {
	for _, sheet := range planSheets(plan) {
		f, err := create("plan_" + sheet.name + ".csv")
		if err != nil {
			return err
		}
		cw := safecsv.NewWriter(f)
		for _, row := range sheet.rows {
			record := make([]string, len(row))
			for i, cell := range row {
				record[i] = cellText(cell)
			}
			cw.Write(record)
		}
		cw.Flush()
		if err := errors.Join(cw.Error(), f.Close()); err != nil {
			return err
		}
	}
	return nil
}

// planSheets lays the plan out a kind per sheet.
func planSheets(plan zoneboard.Plan) []sheetData {
	sheet := func(kind Kind) sheetData { return sheetData{name: string(kind), rows: [][]any{planHeader(kind)}} }
	goals, targets, tasks, milestones := sheet(KindGoals), sheet(KindTargets), sheet(KindTasks), sheet(KindMilestones)
	taskReports, projects, projectReports := sheet(KindTaskReports), sheet(KindProjects), sheet(KindProjectReports)
	for _, g := range plan.Goals {
		goals.rows = append(goals.rows, []any{g.Code, g.Name, g.Parent, g.Unit, g.Description, g.Order})
	}
	for _, t := range plan.Targets {
		targets.rows = append(targets.rows, []any{t.Code, t.Name, t.Goal, t.Indicator, t.Unit, string(t.Measure), periodCode(t.Deadline),
			periodCode(t.BaselinePeriod), number(t.Baseline), number(t.Floor), number(t.Value), number(t.Stretch), t.LeadUnit,
			strings.Join(t.ResponsibleUnits, "、"), t.Leader, points(t.BehindPoints), points(t.AtRiskPoints), t.Note})
	}
	for _, t := range plan.Tasks {
		tasks.rows = append(tasks.rows, []any{t.Code, t.Name, t.Goal, t.LeadUnit, strings.Join(t.CooperatingUnits, "、"), t.Leader,
			t.Start, t.Deadline, t.Note, t.SignedOffOn, t.SignedOffBy})
		for _, m := range t.Milestones {
			milestones.rows = append(milestones.rows, []any{t.Code, m.Name, m.Due, m.DoneOn})
		}
	}
	for _, r := range plan.TaskReports {
		taskReports.rows = append(taskReports.rows, []any{r.Task, r.Month, number(r.Percent), r.Text, strings.Join(r.Links, " ")})
	}
	for _, p := range plan.Projects {
		projects.rows = append(projects.rows, []any{p.Code, p.Name, p.Goal, p.Owner, p.Unit, p.Industry, p.Level, p.Type, p.Year,
			number(p.TotalInvestment), number(p.AnnualPlan), p.PlannedStart, p.ActualStart, p.PlannedCompletion, p.ActualCompletion,
			p.PlannedOperation, p.ActualOperation, p.Progress, p.Leader, p.ResponsibleUnit, p.Problems, yesNo(p.Lagging)})
	}
	for _, r := range plan.ProjectReports {
		projectReports.rows = append(projectReports.rows, []any{r.Project, r.Month, number(r.Completed), r.Progress, r.Problems})
	}
	return []sheetData{goals, targets, tasks, milestones, taskReports, projects, projectReports}
}

var (
	levelLabels = map[string]string{zoneboard.LevelProvince: "省级", zoneboard.LevelCity: "市级", zoneboard.LevelDistrict: "区级"}
	typeLabels  = map[string]string{zoneboard.TypeNew: "新开工", zoneboard.TypeContinuing: "续建", zoneboard.TypeCompleting: "竣工",
		zoneboard.TypePreparatory: "前期"}
)

// WriteLedgerXLSX writes the key-project ledger of a year as project offices keep it: the
// title with the year, a row per project of that year and its completed investment month by
// month. Units are named by their names where a name is unique; the importer reads it back.
func WriteLedgerXLSX(w io.Writer, plan zoneboard.Plan, units []zoneboard.Unit, year int) error {
	nameCount := map[string]int{}
	for _, u := range units {
		nameCount[u.Name]++
	}
	unitName := map[string]string{}
	for _, u := range units {
		if nameCount[u.Name] == 1 && u.Name != "" {
			unitName[u.Code] = u.Name
		}
	}
	completed := map[string]*float64{}
	for _, r := range plan.ProjectReports {
		if r.Completed != nil {
			completed[r.Project+" "+r.Month] = r.Completed
		}
	}
	header := []any{"序号", "项目编号", "项目名称", "建设单位", "所在园区", "行业", "级别", "类型", "总投资", "年度计划投资"}
	for m := 1; m <= 12; m++ {
		header = append(header, fmt.Sprintf("%d月", m))
	}
	header = append(header, "累计完成", "形象进度", "存在问题")
	rows := [][]any{{ledgerTitle(year)}, header}
	n := 0
	for _, p := range plan.Projects {
		if p.Year != year {
			continue
		}
		n++
		unit := p.Unit
		if name, ok := unitName[p.Unit]; ok {
			unit = name
		}
		row := []any{n, p.Code, p.Name, p.Owner, unit, p.Industry, levelLabels[p.Level], typeLabels[p.Type],
			number(p.TotalInvestment), number(p.AnnualPlan)}
		sum, reported := 0.0, false
		for m := 1; m <= 12; m++ {
			v := completed[fmt.Sprintf("%s %04d-%02d", p.Code, year, m)]
			row = append(row, number(v))
			if v != nil {
				sum, reported = sum+*v, true
			}
		}
		if reported {
			row = append(row, math.Round(sum*1e6)/1e6)
		} else {
			row = append(row, "")
		}
		row = append(row, p.Progress, p.Problems)
		rows = append(rows, row)
	}
	return writeSheets(w, []sheetData{{name: fmt.Sprintf("%d年台账", year), rows: rows}})
}

// PlanTables lays plan records out as the tables of an import, a table per kind that has
// records, so that a form's or a request's records are checked exactly as a file's are.
// Columns listed in omit (such as a task's sign-off, which has its own door) are left out,
// so that the stored values stay.
func PlanTables(plan zoneboard.Plan, omit ...string) []Table {
	var tables []Table
	for _, sheet := range planSheets(plan) {
		if len(sheet.rows) < 2 {
			continue
		}
		keep := make([]bool, len(sheet.rows[0]))
		for i, name := range sheet.rows[0] {
			keep[i] = !slices.Contains(omit, fmt.Sprint(name))
		}
		t := Table{Name: "request " + sheet.name}
		for _, row := range sheet.rows {
			var record []string
			for i, cell := range row {
				if !keep[i] {
					continue
				}
				record = append(record, cellText(cell))
			}
			t.Rows = append(t.Rows, record)
		}
		tables = append(tables, t)
	}
	return tables
}

// cellText writes a cell of a sheet as text: numbers in full, without an exponent.
func cellText(cell any) string {
	if v, ok := cell.(float64); ok {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(cell)
}
