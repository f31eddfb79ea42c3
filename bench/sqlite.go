package main

import (
	"context"
	"database/sql"
	"os"

	_ "modernc.org/sqlite"

	"zoneboard"
	"zoneboard/synthetic"
)

// sqlite is a temporary SQLite file database (modernc's pure-Go build, as the product uses),
// loaded in one transaction and indexed by observation key.
type sqlite struct {
	path string
	db   *sql.DB
	conn *sql.Conn
}

func (s *sqlite) name() string { return "sqlite" }

func (s *sqlite) load(ctx context.Context, shape synthetic.Shape) error {
	f, err := os.CreateTemp("", "zoneboard-bench-*.db")
	if err != nil {
		return err
	}
	s.path = f.Name()
	f.Close()
	// The file is thrown away after the run: no journal and no fsync. The cache of 256 MiB
	// holds the index while the query joins on it.
	db, err := sql.Open("sqlite", "file:"+s.path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)")
	if err != nil {
		return err
	}
	s.db = db
	if s.conn, err = db.Conn(ctx); err != nil {
		return err
	}
	if err := createSchema(ctx, s.conn); err != nil {
		return err
	}
	if err := insertUnits(ctx, s.conn, shape); err != nil {
		return err
	}
	tx, err := s.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	insert, err := tx.PrepareContext(ctx, "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	err = shape.Figures(func(f zoneboard.Figures) error {
		_, err := insert.ExecContext(ctx, observationArgs(f)...)
		return err
	})
	if err != nil {
		return err
	}
	// Indexing after the load is faster than keeping the index up to date row by row.
	if _, err := tx.ExecContext(ctx, "CREATE INDEX observations_key ON observations (unit, indicator, year, first_month, last_month)"); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *sqlite) query(ctx context.Context, fn func(key, *result)) (int, error) {
	return runFullTableQuery(ctx, s.conn, fn)
}

func (s *sqlite) close() error {
	if s.conn != nil {
		s.conn.Close()
	}
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.path != "" {
		os.Remove(s.path)
	}
	return err
}
