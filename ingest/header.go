package ingest

import (
	"strings"
)

// Kind is the kind of records a table holds.
type Kind string

const (
	KindUnits        Kind = "units"
	KindGroups       Kind = "groups"
	KindIndicators   Kind = "indicators"
	KindObservations Kind = "observations"
	// KindBureauTable is the statistics bureau's wide layout: one row per unit, a pair of
	// columns (level, growth) per indicator, the period in the title or the sheet name.
	KindBureauTable Kind = "bureau table"
)

// column describes one column of a kind of file: its English name and the Chinese headers
// statistics offices write for it.
type column struct {
	name     string
	aliases  []string
	required bool
}

// layout is the columns of one kind of file.
type layout struct {
	kind    Kind
	columns []column
}

// layouts lists each kind's columns in the order of shared/DESIGN.md, then the plan's. The
// order of kinds is the order in which detection tries them: the most specific first.
var layouts = append(statisticsLayouts, planLayouts...)

var statisticsLayouts = []layout{
	{KindObservations, []column{
		{"unit", []string{"单位", "地区", "区县", "县区", "单位代码", "单位名称", "地区名称"}, true},
		{"indicator", []string{"指标", "指标代码", "指标名称"}, true},
		{"period", []string{"时期", "期别", "时间", "报告期", "统计期", "期间"}, true},
		{"value", []string{"数值", "绝对值", "值", "总量", "累计", "本期"}, false},
		{"growth", []string{"增速", "增长", "同比增长", "同比", "增幅", "增长率"}, false},
		{"status", []string{"状态", "数据状态"}, false},
		{"source", []string{"来源", "数据来源"}, false},
		{"note", []string{"备注", "说明", "注"}, false},
	}},
	{KindIndicators, []column{
		{"code", []string{"代码", "指标代码", "编码"}, true},
		{"name", []string{"名称", "指标名称", "指标"}, true},
		{"name_en", []string{"英文名称", "英文名"}, false},
		{"unit", []string{"计量单位", "单位"}, false},
		{"frequency", []string{"频率", "频度", "发布频率"}, true},
		{"cumulative", []string{"累计", "是否累计"}, false},
		{"price_basis", []string{"价格", "价格口径", "计价方式"}, false},
		{"aggregate", []string{"汇总", "汇总方式"}, false},
		{"better", []string{"方向", "指标方向", "优化方向"}, false},
		{"decimals", []string{"小数位", "小数位数"}, false},
		{"january_alone", []string{"1月单独发布", "一月单独发布"}, false},
		{"allow_negative", []string{"允许负值", "可为负"}, false},
		{"stock", []string{"期末数", "存量", "时点数"}, false},
		{"formula", []string{"公式", "计算公式"}, false},
		{"order", []string{"排序", "顺序"}, false},
		{"measure", []string{"计量类型", "度量类型", "量的类型"}, false},
		{"catalog", []string{"标准指标", "对应标准指标", "指标目录"}, false},
	}},
	{KindUnits, []column{
		{"code", []string{"代码", "单位代码", "区划代码", "编码"}, true},
		{"name", []string{"名称", "单位名称", "单位", "地区"}, true},
		{"name_en", []string{"英文名称", "英文名"}, false},
		{"kind", []string{"类型", "类别", "单位类型", "级别"}, true},
		{"parent", []string{"上级", "上级单位", "上级代码", "所属", "隶属"}, false},
		{"partitioned", []string{"下级合计等于本级", "下级构成本级"}, false},
	}},
	{KindGroups, []column{
		{"group", []string{"分组", "组", "分组代码", "组代码"}, true},
		{"group_name", []string{"分组名称", "组名称", "组名"}, false},
		{"unit", []string{"单位", "成员", "地区", "单位代码", "成员单位"}, true},
	}},
}

// ignoredHeaders are columns that spreadsheets carry for people, not data.
var ignoredHeaders = map[string]bool{"序号": true, "no": true, "no.": true, "#": true, "编号": true}

// header maps a kind's column names to their positions in a table.
type header struct {
	kind    Kind
	index   map[string]int
	texts   []string
	unknown []int
	// repeated are columns that name a column given before them: index -> the first one's.
	repeated map[int]int
	// months are a project ledger's columns of monthly completed investment.
	months []monthColumn
}

func (h *header) has(name string) bool { _, ok := h.index[name]; return ok }

// normalizeHeader folds case, full-width parentheses and spaces and drops a trailing unit in
// parentheses, so that 增速（%） and growth(%) both read as their column.
func normalizeHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("（", "(", "）", ")", " ", "", "\u3000", "").Replace(s)
	if i := strings.Index(s, "("); i > 0 && strings.HasSuffix(s, ")") {
		s = s[:i]
	}
	return s
}

// detectHeader tries each kind against a row and returns the kind whose required columns all
// appear and which recognises the most columns; nil when the row is no kind's header.
func detectHeader(row []string) *header {
	var best *header
	bestMatched := 0
	for _, layout := range layouts {
		h := &header{kind: layout.kind, index: map[string]int{}, texts: row}
		matched := 0
		for i, text := range row {
			n := normalizeHeader(text)
			if n == "" || ignoredHeaders[n] {
				continue
			}
			found := false
			for _, c := range layout.columns {
				if first, taken := h.index[c.name]; taken {
					if n == c.name || contains(c.aliases, n) {
						if h.repeated == nil {
							h.repeated = map[int]int{}
						}
						h.repeated[i], found = first, true
						break
					}
					continue
				}
				if n == c.name || contains(c.aliases, n) {
					h.index[c.name] = i
					matched++
					found = true
					break
				}
			}
			if !found && layout.kind == KindLedger {
				if year, month, ok := monthHeader(text); ok {
					h.months = append(h.months, monthColumn{index: i, year: year, month: month})
					matched++
					found = true
				}
			}
			if !found {
				h.unknown = append(h.unknown, i)
			}
		}
		complete := true
		for _, c := range layout.columns {
			if c.required && !h.has(c.name) {
				complete = false
			}
		}
		if layout.kind == KindLedger && len(h.months) == 0 {
			complete = false // without month columns it is a projects file
		}
		if complete && matched > bestMatched {
			best, bestMatched = h, matched
		}
	}
	return best
}

func columnNames(kind Kind) string {
	for _, layout := range layouts {
		if layout.kind == kind {
			var names []string
			for _, c := range layout.columns {
				names = append(names, c.name)
			}
			return strings.Join(names, ",")
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
