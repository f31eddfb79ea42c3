package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"zoneboard"
)

// insertRow is a new observation with its ids resolved.
type insertRow struct {
	key         cellKey
	observation *zoneboard.Observation
	change      int64
}

const (
	observationColumns = 11
	insertColumns      = `INSERT INTO observations (unit_id, indicator_id, year, first_month, last_month, value, growth, status,
		source, note, change_id) `
)

// insertObservations inserts new rows in bulk: for SQLite, multi-row VALUES statements of
// anonymous ? parameters (SQLite looks numbered $N parameters up by name, which costs
// quadratic time in a statement of thousands); for PostgreSQL, one array per column that
// unnest turns into rows, which binds eleven parameters instead of eleven per row.
func (db *DB) insertObservations(ctx context.Context, tx queryer, rows []insertRow) error {
	if len(rows) == 0 {
		return nil
	}
	chunkRows := 500
	query := insertColumns + "VALUES " + strings.TrimSuffix(strings.Repeat("("+placeholders(observationColumns)+"), ", chunkRows), ", ")
	if db.dialect == Postgres {
		chunkRows = 5000
		query = insertColumns + `SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::int[], $6::float8[],
			$7::float8[], $8::text[], $9::text[], $10::text[], $11::bigint[])`
	}
	stmt, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("store: unable to prepare the insert of observations: %w", err)
	}
	defer stmt.Close()
	// The next chunk's parameter is built on the other core while the database takes this one.
	chunks := make(chan []any, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(chunks)
		for start := 0; start < len(rows); start += chunkRows {
			chunk := rows[start:min(start+chunkRows, len(rows))]
			var args []any
			if db.dialect == Postgres {
				args = columnArrays(chunk)
			} else {
				args = rowValues(chunk)
			}
			select {
			case chunks <- args:
			case <-stop:
				return
			}
		}
	}()
	for args := range chunks {
		run := stmt
		if db.dialect == SQLite && len(args) < chunkRows*observationColumns {
			// The last, shorter chunk of SQLite's VALUES statement.
			n := len(args) / observationColumns
			q := insertColumns + "VALUES " + strings.TrimSuffix(strings.Repeat("("+placeholders(observationColumns)+"), ", n), ", ")
			if run, err = tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("store: unable to prepare the insert of observations: %w", err)
			}
			defer run.Close()
		}
		if _, err := run.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("store: unable to insert observations: %w", err)
		}
	}
	return nil
}

// rowValues lays the rows' values out in the column order of the insert.
func rowValues(rows []insertRow) []any {
	args := make([]any, 0, len(rows)*observationColumns)
	for _, r := range rows {
		k, o := r.key, r.observation
		args = append(args, k.unit, k.indicator, k.year, k.first, k.last, nullable(o.Value), nullable(o.Growth), o.Status,
			o.Source, o.Note, r.change)
	}
	return args
}

// nullable passes a missing number as SQL NULL and a present one as a plain float64, which
// drivers take without the conversion a sql.NullFloat64 needs.
func nullable(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// columnArrays turns rows into one array per column for PostgreSQL's unnest.
func columnArrays(rows []insertRow) []any {
	n := len(rows)
	units, indicators, changes := make([]int64, n), make([]int64, n), make([]int64, n)
	years, firsts, lasts := make([]int32, n), make([]int32, n), make([]int32, n)
	values, growths := make([]*float64, n), make([]*float64, n)
	statuses, sources, notes := make([]string, n), make([]string, n), make([]string, n)
	for i, r := range rows {
		k, o := r.key, r.observation
		units[i], indicators[i], changes[i] = k.unit, k.indicator, r.change
		years[i], firsts[i], lasts[i] = int32(k.year), int32(k.first), int32(k.last)
		values[i], growths[i] = o.Value, o.Growth
		statuses[i], sources[i], notes[i] = o.Status, o.Source, o.Note
	}
	return []any{units, indicators, years, firsts, lasts, values, growths, statuses, sources, notes, changes}
}
