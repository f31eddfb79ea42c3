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
//
// The columns are scanned into `any` and converted here: database/sql assigns a float64 to a
// *float64 or a sql.NullFloat64 by reflection, which at 10^7 rows doubles the time of reading
// DuckDB's result, while an `any` destination takes the driver's value as it is.
func runFullTableQuery(ctx context.Context, conn *sql.Conn, fn func(key, *result)) (int, error) {
	rows, err := conn.QueryContext(ctx, fullTableQuery)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var (
		columns [16]any
		dest    = make([]any, len(columns))
		r       result
		k       key
		n       int
	)
	for i := range columns {
		dest[i] = &columns[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		n++
		// unit, indicator, year, first_month, last_month, value, growth, ref, ref_value,
		// ref_growth, share_of_ref, gap_pp, multiple, rank_by_value, rank_by_growth, peers
		c := columns[:]
		k = key{unit: text(c[0]), indicator: text(c[1]), year: integer(c[2]), firstMonth: integer(c[3]), lastMonth: integer(c[4])}
		r = result{value: number(c[5]), growth: number(c[6]), refValue: number(c[8]), refGrowth: number(c[9]),
			shareOfRef: number(c[10]), gapPP: number(c[11]), multiple: number(c[12]),
			rankByValue: integer(c[13]), rankByGrowth: integer(c[14]), peers: integer(c[15])}
		fn(k, &r)
	}
	return n, rows.Err()
}

// number, integer and text convert what the drivers return (DuckDB INTEGER as int32 and
// BIGINT as int64, SQLite every integer as int64), NULL as NaN, 0 and "".
func number(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case int32:
		return float64(x)
	}
	return math.NaN()
}

func integer(v any) int {
	switch x := v.(type) {
	case int64:
		return int(x)
	case int32:
		return int(x)
	case float64:
		return int(x)
	}
	return 0
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}
