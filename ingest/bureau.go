package ingest

import (
	"regexp"
	"strings"

	"zoneboard/period"
)

// The statistics bureau's table: a title such as 2020年1-3月济南市各县区主要经济指标 (or the period
// as the sheet name), a header whose first column names the units (地区) and whose other
// columns name indicators, each over one or two sub-columns for the level (绝对值(亿元)) and the
// growth (增长(%)), then one row per unit.

var periodInText = regexp.MustCompile(`\d{4}年(前三季度|上半年|下半年|全年|第?[一二三四1-4]季度|\d{1,2}月?[-~—–至]\d{1,2}月|\d{1,2}月)?|\d{4}-(Q[1-4]|H[12]|\d{2}\.\.\d{2}|\d{2})`)

// bureauUnitHeaders are the words a bureau writes over its unit column.
var bureauUnitHeaders = map[string]bool{"地区": true, "单位": true, "区县": true, "县区": true, "县(市、区)": true, "县(市区)": true,
	"单位名称": true, "地区名称": true, "名称": true, "unit": true, "园区": true, "区域": true}

// totalRows name the row of the whole reference unit, the parent of the table's other units.
var totalRows = map[string]bool{"全市": true, "全区": true, "全省": true, "合计": true, "总计": true, "全市合计": true, "全县": true}

var (
	growthWords = []string{"增长", "增速", "同比", "增幅", "±", "%"}
	valueWords  = []string{"绝对值", "总量", "累计", "数值", "金额", "完成", "本期", "本年", "元", "家", "个", "吨", "人"}
	inParens    = regexp.MustCompile(`[(（]([^)）]*)[)）]`)
)

// findPeriod looks for a period in the sheet name, then in the title rows above the header.
func findPeriod(t *table, headerRow int) (period.Period, bool) {
	candidates := []string{t.sheet}
	for r := 0; r < headerRow; r++ {
		candidates = append(candidates, t.rows[r]...)
	}
	for _, text := range candidates {
		for _, m := range periodInText.FindAllString(strings.ReplaceAll(text, " ", ""), -1) {
			if p, err := period.Parse(m); err == nil {
				return p, true
			}
		}
	}
	return period.Period{}, false
}

// findBureauHeader returns the row and column of the unit header, or ok false.
func findBureauHeader(t *table) (row, column int, ok bool) {
	for r := 0; r < len(t.rows) && r < 8; r++ {
		for c := 0; c < 3 && c < len(t.rows[r]); c++ {
			if bureauUnitHeaders[normalizeHeader(t.rows[r][c])] && len(t.rows[r]) > c+1 {
				return r, c, true
			}
		}
	}
	return 0, 0, false
}

// bureauColumn is one data column of a bureau table.
type bureauColumn struct {
	index     int
	indicator string
	growth    bool
	unit      string
}

// readBureauTable reads a bureau table; ok is false when t is not one.
func (p *parsed) readBureauTable(t *table, ps *problems) bool {
	h, unitCol, ok := findBureauHeader(t)
	if !ok {
		return false
	}
	when, ok := findPeriod(t, h)
	if !ok {
		return false
	}
	top := t.rows[h]
	var sub []string
	dataStart := h + 1
	if h+1 < len(t.rows) && isSubHeader(t.rows[h+1], unitCol) {
		sub = t.rows[h+1]
		dataStart = h + 2
	}
	headers := make([]string, 0, len(top))
	var columns []bureauColumn
	name := ""
	for c := range max(len(top), len(sub)) {
		text, subText := cell(top, c), cell(sub, c)
		if subText == text {
			subText = "" // a cell merged down over both header rows
		}
		if text == "" && sub != nil && subText != "" {
			text = name // a merged cell saved as CSV leaves its other columns empty
		}
		label := strings.TrimSpace(text + " " + subText)
		headers = append(headers, label)
		if c <= unitCol || text == "" {
			continue
		}
		name = text
		col := bureauColumn{index: c}
		base, unit, isGrowth := splitBureauHeader(text, subText)
		col.indicator, col.unit, col.growth = base, unit, isGrowth
		columns = append(columns, col)
	}
	from := &origin{t: t, headers: headers}
	title := ""
	for r := 0; r < h && title == ""; r++ {
		for _, c := range t.rows[r] {
			if title = strings.TrimSpace(c); title != "" {
				break
			}
		}
	}
	p.kinds[t.file] = append(p.kinds[t.file], KindBureauTable)
	// One observation per indicator: its level and growth columns sit side by side.
	type group struct {
		indicator string
		cols      *rowColumns
	}
	var groups []group
	for i := 0; i < len(columns); {
		g := group{indicator: columns[i].indicator, cols: &rowColumns{unit: unitCol, indicator: columns[i].index, period: -1, value: -1, growth: -1}}
		j := i
		for ; j < len(columns) && columns[j].indicator == columns[i].indicator; j++ {
			if columns[j].growth && g.cols.growth < 0 {
				g.cols.growth = columns[j].index
			} else if !columns[j].growth && g.cols.value < 0 {
				g.cols.value, g.cols.valueUnit = columns[j].index, columns[j].unit
			}
		}
		groups = append(groups, g)
		i = j
	}
	for r := dataStart; r < len(t.rows); r++ {
		row := t.rows[r]
		unitText := cell(row, unitCol)
		if blank(row) || unitText == "" || isFootnote(unitText) {
			continue
		}
		p.rows[t.file]++
		for _, g := range groups {
			o := observationRow{from: from, cols: g.cols, row: int32(r), unitRef: unitText, indicatorRef: g.indicator, period: when, source: title}
			if cell(row, o.cols.value) == "" && cell(row, o.cols.growth) == "" {
				continue // not published for this unit
			}
			if totalRows[unitText] {
				o.isTotal, o.unitRef = true, ""
			}
			if p.readObservationCells(&o, row, ps) {
				p.observations = append(p.observations, o)
			}
		}
	}
	return true
}

// isSubHeader tells whether a row under the header labels level and growth sub-columns.
func isSubHeader(row []string, unitCol int) bool {
	for c := unitCol + 1; c < len(row); c++ {
		text := cell(row, c)
		if text == "" {
			continue
		}
		if containsAny(text, growthWords) || containsAny(text, valueWords) {
			if _, err := parseNumber(text, true); err != nil {
				return true
			}
		}
	}
	return false
}

// splitBureauHeader reads an indicator name, the unit of measure and whether the column holds
// growth from a header and its sub-header: 地区生产总值 over 绝对值(亿元) is a level in 亿元,
// 规上工业增加值增速(%) alone is a growth.
func splitBureauHeader(text, sub string) (indicator, unit string, isGrowth bool) {
	name := text
	if m := inParens.FindStringSubmatch(sub); m != nil {
		unit = m[1]
	} else if m := inParens.FindStringSubmatch(name); m != nil {
		unit = m[1]
	}
	name = strings.TrimSpace(inParens.ReplaceAllString(name, ""))
	switch {
	case sub != "" && containsAny(stripParens(sub), []string{"绝对值", "总量", "累计", "数值", "金额", "完成", "本期"}):
		isGrowth = false
	case sub != "" && containsAny(sub, growthWords):
		isGrowth = true
	case sub == "":
		for _, suffix := range []string{"增长率", "增速", "增长", "同比增长", "同比", "增幅"} {
			if strings.HasSuffix(name, suffix) && len(name) > len(suffix) {
				name, isGrowth = strings.TrimSuffix(name, suffix), true
				break
			}
		}
		if unit == "%" {
			isGrowth = true
		}
	}
	if isGrowth && unit == "%" {
		unit = ""
	}
	return name, unit, isGrowth
}

func stripParens(s string) string { return inParens.ReplaceAllString(s, "") }

func isFootnote(s string) bool {
	for _, prefix := range []string{"注", "备注", "说明", "资料来源", "数据来源", "来源"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// moneyScale is how many yuan (or dollars) one of each unit is, to convert a bureau column in
// 万元 into an indicator kept in 亿元.
var moneyScale = map[string]struct {
	currency string
	factor   float64
}{
	"元": {"CNY", 1}, "万元": {"CNY", 1e4}, "亿元": {"CNY", 1e8},
	"美元": {"USD", 1}, "万美元": {"USD", 1e4}, "亿美元": {"USD", 1e8},
}
