package zoneboard

import (
	"math"
	"testing"
)

// A measure is inferred the way a statistician reads a unit and a name; share is stated for
// amounts and counts only.
func TestInferMeasure(t *testing.T) {
	for _, c := range []struct {
		unit, name, want string
		extensive        bool
	}{
		{"亿元", "地区生产总值", MeasureAmount, true},
		{"万美元", "实际使用外资", MeasureAmount, true},
		{"亿千瓦时", "全社会用电量", MeasureAmount, true},
		{"家", "高新技术企业", MeasureCount, true},
		{"个", "重点项目", MeasureCount, true},
		{"万人", "从业人员", MeasureCount, true},
		{"元", "城乡居民人均可支配收入", MeasurePerCapita, false},
		{"元/人", "劳动生产率", MeasurePerCapita, false},
		{"%", "R&D经费投入强度", MeasureRatio, false},
		{"％", "高新技术产业产值占比", MeasureRatio, false},
		{"吨标准煤/万元", "单位地区生产总值能耗", MeasureRatio, false},
		{"", "城镇登记失业率", MeasureRatio, false},
		{"上年=100", "居民消费价格指数", MeasureIndex, false},
	} {
		ind := Indicator{Unit: c.unit, Name: c.name}
		if got := ind.MeasureOf(); got != c.want {
			t.Errorf("%s (%s): measure %q, want %q", c.name, c.unit, got, c.want)
		}
		if got := ind.Extensive(); got != c.extensive {
			t.Errorf("%s (%s): extensive %v, want %v", c.name, c.unit, got, c.extensive)
		}
	}
	// A declared measure wins.
	if got := (Indicator{Unit: "%", Name: "x", Measure: MeasureAmount}).MeasureOf(); got != MeasureAmount {
		t.Errorf("declared measure ignored: %q", got)
	}
}

// One place decides a level's decimals: bulletins keep the trailing zero (56.0亿元) and never
// print "-0.0".
func TestFormatValue(t *testing.T) {
	for _, c := range []struct {
		x        float64
		decimals int
		want     string
	}{
		{56, 1, "56.0"}, {1291.54, 1, "1291.5"}, {7, 1, "7.0"}, {274, 1, "274.0"}, {72236, 0, "72236"},
		{5.125, 2, "5.13"}, {-0.04, 1, "0.0"}, {-1.25, 1, "-1.3"}, {9.96, 1, "10.0"}, {0.05, 0, "0"}, {99.5, 0, "100"}, {1e21, 0, "1000000000000000000000"}, {math.NaN(), 1, ""},
	} {
		if got := (Indicator{Decimals: c.decimals}).FormatValue(c.x); got != c.want {
			t.Errorf("FormatValue(%v, %d) = %q, want %q", c.x, c.decimals, got, c.want)
		}
	}
	for _, c := range []struct {
		x    float64
		want string
	}{{7, "7.0"}, {10.55, "10.6"}, {-0.01, "0.0"}, {math.Inf(1), ""}} {
		if got := FormatRate(c.x); got != c.want {
			t.Errorf("FormatRate(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}
