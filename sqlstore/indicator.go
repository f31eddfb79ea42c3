package sqlstore

import (
	"context"
	"fmt"

	"zoneboard"
)

const indicatorColumns = `code, name, name_en, unit, frequency, cumulative, price_basis, aggregate, better, decimals,
	january_alone, allow_negative, stock, formula, display_order, catalog, measure, updated_by, updated_at`

// FindIndicators returns the indicators the filter selects, ordered by code.
func (db *DB) FindIndicators(ctx context.Context, filter zoneboard.IndicatorFilter) ([]zoneboard.Indicator, error) {
	return db.findIndicators(ctx, db.read, filter)
}

func (db *DB) findIndicators(ctx context.Context, q queryer, filter zoneboard.IndicatorFilter) ([]zoneboard.Indicator, error) {
	query := "SELECT " + indicatorColumns + " FROM indicators"
	var args []any
	if len(filter.Codes) > 0 {
		query += " WHERE code IN (" + placeholders(len(filter.Codes)) + ")"
		for _, c := range filter.Codes {
			args = append(args, c)
		}
	}
	rows, err := q.QueryContext(ctx, db.bind(query+" ORDER BY display_order, code"), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch indicators: %w", err)
	}
	defer rows.Close()
	var indicators []zoneboard.Indicator
	for rows.Next() {
		var i zoneboard.Indicator
		if err := rows.Scan(&i.Code, &i.Name, &i.NameEn, &i.Unit, &i.Frequency, &i.Cumulative, &i.PriceBasis, &i.Aggregate,
			&i.Better, &i.Decimals, &i.JanuaryAlone, &i.AllowNegative, &i.Stock, &i.Formula, &i.Order, &i.Catalog, &i.Measure, &i.UpdatedBy, &i.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: unable to read an indicator: %w", err)
		}
		indicators = append(indicators, i)
	}
	return indicators, rows.Err()
}

func (db *DB) applyIndicators(ctx context.Context, tx queryer, actor string, indicators []zoneboard.Indicator) (zoneboard.Counts, error) {
	var counts zoneboard.Counts
	if len(indicators) == 0 {
		return counts, nil
	}
	existing, err := db.findIndicators(ctx, tx, zoneboard.IndicatorFilter{})
	if err != nil {
		return counts, err
	}
	byCode := make(map[string]zoneboard.Indicator, len(existing))
	for _, i := range existing {
		byCode[i.Code] = i
	}
	now := db.now()
	for _, i := range indicators {
		old, ok := byCode[i.Code]
		args := []any{i.Name, i.NameEn, i.Unit, string(i.Frequency), i.Cumulative, i.PriceBasis, i.Aggregate, i.Better,
			i.Decimals, i.JanuaryAlone, i.AllowNegative, i.Stock, i.Formula, i.Order, writer(actor, i.UpdatedBy), now, i.Catalog, i.Measure, i.Code}
		switch {
		case !ok:
			counts.Created++
			if _, err := tx.ExecContext(ctx, `INSERT INTO indicators (name, name_en, unit, frequency, cumulative, price_basis,
				aggregate, better, decimals, january_alone, allow_negative, stock, formula, display_order, updated_by, updated_at, catalog, measure, code)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`, args...); err != nil {
				return counts, fmt.Errorf("store: unable to insert indicator %s: %w", i.Code, err)
			}
		case old.SameContent(i):
			counts.Unchanged++
		default:
			counts.Updated++
			if _, err := tx.ExecContext(ctx, `UPDATE indicators SET name = $1, name_en = $2, unit = $3, frequency = $4,
				cumulative = $5, price_basis = $6, aggregate = $7, better = $8, decimals = $9, january_alone = $10,
				allow_negative = $11, stock = $12, formula = $13, display_order = $14, updated_by = $15, updated_at = $16, catalog = $17, measure = $18 WHERE code = $19`, args...); err != nil {
				return counts, fmt.Errorf("store: unable to update indicator %s: %w", i.Code, err)
			}
		}
		byCode[i.Code] = i
	}
	return counts, nil
}
