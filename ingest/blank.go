package ingest

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"zoneboard"
)

// A blank template is a workbook of one kind of import file: the kind's columns with the
// headers people write (Chinese, or English), the other language in each header's comment,
// one example row that imports as it is against the demo data, and drop-down lists for the
// columns with fixed values. Filling it in and importing it needs no reading of the README.

// Template is one kind of file that has a blank template.
type Template struct {
	// Name is the kind as a URL and a command line name it: observations, task_reports, ledger.
	Name string `json:"kind"`
	Kind Kind   `json:"-"`
	Zh   string `json:"name"`
	En   string `json:"name_en"`
}

// Templates lists the kinds of file with a blank template, in the order the import page
// offers them.
var Templates = []Template{
	{Name: "observations", Kind: KindObservations, Zh: "观测值", En: "Observations"},
	{Name: "units", Kind: KindUnits, Zh: "单位", En: "Units"},
	{Name: "indicators", Kind: KindIndicators, Zh: "指标", En: "Indicators"},
	{Name: "groups", Kind: KindGroups, Zh: "比较组", En: "Peer groups"},
	{Name: "goals", Kind: KindGoals, Zh: "目标", En: "Goals"},
	{Name: "targets", Kind: KindTargets, Zh: "指标目标", En: "Targets"},
	{Name: "tasks", Kind: KindTasks, Zh: "重点任务", En: "Tasks"},
	{Name: "milestones", Kind: KindMilestones, Zh: "任务节点", En: "Milestones"},
	{Name: "task_reports", Kind: KindTaskReports, Zh: "任务进展", En: "Task reports"},
	{Name: "projects", Kind: KindProjects, Zh: "项目", En: "Projects"},
	{Name: "project_reports", Kind: KindProjectReports, Zh: "项目月报", En: "Project reports"},
	{Name: "ledger", Kind: KindLedger, Zh: "项目台账", En: "Project ledger"},
}

// TemplateNamed finds a template by its name or its kind.
func TemplateNamed(name string) (Template, bool) {
	for _, t := range Templates {
		if t.Name == name || string(t.Kind) == name {
			return t, true
		}
	}
	return Template{}, false
}

// TemplateNames lists the templates' names, for messages.
func TemplateNames() string {
	names := make([]string, len(Templates))
	for i, t := range Templates {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// FileName is the name a downloaded template takes.
func (t Template) FileName(lang string) string {
	if lang == "en" {
		return t.Name + "_template.xlsx"
	}
	return t.Zh + "模板.xlsx"
}

// word is a fixed value in both languages; the importer reads either.
type word struct{ en, zh string }

var (
	yesNoWords = []word{{"yes", "是"}, {"no", "否"}}
	// choicesOf are the drop-down lists, by kind and column, or by column alone.
	choicesOf = map[string][]word{
		"status":         {{zoneboard.StatusPreliminary, "初步"}, {zoneboard.StatusFinal, "正式"}, {zoneboard.StatusRevised, "修订"}},
		"frequency":      {{"month", "月度"}, {"quarter", "季度"}, {"year", "年度"}},
		"cumulative":     yesNoWords,
		"january_alone":  yesNoWords,
		"allow_negative": yesNoWords,
		"stock":          yesNoWords,
		"partitioned":    yesNoWords,
		"lagging":        yesNoWords,
		"price_basis":    {{"nominal", "现价"}, {"real", "可比价"}},
		"aggregate":      {{"sum", "求和"}, {"none", "不汇总"}},
		"better":         {{"up", "正向"}, {"down", "逆向"}},
		"indicators/measure": {{"amount", "总量"}, {"count", "个数"}, {"ratio", "比率"}, {"per_capita", "人均"},
			{"index", "指数"}},
		"targets/measure": {{"level", "总量"}, {"growth", "增速"}},
		"units/kind": {{"country", "国家"}, {"province", "省"}, {"city", "市"}, {"district", "区"}, {"county", "县"},
			{"zone", "功能区"}, {"park", "园区"}, {"enterprise", "企业"}, {"department", "部门"}, {"other", "其他"}},
		"level": {{"province", "省级"}, {"city", "市级"}, {"district", "区级"}},
		"type":  {{"new", "新开工"}, {"continuing", "续建"}, {"completing", "竣工"}, {"preparatory", "前期"}},
	}
	// numericColumns hold numbers; every other column is text, so that a code such as
	// 370171 or a date stays as written.
	numericColumns = map[string]bool{"value": true, "growth": true, "decimals": true, "order": true, "baseline": true,
		"floor": true, "target_value": true, "stretch": true, "behind_points": true, "at_risk_points": true,
		"percent": true, "completed": true, "total_investment": true, "annual_plan": true, "cumulative_investment": true}
)

// choices returns a column's drop-down list, none for a free column.
func (t Template) choices(column string) []word {
	if w, ok := choicesOf[t.Name+"/"+column]; ok {
		return w
	}
	if t.Kind == KindLedger && column == "cumulative" {
		return nil // the ledger's cumulative is the year's completed investment, a number
	}
	return choicesOf[column]
}

// examples are each template's example row by column, in English; a column with a drop-down
// list takes the value in the template's language. They name the demo's units, indicators,
// goals, tasks and projects, so that the row imports there as it is.
var examples = map[string]map[string]string{
	"observations": {"unit": "370171", "indicator": "gdp", "period": "2021-Q1", "value": "300.5", "growth": "6.1",
		"status": "final", "source": "区统计局", "note": "示例行:导入前请替换"},
	"units": {"code": "370171-90", "name": "示例园区", "name_en": "Example Park", "kind": "park", "parent": "370171",
		"partitioned": "no"},
	"indicators": {"code": "example_output", "name": "示例产值", "name_en": "Example output", "unit": "亿元",
		"frequency": "month", "cumulative": "yes", "price_basis": "nominal", "aggregate": "sum", "better": "up",
		"decimals": "1", "january_alone": "no", "allow_negative": "no", "stock": "no", "order": "100", "measure": "amount"},
	"groups": {"group": "example_peers", "group_name": "示例比较组", "unit": "370171"},
	"goals": {"goal": "G-EXAMPLE", "goal_name": "示例目标", "parent_goal": "G2020", "unit": "370171",
		"description": "示例行:导入前请替换", "order": "9"},
	"targets": {"target": "T-EXAMPLE", "target_name": "示例指标目标", "goal": "G2020", "indicator": "gdp",
		"unit": "370171", "measure": "growth", "deadline": "2021", "baseline_period": "2020", "floor": "6",
		"target_value": "7", "stretch": "8", "lead_unit": "370171", "responsible_units": "370171", "note": "示例行:导入前请替换"},
	"tasks": {"task": "TASK-EXAMPLE", "task_name": "示例重点任务", "goal": "G2020", "lead_unit": "370171",
		"cooperating_units": "370171-01", "start": "2021-01-01", "deadline": "2021-12-31", "note": "示例行:导入前请替换"},
	"milestones":   {"task": "ZJ-SEAL", "milestone": "示例节点", "due": "2020-10-31"},
	"task_reports": {"task": "ZJ-SEAL", "month": "2020-07", "percent": "60", "text": "示例进展:导入前请替换"},
	"projects": {"project": "P-EXAMPLE", "project_name": "示例项目", "goal": "G2020", "owner": "示例建设单位",
		"unit": "370171-02", "industry": "先进制造", "level": "city", "type": "new", "year": "2021",
		"total_investment": "10", "annual_plan": "3", "planned_start": "2021-03-31", "planned_completion": "2022-12-31",
		"progress": "前期", "responsible_unit": "370171-02", "lagging": "no"},
	"project_reports": {"project": "JXC", "month": "2020-10", "completed": "0.5", "progress": "规划设计"},
	"ledger": {"project": "L-EXAMPLE", "project_name": "示例台账项目", "goal": "G2020", "owner": "示例建设单位",
		"unit": "370171-02", "industry": "先进制造", "level": "city", "type": "new", "year": "2021",
		"total_investment": "6", "annual_plan": "2.4", "1": "0.2", "2": "0.3", "3": "0.4", "cumulative": "0.9",
		"progress": "基础施工"},
}

// templateColumn is one column of a template: its importer column, or a ledger's month.
type templateColumn struct {
	name     string // the English header
	zh       string // the Chinese header: the first the importer reads
	required bool
	month    int
}

// columns lists a template's columns in the order the kind's layout gives them; the
// ledger's months come after the annual plan, as project offices keep them.
func (t Template) columns() []templateColumn {
	var layout []column
	for _, l := range layouts {
		if l.kind == t.Kind {
			layout = l.columns
		}
	}
	var out []templateColumn
	for _, c := range layout {
		if t.Kind == KindLedger && c.name == "cumulative" {
			continue
		}
		out = append(out, templateColumn{name: c.name, zh: c.aliases[0], required: c.required})
		if t.Kind == KindLedger && c.name == "annual_plan" {
			for m := 1; m <= 12; m++ {
				out = append(out, templateColumn{name: fmt.Sprintf("%d月", m), zh: fmt.Sprintf("%d月", m), month: m})
			}
			for _, c := range layout {
				if c.name == "cumulative" {
					out = append(out, templateColumn{name: c.name, zh: c.aliases[0]})
				}
			}
		}
	}
	return out
}

// example returns the example row's cell of a column, in the template's language.
func (t Template) example(c templateColumn, lang string) string {
	key := c.name
	if c.month > 0 {
		key = strconv.Itoa(c.month)
	}
	v := examples[t.Name][key]
	if lang != "en" {
		for _, w := range t.choices(c.name) {
			if w.en == v {
				return w.zh
			}
		}
	}
	return v
}

// rowsWithRoom is how many rows the drop-down lists and text formats reach.
const rowsWithRoom = 1000

// WriteBlank writes a template as an xlsx workbook: lang "en" writes English headers with the
// Chinese in each header's comment, any other the Chinese headers with the English.
func WriteBlank(w io.Writer, t Template, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Zh
	if lang == "en" {
		sheet = t.En
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "9C0006"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FCE4D6"}}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	for i, c := range t.columns() {
		col, _ := excelize.ColumnNumberToName(i + 1)
		head, other := c.zh, c.name
		if lang == "en" {
			head, other = c.name, c.zh
		}
		cell := col + "1"
		style := header
		if c.required {
			style = required
		}
		if err := f.SetCellStr(sheet, cell, head); err != nil {
			return err
		}
		if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return err
		}
		if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "zoneboard",
			Paragraph: []excelize.RichTextRun{{Text: t.comment(c, other, lang)}}}); err != nil {
			return err
		}
		numeric := numericColumns[c.name] || c.month > 0 || (t.Kind == KindLedger && c.name == "cumulative")
		if !numeric {
			if err := f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, rowsWithRoom), text); err != nil {
				return err
			}
		}
		if v := t.example(c, lang); v != "" {
			if n, err := strconv.ParseFloat(v, 64); numeric && err == nil {
				err = f.SetCellFloat(sheet, col+"2", n, -1, 64)
				if err != nil {
					return err
				}
			} else if err := f.SetCellStr(sheet, col+"2", v); err != nil {
				return err
			}
		}
		if words := t.choices(c.name); len(words) > 0 {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, rowsWithRoom)
			list := make([]string, len(words))
			for i, w := range words {
				list[i] = w.zh
				if lang == "en" {
					list[i] = w.en
				}
			}
			if err := dv.SetDropList(list); err != nil {
				return err
			}
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		}
		width := float64(max(10, min(28, len([]rune(head))*2+4)))
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// comment says a header in the other language, whether the column must be filled, and its
// fixed values in both languages.
func (t Template) comment(c templateColumn, other, lang string) string {
	var b strings.Builder
	b.WriteString(other)
	if c.required {
		b.WriteString(map[bool]string{true: " (required)", false: "（必填）"}[lang == "en"])
	}
	if words := t.choices(c.name); len(words) > 0 {
		var both []string
		for _, w := range words {
			both = append(both, w.zh+" / "+w.en)
		}
		b.WriteString("\n" + strings.Join(both, "\n"))
	}
	if c.name == "period" && t.Kind == KindObservations {
		b.WriteString("\n2021、2021-Q1、2021-H1、2021-03、2021-01..09、2021年1-9月")
	}
	return b.String()
}
