package ingest

// The kinds of plan files: one record a row, except the project ledger, which holds a project
// a row and its monthly completed investment in columns.
const (
	KindGoals          Kind = "goals"
	KindTargets        Kind = "targets"
	KindTasks          Kind = "tasks"
	KindMilestones     Kind = "milestones"
	KindTaskReports    Kind = "task_reports"
	KindProjects       Kind = "projects"
	KindProjectReports Kind = "project_reports"
	// KindLedger is the key-project ledger (重点项目投资台账) as project offices keep it: a
	// project a row, then 1月 … 12月 with the investment completed in each month.
	KindLedger Kind = "project ledger"
)

// projectColumns are the columns of a projects file; the ledger reads the same columns, none
// of them required but the name.
var projectColumns = []column{
	{"project", []string{"项目编号", "项目代码"}, true},
	{"project_name", []string{"项目名称"}, true},
	{"goal", []string{"所属目标", "所属目标编号"}, false},
	{"owner", []string{"建设单位", "业主单位", "项目单位", "建设主体"}, false},
	{"unit", []string{"所在园区", "所在单位", "所在区县", "园区", "所属园区"}, true},
	{"industry", []string{"行业", "所属行业", "产业", "产业类别"}, false},
	{"level", []string{"级别", "项目级别"}, false},
	{"type", []string{"类型", "项目类型", "建设性质"}, false},
	{"year", []string{"年度", "年份", "计划年度"}, true},
	{"total_investment", []string{"总投资", "计划总投资"}, false},
	{"annual_plan", []string{"年度计划投资", "年度计划", "年度投资计划", "本年计划投资"}, false},
	{"planned_start", []string{"计划开工", "计划开工时间", "计划开工日期"}, false},
	{"actual_start", []string{"实际开工", "实际开工时间", "实际开工日期"}, false},
	{"planned_completion", []string{"计划竣工", "计划竣工时间", "计划竣工日期"}, false},
	{"actual_completion", []string{"实际竣工", "实际竣工时间", "实际竣工日期"}, false},
	{"planned_operation", []string{"计划投产", "计划投产时间", "计划投产日期"}, false},
	{"actual_operation", []string{"实际投产", "实际投产时间", "实际投产日期"}, false},
	{"progress", []string{"形象进度", "建设进度", "工程进度"}, false},
	{"leader", []string{"责任领导", "分管领导", "包挂领导"}, false},
	{"responsible_unit", []string{"责任单位", "责任部门"}, false},
	{"problems", []string{"存在问题", "存在的问题", "问题"}, false},
	{"lagging", []string{"滞后", "是否滞后"}, false},
}

// ledgerColumns are a projects file's columns with only the name required, and the year's
// completed investment, which is checked against the months.
var ledgerColumns = func() []column {
	var out []column
	for _, c := range projectColumns {
		c.required = c.name == "project_name"
		out = append(out, c)
	}
	return append(out, column{"cumulative", []string{"累计完成", "累计完成投资", "年度累计完成", "本年累计完成", "本年累计完成投资", "1-12月累计完成"}, false})
}()

var planLayouts = []layout{
	{KindGoals, []column{
		{"goal", []string{"目标编号", "目标代码"}, true},
		{"goal_name", []string{"目标名称"}, true},
		{"parent_goal", []string{"上级目标", "上级目标编号"}, false},
		{"unit", []string{"单位", "所属单位", "责任主体"}, false},
		{"description", []string{"说明", "描述", "目标说明", "目标描述"}, false},
		{"order", []string{"排序", "顺序"}, false},
	}},
	{KindTargets, []column{
		{"target", []string{"指标目标编号", "目标任务编号"}, true},
		{"target_name", []string{"目标名称", "指标目标名称", "目标任务名称"}, false},
		{"goal", []string{"所属目标", "所属目标编号"}, false},
		{"indicator", []string{"指标", "指标代码", "指标名称"}, true},
		{"unit", []string{"单位", "所属单位", "地区"}, true},
		{"measure", []string{"口径", "目标口径"}, false},
		{"deadline", []string{"期限", "目标期限", "完成期限"}, true},
		{"baseline_period", []string{"基期"}, false},
		{"baseline", []string{"基数", "基期值", "基期数"}, false},
		{"floor", []string{"保底", "保底目标", "保底值"}, false},
		{"target_value", []string{"目标值", "目标"}, true},
		{"stretch", []string{"冲刺", "冲刺目标", "冲刺值"}, false},
		{"lead_unit", []string{"牵头单位"}, false},
		{"responsible_units", []string{"责任单位"}, false},
		{"leader", []string{"责任领导", "分管领导"}, false},
		{"behind_points", []string{"滞后阈值"}, false},
		{"at_risk_points", []string{"预警阈值"}, false},
		{"note", []string{"备注"}, false},
	}},
	{KindTasks, []column{
		{"task", []string{"任务编号", "任务代码"}, true},
		{"task_name", []string{"任务名称", "重点任务"}, true},
		{"goal", []string{"所属目标", "所属目标编号"}, false},
		{"lead_unit", []string{"牵头单位"}, true},
		{"cooperating_units", []string{"配合单位", "协同单位", "参与单位"}, false},
		{"leader", []string{"责任领导", "分管领导"}, false},
		{"start", []string{"开始", "开始时间", "开始日期"}, false},
		{"deadline", []string{"完成时限", "期限", "截止日期", "完成时间"}, true},
		{"note", []string{"备注"}, false},
		{"signed_off_on", []string{"销号日期", "销号时间"}, false},
		{"signed_off_by", []string{"销号人", "销号审核人"}, false},
	}},
	{KindMilestones, []column{
		{"task", []string{"任务编号", "任务", "任务名称"}, true},
		{"milestone", []string{"节点", "节点名称", "里程碑"}, true},
		{"due", []string{"节点时限", "计划完成", "时限"}, true},
		{"done_on", []string{"完成日期", "实际完成"}, false},
	}},
	{KindTaskReports, []column{
		{"task", []string{"任务编号", "任务", "任务名称"}, true},
		{"month", []string{"月份", "报告月份"}, true},
		{"percent", []string{"完成进度", "进度", "完成比例", "完成进度%", "进度%"}, false},
		{"text", []string{"进展情况", "进展", "工作进展"}, false},
		{"links", []string{"附件链接", "附件", "链接"}, false},
	}},
	{KindProjects, projectColumns},
	{KindProjectReports, []column{
		{"project", []string{"项目编号", "项目", "项目名称"}, true},
		{"month", []string{"月份", "报告月份"}, true},
		{"completed", []string{"本月完成投资", "本月完成", "完成投资"}, false},
		{"progress", []string{"形象进度", "建设进度", "工程进度"}, false},
		{"problems", []string{"存在问题", "存在的问题", "问题"}, false},
	}},
	{KindLedger, ledgerColumns},
}

func isPlanKind(k Kind) bool {
	for _, l := range planLayouts {
		if l.kind == k {
			return true
		}
	}
	return false
}
