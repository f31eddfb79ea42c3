package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/sqlstore"
	"zoneboard/storetest"
)

func TestConformance(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) zoneboard.Store { return open(t, filepath.Join(t.TempDir(), "test.db")) })
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		storetest.PostgresDSN(t) // skips here, once, when PostgreSQL is not configured
		storetest.Run(t, func(t *testing.T) zoneboard.Store { return open(t, storetest.PostgresDSN(t)) })
	})
}

func open(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrateTwiceChangesNothing(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "test.db"))
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrating an up-to-date database: %v", err)
	}
}

func TestOpenRefusesAnEmptyPath(t *testing.T) {
	if _, err := sqlstore.Open(context.Background(), "sqlite:"); zoneboard.ErrorCode(err) != zoneboard.EInvalid {
		t.Errorf("err = %v, want invalid", err)
	}
}

// TestTheDatabaseRefusesToChangeTheAuditLog goes around the store, as someone with the
// database's password would, and finds the log protected by the database itself.
func TestTheDatabaseRefusesToChangeTheAuditLog(t *testing.T) {
	for _, tt := range []struct{ name, driver string }{{"SQLite", "sqlite"}, {"PostgreSQL", "pgx"}} {
		t.Run(tt.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "test.db")
			if tt.driver == "pgx" {
				dsn = storetest.PostgresDSN(t)
			}
			db := open(t, dsn)
			if err := db.RecordAudit(context.Background(), zoneboard.AuditNote{Actor: "admin", Action: zoneboard.ActionTemplateWrite}, "saved", nil, nil); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open(tt.driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, stmt := range []string{`UPDATE audit_log SET actor = 'someone else'`, `DELETE FROM audit_log`} {
				if _, err := raw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "the audit log cannot be changed") {
					t.Errorf("%s: %v", stmt, err)
				}
			}
			if entries, _, _ := db.FindAudit(context.Background(), zoneboard.AuditFilter{}); len(entries) != 1 || entries[0].Actor != "admin" {
				t.Errorf("the log after the attempts: %+v", entries)
			}
		})
	}
}
