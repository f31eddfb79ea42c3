package zoneboard

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"
)

// Frequency is how often an indicator is published.
type Frequency string

const (
	Monthly   Frequency = "month"
	Quarterly Frequency = "quarter"
	Yearly    Frequency = "year"
)

// StepMonths is the number of months between two publications.
func (f Frequency) StepMonths() int {
	switch f {
	case Quarterly:
		return 3
	case Yearly:
		return 12
	}
	return 1
}

// Price bases: growth of a real indicator is at comparable prices and can never be computed
// from its levels, which are at current prices.
const (
	Nominal = "nominal"
	Real    = "real"
)

// Aggregation of an indicator over units or months.
const (
	AggregateSum  = "sum"
	AggregateNone = "none"
)

// Directions in which an indicator is better.
const (
	BetterUp   = "up"
	BetterDown = "down"
)

// Indicator is a statistic published for units and periods, with the conventions it is
// published under.
type Indicator struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
	// Unit of measure as printed, e.g. 亿元, 万美元, 家, %.
	Unit      string    `json:"unit"`
	Frequency Frequency `json:"frequency"`
	// Cumulative values are published year to date (1-N月累计).
	Cumulative bool   `json:"cumulative"`
	PriceBasis string `json:"price_basis"`
	Aggregate  string `json:"aggregate"`
	Better     string `json:"better"`
	Decimals   int    `json:"decimals"`
	// JanuaryAlone is false for series whose January is published only together with February
	// (1-2月), because the Spring Festival moves between the two months.
	JanuaryAlone bool `json:"january_alone"`
	// AllowNegative is true for indicators such as profit that can fall below zero.
	AllowNegative bool `json:"allow_negative"`
	// Stock indicators (listed firms, population) are measured at the end of a period: the
	// value of a quarter is the value at its last month, never a sum of months.
	Stock bool `json:"stock"`
	// Formula makes a derived indicator, computed from other indicators of the same unit and
	// period (gdp * 10000 / population); empty for published ones.
	Formula string `json:"formula"`
	// Order places the indicator in lists (smaller first; then by code).
	Order int `json:"order"`
	// Catalog names the entry of the built-in indicator catalogue this indicator is, when the
	// user says so; empty means matched by name (see package catalog).
	Catalog string `json:"catalog,omitempty"`
	// Measure is what kind of quantity the indicator is (MeasureAmount...); empty means
	// inferred from its unit of measure (see MeasureOf).
	Measure   string    `json:"measure,omitempty"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// SameContent reports whether i and j are defined alike, ignoring who wrote them and when.
func (i Indicator) SameContent(j Indicator) bool {
	i.UpdatedBy, i.UpdatedAt, j.UpdatedBy, j.UpdatedAt = "", time.Time{}, "", time.Time{}
	return i == j
}

// IndicatorFilter selects indicators; an empty filter selects all.
type IndicatorFilter struct {
	Codes []string
}

// IndicatorService reads indicators.
type IndicatorService interface {
	FindIndicators(ctx context.Context, filter IndicatorFilter) ([]Indicator, error)
}

// Measures: what kind of quantity an indicator is. Amounts and counts are extensive: a part of
// the whole can be stated as a share of it (占全市28.8%), whether or not the reference's figure
// is the sum of its bulletin's units. Ratios, per-capita figures and indices never have a share.
const (
	MeasureAmount    = "amount"     // 亿元, 万美元, 万吨, 亿千瓦时
	MeasureCount     = "count"      // 家, 个, 人, 项
	MeasureRatio     = "ratio"      // %, ‰, 吨标准煤/万元: rates, shares and intensities
	MeasurePerCapita = "per_capita" // 元/人, 人均
	MeasureIndex     = "index"      // 上年=100, 点
)

// Measures lists the measures in the order they are documented.
var Measures = []string{MeasureAmount, MeasureCount, MeasureRatio, MeasurePerCapita, MeasureIndex}

// MeasureOf is the indicator's measure: the one it declares, else the one its unit of measure
// and name imply.
func (i Indicator) MeasureOf() string {
	if i.Measure != "" {
		return i.Measure
	}
	return InferMeasure(i.Unit, i.Name)
}

// Extensive reports whether the indicator is an amount or a count, whose share of a
// reference means something.
func (i Indicator) Extensive() bool {
	m := i.MeasureOf()
	return m == MeasureAmount || m == MeasureCount
}

// countUnits are the units of measure of counts as Chinese statistics print them.
var countUnits = map[string]bool{"家": true, "个": true, "人": true, "万人": true, "户": true, "万户": true, "项": true,
	"件": true, "次": true, "万人次": true, "人次": true, "所": true, "座": true, "辆": true, "套": true, "台": true,
	"只": true, "株": true, "名": true, "位": true, "条": true, "间": true, "张": true, "床": true, "部": true}

// InferMeasure infers a measure from a unit of measure and a name, the way a statistician
// reads them: a unit with a "/" is an intensity or a per-capita figure, % and ‰ are ratios,
// 上年=100 or 点 an index, 家 or 个 a count, anything else (亿元, 万美元, 万吨) an amount.
func InferMeasure(unit, name string) string {
	u := strings.ReplaceAll(strings.TrimSpace(unit), " ", "")
	switch {
	case strings.Contains(name, "人均") || strings.HasSuffix(u, "/人") || strings.HasSuffix(u, "/人·年"):
		return MeasurePerCapita
	case u == "%" || u == "％" || u == "‰" || u == "百分点" || u == "个百分点" || strings.Contains(u, "/") ||
		strings.Contains(name, "强度") || strings.Contains(name, "比重") || strings.HasSuffix(name, "率") ||
		strings.HasSuffix(name, "占比"):
		return MeasureRatio
	case strings.Contains(u, "=100") || u == "点" || strings.HasSuffix(name, "指数"):
		return MeasureIndex
	case countUnits[u]:
		return MeasureCount
	}
	return MeasureAmount
}

// FormatValue writes a level to the indicator's decimals, keeping trailing zeros as bulletins
// print them (56.0亿元, 1291.5): the one place that decides a level's decimals, for the CLI's
// tables, the briefings and the Word file (the web UI applies the same rule to the same
// field). A missing value is empty.
func (i Indicator) FormatValue(x float64) string { return fixed(x, i.Decimals) }

// FormatRate writes a growth, a gap in points, a share or a multiple: one decimal, as
// bulletins print them (增长7.0%).
func FormatRate(x float64) string { return fixed(x, 1) }

func fixed(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	s := roundHalfUp(strconv.FormatFloat(x, 'f', -1, 64), decimals)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // never "-0.0"
	}
	return s
}

// roundHalfUp rounds the shortest decimal that reads back as the number, as statistics
// offices round (四舍五入: 5.125 is 5.13, -1.25 is -1.3), rather than the binary value's
// half-to-even (5.12).
func roundHalfUp(s string, decimals int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < decimals+1 {
		frac += "0"
	}
	digits := []byte(whole + frac[:decimals])
	if frac[decimals] >= '5' {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	n := len(digits) - decimals
	out := string(digits[:n])
	if decimals > 0 {
		out += "." + string(digits[n:])
	}
	if neg {
		out = "-" + out
	}
	return out
}
