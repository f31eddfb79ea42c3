package engine

import (
	"context"
	"io"
	"strconv"
	"zoneboard/internal/safecsv"

	"zoneboard"
	"zoneboard/calc"
	"zoneboard/period"
)

// Check is a consistency row: a parent's published total beside the sum of its children.
// Functional zones overlap districts, so a difference is normal where the children do not
// partition the parent; where they do, it points to an error in the data.
type Check struct {
	Parent            string
	ParentName        string
	Indicator         string
	Period            period.Period
	Published         float64
	ChildrenSum       float64
	ChildrenWithValue int
	Children          int
	Difference        float64
	DifferencePercent float64
	Partitioned       bool
}

// CheckColumns are the columns of a consistency report.
var CheckColumns = []string{"parent", "parent_name", "indicator", "period", "published", "children_sum", "children_with_value",
	"children", "difference", "difference_pct", "partitioned"}

// Consistency compares, for additive indicators, each parent's published value with the sum
// of its children's published values. Units empty means every unit with children.
func (e *Engine) Consistency(ctx context.Context, units, indicators []string, periods []period.Period) ([]Check, error) {
	if err := e.Refresh(ctx); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	v := e.v
	pl, err := v.resolve(Query{Units: units, Indicators: indicators})
	if err != nil {
		return nil, err
	}
	var out []Check
	for _, ind := range pl.indicators {
		if v.indicators[ind].Aggregate != zoneboard.AggregateSum {
			continue
		}
		ps := periods
		if len(ps) == 0 {
			for _, k := range v.periods[ind] {
				ps = append(ps, k.period())
			}
		}
		for _, p := range ps {
			for _, u := range pl.units {
				unit := &v.units[u]
				if len(unit.children) == 0 {
					continue
				}
				c := Check{Parent: unit.Code, ParentName: unit.Name, Indicator: v.indicators[ind].Code, Period: p,
					Children: len(unit.children), Partitioned: unit.Partitioned, Published: calc.Missing}
				if s := v.get(u, ind); s != nil {
					if i := s.find(keyOf(p)); i >= 0 {
						c.Published = s.values[i]
					}
				}
				for _, child := range unit.children {
					x, _ := v.value(child, ind, p, 0)
					if !calc.IsMissing(x) {
						c.ChildrenSum += x
						c.ChildrenWithValue++
					}
				}
				if c.ChildrenWithValue == 0 {
					continue
				}
				c.Difference, _ = calc.Gap(c.Published, c.ChildrenSum)
				c.DifferencePercent = calc.Missing
				if !calc.IsMissing(c.Difference) && c.Published != 0 {
					c.DifferencePercent = c.Difference / c.Published * 100
				}
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// Values returns the check's cells as text.
func (c *Check) Values() []string {
	return []string{c.Parent, c.ParentName, c.Indicator, c.Period.Code(), FormatNumber(c.Published), FormatNumber(c.ChildrenSum),
		strconv.Itoa(c.ChildrenWithValue), strconv.Itoa(c.Children), FormatNumber(c.Difference), FormatNumber(c.DifferencePercent),
		strconv.FormatBool(c.Partitioned)}
}

// WriteChecksCSV writes a consistency report.
func WriteChecksCSV(w io.Writer, checks []Check) error {
	cw := safecsv.NewWriter(w)
	if err := cw.Write(CheckColumns); err != nil {
		return err
	}
	for i := range checks {
		if err := cw.Write(checks[i].Values()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
