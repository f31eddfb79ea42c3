package main

import (
	"context"
	"database/sql"
	_ "embed"
	"math"

	"zoneboard"
	"zoneboard/synthetic"
)

// fullTableQuery is the SQL that DuckDB and SQLite both run, the same text.
//
//go:embed query.sql
var fullTableQuery string

// createSchema creates the tables of both databases, a statement at a time since not every
// driver runs a script in one call. DOUBLE is REAL to SQLite and VARCHAR is TEXT.
func createSchema(ctx context.Context, conn *sql.Conn) error {
	for _, stmt := range []string{
		"CREATE TABLE units (code VARCHAR PRIMARY KEY, parent VARCHAR)",
		`CREATE TABLE observations (unit VARCHAR NOT NULL, indicator VARCHAR NOT NULL,
			year INTEGER NOT NULL, first_month INTEGER NOT NULL, last_month INTEGER NOT NULL,
			value DOUBLE, growth DOUBLE)`,
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// insertUnits writes the units table row by row: it has a few thousand rows at most.
func insertUnits(ctx context.Context, conn *sql.Conn, shape synthetic.Shape) error {
	for _, u := range shape.UnitList() {
		if _, err := conn.ExecContext(ctx, "INSERT INTO units VALUES (?, ?)", u.Code, nullString(u.Parent)); err != nil {
			return err
		}
	}
	return nil
}

// observationArgs is a figure as the values of an observations row, NULL for a missing number.
func observationArgs(f zoneboard.Figures) []any {
	return []any{f.Unit, f.Indicator, int32(f.Period.Year), int32(f.Period.First), int32(f.Period.Last),
		nullFloat(f.Value), nullFloat(f.Growth)}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullFloat(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

// runFullTableQuery runs the query on conn and hands every row to fn, NULLs as NaN and 0 as
// the engine has them; it returns the number of rows.
func runFullTableQuery(ctx context.Context, conn *sql.Conn, fn func(key, *result)) (int, error) {
	rows, err := conn.QueryContext(ctx, fullTableQuery)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var (
		k                                  key
		ref                                sql.NullString
		value, growth, refValue, refGrowth sql.NullFloat64
		shareOfRef, gapPP, multiple        sql.NullFloat64
		rankByValue, rankByGrowth, peers   sql.NullInt64
		r                                  result
		n                                  int
	)
	for rows.Next() {
		err := rows.Scan(&k.unit, &k.indicator, &k.year, &k.firstMonth, &k.lastMonth,
			&value, &growth, &ref, &refValue, &refGrowth, &shareOfRef, &gapPP, &multiple,
			&rankByValue, &rankByGrowth, &peers)
		if err != nil {
			return n, err
		}
		n++
		r = result{value: number(value), growth: number(growth), refValue: number(refValue), refGrowth: number(refGrowth),
			shareOfRef: number(shareOfRef), gapPP: number(gapPP), multiple: number(multiple),
			rankByValue: int(rankByValue.Int64), rankByGrowth: int(rankByGrowth.Int64), peers: int(peers.Int64)}
		fn(k, &r)
	}
	return n, rows.Err()
}

func number(x sql.NullFloat64) float64 {
	if !x.Valid {
		return math.NaN()
	}
	return x.Float64
}
