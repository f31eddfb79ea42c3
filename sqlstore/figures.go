package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"zoneboard"
)

var _ zoneboard.FigureReader = (*DB)(nil)

// LatestChange is the id of the newest change and of the newest that wrote definitions.
func (db *DB) LatestChange(ctx context.Context) (zoneboard.ChangePoint, error) {
	var p zoneboard.ChangePoint
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0), COALESCE(MAX(CASE WHEN definitions THEN id END), 0) FROM changes`).
		Scan(&p.Latest, &p.Definitions); err != nil {
		return p, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	return p, nil
}

// ScanFigures reads, in one read transaction, the observations written after change `after`.
func (db *DB) ScanFigures(ctx context.Context, after int64, fn func(zoneboard.Figures) error) (int64, error) {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: db.snapshotIsolation()})
	if err != nil {
		return 0, fmt.Errorf("store: unable to begin a read: %w", err)
	}
	defer tx.Rollback()
	var through int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&through); err != nil {
		return 0, fmt.Errorf("store: unable to read the change sequence: %w", err)
	}
	unitIDs, err := codeIDs(ctx, tx, "units")
	if err != nil {
		return 0, err
	}
	indicatorIDs, err := codeIDs(ctx, tx, "indicators")
	if err != nil {
		return 0, err
	}
	unitCodes, indicatorCodes := invert(unitIDs), invert(indicatorIDs)
	query := `SELECT unit_id, indicator_id, year, first_month, last_month, value, growth FROM observations`
	var args []any
	if after > 0 {
		query += ` WHERE change_id > $1 AND change_id <= $2`
		args = append(args, after, through)
	}
	// Key order lets a reader append each series' rows in turn.
	query += ` ORDER BY unit_id, indicator_id, year, first_month, last_month`
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("store: unable to scan observations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f zoneboard.Figures
		var unitID, indicatorID int64
		var value, growth sql.NullFloat64
		if err := rows.Scan(&unitID, &indicatorID, &f.Period.Year, &f.Period.First, &f.Period.Last, &value, &growth); err != nil {
			return 0, fmt.Errorf("store: unable to read an observation: %w", err)
		}
		f.Unit, f.Indicator = unitCodes[unitID], indicatorCodes[indicatorID]
		f.Value, f.Growth = orNaN(value), orNaN(growth)
		if err := fn(f); err != nil {
			return 0, err
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: unable to scan observations: %w", err)
	}
	rows.Close()
	if after > 0 {
		if err := db.scanDeletions(ctx, tx, after, through, unitCodes, indicatorCodes, fn); err != nil {
			return 0, err
		}
	}
	return through, nil
}

// snapshotIsolation asks PostgreSQL for one snapshot across the statements of a read; SQLite's
// read transactions have one already.
func (db *DB) snapshotIsolation() sql.IsolationLevel {
	if db.dialect == Postgres {
		return sql.LevelRepeatableRead
	}
	return sql.LevelDefault
}

func orNaN(n sql.NullFloat64) float64 {
	if !n.Valid {
		return math.NaN()
	}
	return n.Float64
}
