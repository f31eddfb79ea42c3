package catalog

import (
	"testing"

	"zoneboard"
)

func TestEveryRequiredEntryIsBuiltIn(t *testing.T) {
	// The standard indicators of Chinese statistical bulletins that a zone's briefing names.
	for _, name := range []string{"地区生产总值", "规模以上工业增加值", "工业总产值", "规上工业营业收入", "固定资产投资", "工业投资", "技改投资",
		"民间投资", "社会消费品零售总额", "网络零售额", "线上销售额", "进出口总额", "出口", "进口", "实际使用外资", "一般公共预算收入", "税收收入",
		"规模以上服务业营业收入", "全社会用电量", "工业用电量", "城乡居民人均可支配收入", "R&D经费投入强度", "高新技术产业产值占比", "上市挂牌企业",
		"高新技术企业"} {
		if _, ok := Lookup(name); !ok {
			t.Errorf("%s is not in the catalogue", name)
		}
	}
}

func TestEntriesAreConsistent(t *testing.T) {
	keys := map[string]bool{}
	for _, e := range Entries() {
		keys[e.Key] = true
	}
	for _, e := range Entries() {
		if e.PartOf != "" && !keys[e.PartOf] {
			t.Errorf("%s is part of unknown %s", e.Key, e.PartOf)
		}
		ind := zoneboard.Indicator{Unit: e.Unit, Name: e.Name}
		if got := ind.MeasureOf(); got != e.Measure {
			t.Errorf("%s (%s): the unit implies measure %s, the catalogue says %s", e.Key, e.Unit, got, e.Measure)
		}
	}
}

func TestMatch(t *testing.T) {
	cases := []struct {
		ind  zoneboard.Indicator
		want string
	}{
		{zoneboard.Indicator{Code: "GDP", Name: "地区生产总值"}, "gdp"},
		{zoneboard.Indicator{Code: "A01", Name: "地区生产总值（亿元）"}, "gdp"},
		{zoneboard.Indicator{Code: "IVA", Name: "规上工业增加值增速(%)"}, "industrial_va"},
		{zoneboard.Indicator{Code: "TRADE", Name: "外贸进出口"}, "imports_exports"},
		{zoneboard.Indicator{Code: "X", Name: "Gross Domestic Product"}, "gdp"},
		{zoneboard.Indicator{Code: "retail_sales", Name: "社零（含批零住餐）"}, "retail_sales"},
		{zoneboard.Indicator{Code: "M7", Name: "某某指标", Catalog: "出口"}, "exports"},
		{zoneboard.Indicator{Code: "FI", Name: "固定资产投资（不含农户）"}, "fixed_investment"},
	}
	for _, c := range cases {
		e, ok := Match(c.ind)
		if !ok || e.Key != c.want {
			t.Errorf("Match(%s %s) = %s %v, want %s", c.ind.Code, c.ind.Name, e.Key, ok, c.want)
		}
	}
	for _, ind := range []zoneboard.Indicator{{Code: "first_line_trade", Name: "一线进出口额"}, {Code: "Q", Name: "大健康产业销售收入"},
		{Code: "ZB", Name: "固定资产投资（含农户）"}} {
		if e, ok := Match(ind); ok {
			t.Errorf("Match(%s) = %s, want no entry", ind.Name, e.Key)
		}
	}
}
