package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"zoneboard"
)

//go:embed migrations
var migrations embed.FS

// Migrate applies, each in its own transaction, the numbered migrations of the dialect that
// the schema_migrations table does not record yet.
func (db *DB) Migrate(ctx context.Context) error {
	if db.readOnly {
		return db.checkMigrated(ctx)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: unable to create schema_migrations: %w", err)
	}
	dir := "migrations/" + string(db.dialect)
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := name[strings.LastIndex(name, "/")+1:]
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s has no leading number", base)
		}
		if err := db.applyMigration(ctx, version, base, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, base, name string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin migration %s: %w", base, err)
	}
	defer tx.Rollback()
	var applied int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&applied); err != nil {
		return fmt.Errorf("store: unable to read schema_migrations: %w", err)
	}
	if applied > 0 {
		return nil
	}
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	for _, stmt := range splitStatements(string(body)) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("store: migration %s failed: %w", base, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		version, base, db.now().Format("2006-01-02T15:04:05Z")); err != nil {
		return fmt.Errorf("store: unable to record migration %s: %w", base, err)
	}
	return tx.Commit()
}

// splitStatements cuts a migration into statements at semicolons that end a line; the
// migrations hold no procedural bodies, so that is enough.
func splitStatements(body string) []string {
	var stmts []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") || trimmed == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(trimmed, ";") {
			stmts = append(stmts, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		stmts = append(stmts, s)
	}
	return stmts
}

// checkMigrated, for a database opened read-only, checks that its schema is up to date, since
// it cannot be brought up to date.
func (db *DB) checkMigrated(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/"+string(db.dialect)+"/*.sql")
	if err != nil {
		return err
	}
	var applied int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil {
		return fmt.Errorf("store: the database is read-only and its schema cannot be read: %w", err)
	}
	if applied < len(names) {
		return zoneboard.Errorf(zoneboard.EUnavailable, "the database is read-only and its schema is older than this program's (%d of %d steps): make it writable once so that it is brought up to date", applied, len(names))
	}
	return nil
}
