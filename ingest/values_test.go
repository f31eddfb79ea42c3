package ingest

import (
	"testing"
)

func TestParseNumber(t *testing.T) {
	ok := []struct {
		in      string
		percent bool
		want    float64
	}{
		{"1150.2", false, 1150.2},
		{" -13.4 ", true, -13.4},
		{"1,150.2", false, 1150.2},
		{"12,345,678", false, 12345678},
		{"１１５０．２", false, 1150.2},
		{"10.5%", true, 10.5},
		{"1e3", false, 1000},
	}
	for _, tt := range ok {
		got, err := parseNumber(tt.in, tt.percent)
		if err != nil || got == nil || *got != tt.want {
			t.Errorf("parseNumber(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "-", "—", "…", "/"} {
		if got, err := parseNumber(in, false); got != nil || err != nil {
			t.Errorf("parseNumber(%q) = %v, %v; want not published", in, got, err)
		}
	}
	for _, in := range []string{"abc", "12,3.4", "1,23", "10.5%", "NaN", "Inf", "1.2.3", "12 3", "0x1p4", "0x10", "1_000", "0x_1p0", "1e", "+", ".", "1e400", "2e15", "infinity"} {
		if got, err := parseNumber(in, false); err == nil {
			t.Errorf("parseNumber(%q) = %v; want an error", in, *got)
		}
	}
}

func TestDetectHeader(t *testing.T) {
	tests := []struct {
		row  []string
		kind Kind
	}{
		{[]string{"unit", "indicator", "period", "value", "growth"}, KindObservations},
		{[]string{"单位", "指标", "时期", "数值", "增速（%）"}, KindObservations},
		{[]string{"序号", "地区", "指标名称", "报告期", "绝对值", "增长(%)"}, KindObservations},
		{[]string{"代码", "名称", "计量单位", "频率"}, KindIndicators},
		{[]string{"code", "name", "name_en", "kind", "parent"}, KindUnits},
		{[]string{"代码", "名称", "类型", "上级"}, KindUnits},
		{[]string{"group", "unit"}, KindGroups},
		{[]string{"分组", "分组名称", "成员单位"}, KindGroups},
	}
	for _, tt := range tests {
		h := detectHeader(tt.row)
		if h == nil || h.kind != tt.kind {
			t.Errorf("detectHeader(%q) = %+v, want %s", tt.row, h, tt.kind)
		}
	}
	if h := detectHeader([]string{"2020年1-3月济南市各县区主要经济指标"}); h != nil {
		t.Errorf("a title row was taken for a %s header", h.kind)
	}
}

func TestSplitBureauHeader(t *testing.T) {
	tests := []struct {
		text, sub       string
		indicator, unit string
		growth          bool
	}{
		{"地区生产总值", "绝对值(亿元)", "地区生产总值", "亿元", false},
		{"地区生产总值", "增长(%)", "地区生产总值", "", true},
		{"规模以上工业增加值增速(%)", "", "规模以上工业增加值", "", true},
		{"社会消费品零售总额（万元）", "", "社会消费品零售总额", "万元", false},
		{"进出口总额", "比上年增长±%", "进出口总额", "", true},
		{"固定资产投资增长", "", "固定资产投资", "", true},
	}
	for _, tt := range tests {
		indicator, unit, growth := splitBureauHeader(tt.text, tt.sub)
		if indicator != tt.indicator || unit != tt.unit || growth != tt.growth {
			t.Errorf("splitBureauHeader(%q, %q) = %q, %q, %v; want %q, %q, %v", tt.text, tt.sub, indicator, unit, growth,
				tt.indicator, tt.unit, tt.growth)
		}
	}
}

func TestFindPeriodInTitleOrSheetName(t *testing.T) {
	tests := []struct {
		sheet string
		title string
		want  string
	}{
		{"Sheet1", "2020年1-3月济南市各县区主要经济指标", "2020-Q1"},
		{"2020年上半年", "济南市各县区主要经济指标", "2020-H1"},
		{"2019-Q4", "", "2019-Q4"},
		{"Sheet1", "2020年前三季度全市经济运行情况", "2020-01..09"},
		{"数据", "2019年全市主要指标", "2019"},
	}
	for _, tt := range tests {
		tb := &table{sheet: tt.sheet, rows: [][]string{{tt.title}, {"地区", "地区生产总值"}}}
		p, ok := findPeriod(tb, 1)
		if !ok || p.Code() != tt.want {
			t.Errorf("findPeriod(%q, %q) = %v, %v; want %s", tt.sheet, tt.title, p, ok, tt.want)
		}
	}
}

func TestColumnLetter(t *testing.T) {
	for n, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := (Location{Column: n}).ColumnLetter(); got != want {
			t.Errorf("column %d = %s, want %s", n, got, want)
		}
	}
}
