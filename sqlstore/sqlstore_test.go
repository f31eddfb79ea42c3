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

// TestAnotherServersPlanWriteIsSeen reads the plan through one handle, writes it through a
// second (another server over the same database), and reads the write through the first.
func TestAnotherServersPlanWriteIsSeen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	first, second := open(t, path), open(t, path)
	if _, err := first.ApplyBatch(ctx, storetest.Base()); err != nil {
		t.Fatal(err)
	}
	write := func(db *sqlstore.DB, name string) {
		if _, err := db.ApplyPlan(ctx, zoneboard.PlanBatch{Actor: "test", Goals: []zoneboard.Goal{{Code: "G", Name: name}}}); err != nil {
			t.Fatal(err)
		}
	}
	write(first, "甲")
	if p, _ := first.FindPlan(ctx); p.Goals[0].Name != "甲" {
		t.Fatalf("first read: %+v", p.Goals)
	}
	write(second, "乙")
	if p, _ := first.FindPlan(ctx); p.Goals[0].Name != "乙" {
		t.Errorf("the first server still reads %q after the second wrote 乙", p.Goals[0].Name)
	}
	// What a caller does to the plan it was given does not reach the next caller.
	p, _ := first.FindPlan(ctx)
	p.Goals[0].Name = "changed by a caller"
	if again, _ := first.FindPlan(ctx); again.Goals[0].Name != "乙" {
		t.Errorf("a caller's change reached the kept plan: %q", again.Goals[0].Name)
	}
}
