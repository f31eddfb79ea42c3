package engine

import (
	"sort"
	"strings"
	"zoneboard"

	"zoneboard/calc"
)

// extraColumn is a column a query may ask for beyond the fixed ones.
type extraColumn struct {
	name        string
	description string
	// needs is "base" or "total" when the column needs Query.Base or Query.Total.
	needs   string
	compute func(v *view, pl *plan, row *Row, u, ind int32) any
}

var extraColumns = map[string]extraColumn{}

func init() {
	for _, x := range []extraColumn{
		// The reference named, for a reader whose scope leaves it out of its unit list (a
		// park's reporter compares with 全市 without reading the city's row).
		{name: "ref_name", description: "the reference unit's name (济南市)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				return v.unitField(row.Ref, func(x zoneboard.Unit) string { return x.Name })
			}},
		{name: "ref_name_en", description: "the reference unit's English name (Jinan)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				return v.unitField(row.Ref, func(x zoneboard.Unit) string { return x.NameEn })
			}},
		{name: "ref_kind", description: "the reference unit's kind (city: 全市)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				return v.unitField(row.Ref, func(x zoneboard.Unit) string { return string(x.Kind) })
			}},
		{name: "value_source", description: "how the value was obtained: reported, derived, formula or summed",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any { return row.ValueSource }},
		{name: "prev_period", description: "the period changes are measured from (一季度 before 上半年)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				if prev, ok := previous(row.Period, &v.indicators[ind].Indicator); ok {
					return prev.Code()
				}
				return ""
			}},
		{name: "growth_change_pp", description: "growth minus the growth of prev_period, in points (增速较一季度提高4个百分点)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				prev, ok := previous(row.Period, &v.indicators[ind].Indicator)
				if !ok {
					return nan
				}
				value, _ := v.value(u, ind, prev, 0)
				g, _ := v.growth(u, ind, prev, value)
				change, _ := calc.PointChange(row.Growth, g)
				return change
			}},
		{name: "value_change", description: "value minus the value of prev_period; in points for a ratio (较上月提高0.3个百分点)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				prev, ok := previous(row.Period, &v.indicators[ind].Indicator)
				if !ok {
					return nan
				}
				before, _ := v.value(u, ind, prev, 0)
				change, _ := calc.PointChange(row.Value, before)
				return change
			}},
		{name: "two_year_growth", description: "average yearly growth over this and the previous year (两年平均增长)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				last := row.Period.SameSpanLastYear()
				value, _ := v.value(u, ind, last, 0)
				g, _ := v.growth(u, ind, last, value)
				avg, _ := calc.TwoYearAverage(row.Growth, g)
				return avg
			}},
		{name: "time_progress", description: "share of the year elapsed at the end of a year-to-date period, in percent (序时进度)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				if !row.Period.IsYearToDate() {
					return nan
				}
				tp, _ := calc.TimeProgress(row.Period.Last)
				return tp
			}},
		{name: "base_value", needs: "base", description: "the value in the base period",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				base, _ := v.value(u, ind, pl.Base, 0)
				return base
			}},
		{name: "ratio_to_base", needs: "base", description: "value over the base value: 2 means doubled (倍增, 翻番), 4 quadrupled (翻两番)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				base, _ := v.value(u, ind, pl.Base, 0)
				r, _ := calc.Ratio(row.Value, base)
				return r
			}},
		{name: "implied_rate", needs: "base", description: "the constant yearly growth from the base value to the value, in percent",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				base, _ := v.value(u, ind, pl.Base, 0)
				r, _ := calc.Ratio(row.Value, base)
				rate, _ := calc.ImpliedYearlyRate(r, float64(row.Period.Year-pl.Base.Year))
				return rate
			}},
		{name: "pull_pp", needs: "total", description: "points this indicator adds to the growth of the total indicator (拉动增长X个百分点)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				last := row.Period.SameSpanLastYear()
				c0, _ := v.value(u, ind, last, 0)
				t0, _ := v.value(u, pl.total, last, 0)
				pull, _ := calc.Pull(row.Value, c0, t0)
				return pull
			}},
		{name: "contribution", needs: "total", description: "this indicator's share of the total's increase, in percent (贡献率)",
			compute: func(v *view, pl *plan, row *Row, u, ind int32) any {
				last := row.Period.SameSpanLastYear()
				c0, _ := v.value(u, ind, last, 0)
				t, _ := v.value(u, pl.total, row.Period, 0)
				t0, _ := v.value(u, pl.total, last, 0)
				c, _ := calc.Contribution(row.Value, c0, t, t0)
				return c
			}},
	} {
		extraColumns[x.name] = x
	}
}

// ExtraColumnNames lists the extra columns a query may ask for.
func ExtraColumnNames() string {
	names := make([]string, 0, len(extraColumns))
	for name := range extraColumns {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// unitField is a field of the unit with the code, or "" when there is none.
func (v *view) unitField(code string, field func(zoneboard.Unit) string) string {
	if i, ok := v.unitIndex[code]; ok && code != "" {
		return field(v.units[i].Unit)
	}
	return ""
}
