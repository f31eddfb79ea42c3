package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	"zoneboard"
	"zoneboard/synthetic"
)

// duckDB is an in-memory DuckDB database loaded through its Appender, which writes columnar
// chunks directly instead of one INSERT per row.
type duckDB struct {
	db   *sql.DB
	conn *sql.Conn
}

func (d *duckDB) name() string { return "duckdb" }

func (d *duckDB) load(ctx context.Context, shape synthetic.Shape) error {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	d.db = db
	// One connection for everything: an in-memory database lives as long as the connector,
	// and the appender needs the driver's connection.
	if d.conn, err = db.Conn(ctx); err != nil {
		return err
	}
	if err := createSchema(ctx, d.conn); err != nil {
		return err
	}
	if err := insertUnits(ctx, d.conn, shape); err != nil {
		return err
	}
	return d.conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "observations")
		if err != nil {
			return err
		}
		err = shape.Figures(func(f zoneboard.Figures) error {
			return a.AppendRow(f.Unit, f.Indicator, int32(f.Period.Year), int32(f.Period.First), int32(f.Period.Last),
				nullFloat(f.Value), nullFloat(f.Growth))
		})
		if closeErr := a.Close(); err == nil {
			err = closeErr
		}
		if err != nil {
			return fmt.Errorf("appender: %w", err)
		}
		return nil
	})
}

func (d *duckDB) query(ctx context.Context, fn func(key, *result)) (int, error) {
	return runFullTableQuery(ctx, d.conn, fn)
}

// queryInEngine runs the query into a temporary table: DuckDB computes every row and column
// but hands none to Go.
func (d *duckDB) queryInEngine(ctx context.Context) error {
	if _, err := d.conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE full_table AS "+fullTableQuery); err != nil {
		return err
	}
	_, err := d.conn.ExecContext(ctx, "DROP TABLE full_table")
	return err
}

func (d *duckDB) close() error {
	if d.conn != nil {
		d.conn.Close()
	}
	if d.db != nil {
		return d.db.Close()
	}
	return nil
}
