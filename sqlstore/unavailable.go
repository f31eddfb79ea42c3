package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"zoneboard"
)

// SQLite's primary result codes and PostgreSQL's SQLSTATEs for a database that cannot take a
// write now.
const (
	sqliteReadOnly = 8
	sqliteFull     = 13
	sqliteCantOpen = 14
	pgDiskFull     = "53100"
	pgReadOnlyTx   = "25006"
)

// unavailable turns a write's failure for want of disk space or of a writable database into
// a clear EUnavailable (503) and remembers it for /healthz; any other error passes unchanged.
// A later write that commits clears it: recovery needs no manual repair.
func (db *DB) unavailable(err error) error {
	if err == nil {
		return nil
	}
	reason := ""
	var se *sqlite.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &se) && se.Code()&0xff == sqliteFull, errors.As(err, &pe) && pe.Code == pgDiskFull:
		reason = "the database's disk is full"
	case errors.As(err, &se) && se.Code()&0xff == sqliteReadOnly, errors.As(err, &pe) && pe.Code == pgReadOnlyTx:
		reason = "the database is read-only"
	default:
		return err
	}
	return db.unavailableBecause(reason)
}

func (db *DB) unavailableBecause(reason string) error {
	db.trouble.Store(reason)
	return zoneboard.Errorf(zoneboard.EUnavailable, "%s: nothing was written, and reads still work; free space or make the database writable on the server, then write again", reason)
}

// WriteTrouble says why the database cannot be written now, or "" when it can (as far as the
// last write knows).
func (db *DB) WriteTrouble() string {
	if s, ok := db.trouble.Load().(string); ok {
		return s
	}
	return ""
}

// writeTx is a write transaction whose failures for want of space or of a writable database
// are reported as such.
type writeTx struct {
	*sql.Tx
	db *DB
}

func (t *writeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := t.Tx.ExecContext(ctx, query, args...)
	return r, t.db.unavailable(err)
}

func (t *writeTx) Commit() error {
	if err := t.db.unavailable(t.Tx.Commit()); err != nil {
		return err
	}
	if !t.db.readOnly {
		t.db.trouble.Store("")
	}
	return nil
}
