// Package sqlstore keeps zoneboard's data in SQLite (embedded, the default) or PostgreSQL
// (shared servers), through one body of hand-written SQL that both dialects accept. Each
// dialect has its own migrations; the few statements that differ are chosen by d.dialect.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // registers the "sqlite" driver

	"zoneboard"
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a zoneboard store over one SQL database.
type DB struct {
	dialect Dialect
	// read is the pool for reads; write holds one connection for SQLite, whose single writer
	// would otherwise make concurrent write transactions fail with SQLITE_BUSY. For
	// PostgreSQL both are the same pool.
	read  *sql.DB
	write *sql.DB
	// Now is the clock, replaceable in tests.
	Now func() time.Time
	// trouble holds why writes fail now ("" when they do not); readOnly says the database
	// was opened read-only, for reads only (see unavailable).
	trouble  atomic.Value
	readOnly bool
	// planCache keeps the plan last read and its version (see FindPlan).
	planCache struct {
		sync.Mutex
		plan    *zoneboard.Plan
		version int64
	}
}

var _ zoneboard.Store = (*DB)(nil)

// Open opens the database named by dsn and brings its schema up to date. dsn is a file path,
// sqlite:PATH, or a postgres:// URL.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db.dialect = Postgres
		db.read, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: unable to open PostgreSQL: %w", err)
		}
		db.read.SetMaxOpenConns(16)
		db.write = db.read
	default:
		db.dialect = SQLite
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return nil, zoneboard.Fail(zoneboard.EInvalid, "store.empty_path")
		}
		if err = db.openSQLite(path, false); err == nil {
			err = db.write.PingContext(ctx)
		}
		// A database on a read-only disk (or a read-only file) still serves reads: opened
		// immutable, which needs no lock file, and every write is refused with 503.
		if err != nil && sqliteCannotWrite(err) {
			// Writes still in the write-ahead log would be invisible to an immutable reader:
			// such a database is refused rather than read without them.
			if wal, walErr := os.Stat(path + "-wal"); walErr == nil && wal.Size() > 0 {
				db.Close()
				return nil, zoneboard.Fail(zoneboard.EUnavailable, "store.read_only_wal", "file", path+"-wal")
			}
			if _, statErr := os.Stat(path); statErr == nil {
				db.Close()
				if err = db.openSQLite(path, true); err == nil {
					db.readOnly = true
					db.trouble.Store("the database is read-only")
				}
			}
		}
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: unable to reach the sqlite database: %w", err)
		}
	}
	if db.dialect == Postgres {
		if err := db.write.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: unable to reach the %s database: %w", db.dialect, err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openSQLite opens the write and read pools of a SQLite file, read-only and immutable when
// asked.
func (db *DB) openSQLite(path string, readOnly bool) error {
	q := url.Values{}
	pragmas := []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)", "cache_size(-65536)"}
	if readOnly {
		pragmas = []string{"foreign_keys(1)", "cache_size(-65536)"}
		q.Set("mode", "ro")
		q.Set("immutable", "1")
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	var err error
	if db.write, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode()); err != nil {
		return fmt.Errorf("store: unable to open SQLite %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	q.Set("_txlock", "deferred")
	if db.read, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode()); err != nil {
		db.write.Close()
		return fmt.Errorf("store: unable to open SQLite %s: %w", path, err)
	}
	db.read.SetMaxOpenConns(8)
	return nil
}

// sqliteCannotWrite says an open failed because the file or its directory cannot be written.
func sqliteCannotWrite(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && (se.Code()&0xff == sqliteReadOnly || se.Code()&0xff == sqliteCantOpen)
}

// Dialect tells which engine the store runs on.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes both pools.
func (db *DB) Close() error {
	var err error
	if db.write != nil && db.write != db.read {
		err = db.write.Close()
	}
	if db.read != nil {
		if e := db.read.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// placeholders returns "?, ?, ..." for n parameters. Statements built from generated lists
// are written with ? and passed through bind; SQLite resolves numbered $N parameters by name,
// which costs quadratic time in a statement with thousands of them.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// bind rewrites the ? parameters of a statement into PostgreSQL's $1, $2, ...; the
// statements hold no ? inside string literals.
func (db *DB) bind(query string) string {
	if db.dialect != Postgres {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + len(query)/4)
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Truncate empties every table, for benchmarks on a scratch PostgreSQL database. The history
// tables refuse deletes by trigger; a scratch database's owner lifts that for the emptying
// transaction only (session_replication_role needs a superuser, as on a scratch server).
func (db *DB) Truncate(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin a transaction: %w", err)
	}
	defer tx.Rollback()
	if db.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
			return fmt.Errorf("store: unable to empty a database that is not a scratch one: %w", err)
		}
	}
	for _, table := range []string{"observation_revisions", "observations", "changes", "group_members", "unit_groups", "indicators", "units"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return fmt.Errorf("store: unable to empty %s: %w", table, err)
		}
	}
	return tx.Commit()
}
