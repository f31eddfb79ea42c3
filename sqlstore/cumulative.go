package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"zoneboard"
	"zoneboard/period"
)

// seriesKey is one unit's indicator in one year.
type seriesKey struct {
	unit, indicator int64
	year            int
}

type ytdPoint struct {
	last  int
	value float64
	fresh bool // written by this batch
}

// checkCumulative refuses, inside the writing transaction, a batch that would leave the
// year-to-date series of an indicator that cannot be negative falling within a year. The
// importer checks the same before writing, against what it read; this check sees what is
// stored at the moment of the write, so two writers who are each right alone cannot together
// store a series that falls (writers take turns, see beginWrite).
func (db *DB) checkCumulative(ctx context.Context, tx queryer, observations []zoneboard.Observation, keys []cellKey,
	unitIDs, indicatorIDs map[string]int64) error {
	checked, err := nonNegativeCumulative(ctx, tx)
	if err != nil || len(checked) == 0 {
		return err
	}
	series := map[seriesKey][]ytdPoint{}
	// cleared holds the months the batch writes without a value: the stored value goes.
	cleared := map[seriesKey]map[int]bool{}
	yearsByUnit := map[int64]map[int]bool{}
	for n, o := range observations {
		k := keys[n]
		if !checked[k.indicator] || k.first != 1 {
			continue
		}
		s := seriesKey{k.unit, k.indicator, k.year}
		if o.Value == nil {
			if cleared[s] == nil {
				cleared[s] = map[int]bool{}
			}
			cleared[s][k.last] = true
			continue
		}
		series[s] = append(series[s], ytdPoint{last: k.last, value: *o.Value, fresh: true})
		if yearsByUnit[k.unit] == nil {
			yearsByUnit[k.unit] = map[int]bool{}
		}
		yearsByUnit[k.unit][k.year] = true
	}
	if len(series) == 0 {
		return nil
	}
	for uid, years := range yearsByUnit {
		args := []any{uid}
		for y := range years {
			args = append(args, y)
		}
		rows, err := tx.QueryContext(ctx, db.bind(`SELECT indicator_id, year, last_month, value FROM observations
			WHERE unit_id = ? AND first_month = 1 AND value IS NOT NULL AND year IN (`+placeholders(len(years))+`)`), args...)
		if err != nil {
			return fmt.Errorf("store: unable to read the stored year-to-date values: %w", err)
		}
		for rows.Next() {
			var s seriesKey
			var p ytdPoint
			if err := rows.Scan(&s.indicator, &s.year, &p.last, &p.value); err != nil {
				rows.Close()
				return fmt.Errorf("store: unable to read a stored year-to-date value: %w", err)
			}
			s.unit = uid
			if points, touched := series[s]; touched && !cleared[s][p.last] && !slices.ContainsFunc(points, func(q ytdPoint) bool { return q.fresh && q.last == p.last }) {
				series[s] = append(points, p)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	unitCodes, indicatorCodes := invert(unitIDs), invert(indicatorIDs)
	for s, points := range series {
		slices.SortFunc(points, func(a, b ytdPoint) int { return cmp.Compare(a.last, b.last) })
		for i := 1; i < len(points); i++ {
			before, after := points[i-1], points[i]
			if after.value >= before.value || !before.fresh && !after.fresh {
				continue
			}
			return zoneboard.Fail(zoneboard.EConflict, "store.cumulative_falls",
				"unit", unitCodes[s.unit], "indicator", indicatorCodes[s.indicator], "after", period.YearToDate(s.year, after.last),
				"after_value", after.value, "before", period.YearToDate(s.year, before.last), "before_value", before.value)
		}
	}
	return nil
}

// nonNegativeCumulative lists the indicators whose year-to-date values may not fall.
func nonNegativeCumulative(ctx context.Context, tx queryer) (map[int64]bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM indicators WHERE cumulative = $1 AND allow_negative = $2`, true, false)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the indicators: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
