package ingest

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"zoneboard"
	"zoneboard/msg"
	"zoneboard/period"
)

// sortedObservations returns the indexes of the resolved observation rows ordered by unit,
// indicator, year, end month, start month and then file order. In that order the rows of one
// cell are adjacent and a year's cumulative series is contiguous, which is how duplicates and
// falling cumulative values are found without a map of a million keys.
func (p *parsed) sortedObservations() []int32 {
	order := make([]int32, 0, len(p.observations))
	for n := range p.observations {
		if r := &p.observations[n]; r.unitIndex >= 0 && r.indicatorIndex >= 0 {
			order = append(order, int32(n))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		x, y := &p.observations[a], &p.observations[b]
		return cmp.Or(cmp.Compare(x.unitIndex, y.unitIndex), cmp.Compare(x.indicatorIndex, y.indicatorIndex),
			cmp.Compare(x.period.Year, y.period.Year), cmp.Compare(x.period.Last, y.period.Last),
			cmp.Compare(x.period.First, y.period.First), cmp.Compare(a, b))
	})
	return order
}

func sameCell(a, b *observationRow) bool {
	return a.unitIndex == b.unitIndex && a.indicatorIndex == b.indicatorIndex && a.period == b.period
}

func sameSeries(a, b *observationRow) bool {
	return a.unitIndex == b.unitIndex && a.indicatorIndex == b.indicatorIndex && a.period.Year == b.period.Year
}

// series is one unit's values of one indicator in one year.
type series struct {
	unit, indicator string
	year            int
}

// point is one year-to-date value of a series: from a row, or already stored (row nil).
type point struct {
	last  int
	value float64
	row   *observationRow
}

// checkCumulative refuses a year-to-date value that falls from one period to the next within a
// year for an indicator that cannot be negative, counting what the store already holds.
func (im *Importer) checkCumulative(ctx context.Context, p *parsed, order []int32, ps *problems, units *names, defs map[string]zoneboard.Indicator) error {
	checked := func(r *observationRow) bool {
		def := defs[r.indicator]
		return def.Cumulative && !def.AllowNegative && r.period.IsYearToDate()
	}
	stored, err := im.storedSeries(ctx, p, order, checked)
	if err != nil {
		return err
	}
	var points []point
	for start := 0; start < len(order); {
		end := start + 1
		first := &p.observations[order[start]]
		for end < len(order) && sameSeries(&p.observations[order[end]], first) {
			end++
		}
		if checked(first) {
			points = points[:0]
			fromFile := map[int]bool{}
			for _, n := range order[start:end] {
				r := &p.observations[n]
				if !r.period.IsYearToDate() || fromFile[r.period.Last] {
					continue
				}
				// a row without a value still replaces the stored one of its month
				fromFile[r.period.Last] = true
				if r.value != nil {
					points = append(points, point{r.period.Last, *r.value, r})
				}
			}
			for _, pt := range stored[series{first.unit, first.indicator, first.period.Year}] {
				if !fromFile[pt.last] {
					points = append(points, pt)
				}
			}
			slices.SortFunc(points, func(a, b point) int { return cmp.Compare(a.last, b.last) })
			reportFalls(points, units, defs, ps)
		}
		start = end
	}
	return nil
}

// storedSeries reads the stored year-to-date values of the series the rows touch.
func (im *Importer) storedSeries(ctx context.Context, p *parsed, order []int32, checked func(*observationRow) bool) (map[series][]point, error) {
	units, indicators, years := map[string]bool{}, map[string]bool{}, map[int]bool{}
	wanted := map[series]bool{}
	for _, n := range order {
		r := &p.observations[n]
		if checked(r) {
			units[r.unit], indicators[r.indicator], years[r.period.Year] = true, true, true
			wanted[series{r.unit, r.indicator, r.period.Year}] = true
		}
	}
	out := map[series][]point{}
	if len(wanted) == 0 {
		return out, nil
	}
	observations, err := im.Store.FindObservations(ctx, zoneboard.ObservationFilter{Units: keys(units), Indicators: keys(indicators), Years: keys(years)})
	if err != nil {
		return nil, err
	}
	for _, o := range observations {
		s := series{o.Unit, o.Indicator, o.Period.Year}
		if wanted[s] && o.Period.IsYearToDate() && o.Value != nil {
			out[s] = append(out[s], point{last: o.Period.Last, value: *o.Value})
		}
	}
	return out, nil
}

// yearToDate names the months from January as bulletins write a cumulative figure's span:
// 2020年1-3月 (not 2020年一季度), and by its code in English.
func yearToDate(year, last int) msg.Both {
	p := period.YearToDate(year, last)
	if last == 1 {
		return msg.Both{Zh: p.Chinese(), En: p.Code()}
	}
	return msg.Both{Zh: fmt.Sprintf("%d年1-%d月", year, last), En: p.Code()}
}

// reportFalls reports each step of an ordered series where the value falls, on the row that
// the import brings (the stored side cannot be corrected in the file).
func reportFalls(points []point, units *names, defs map[string]zoneboard.Indicator, ps *problems) {
	for i := 1; i < len(points); i++ {
		before, after := points[i-1], points[i]
		if after.value >= before.value {
			continue
		}
		blame := after
		if blame.row == nil {
			blame = before
		}
		r := blame.row
		def := defs[r.indicator]
		describe := func(pt point) msg.Message {
			ytd := yearToDate(r.period.Year, pt.last)
			switch {
			case pt.row == r:
				return msg.New("import.year_to_date_this_row", "period", ytd, "value", pt.value, "measure", def.Unit)
			case pt.row != nil:
				return msg.New("import.year_to_date_other_row", "period", ytd, "value", pt.value, "measure", def.Unit,
					"other", pt.row.at(pt.row.cols.value))
			}
			return msg.New("import.year_to_date_stored", "period", ytd, "value", pt.value, "measure", def.Unit)
		}
		ps.add(r.at(r.cols.value), "import.cumulative_falls", "unit", units.name(r.unit), "indicator", indicatorName(def),
			"before", describe(before), "after", describe(after))
	}
}
