package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/period"
	"zoneboard/storetest"
)

// TestTheAuditLogIsAHashChain writes entries, checks the chain, then goes around the store as
// someone with the database's owner password would (lifting the trigger that guards the log)
// and changes, then removes, an entry: VerifyAudit names the first entry that no longer holds.
func TestTheAuditLogIsAHashChain(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ name, driver, lift string }{
		{"SQLite", "sqlite", `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete`},
		{"PostgreSQL", "pgx", `ALTER TABLE audit_log DISABLE TRIGGER USER`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "test.db")
			if tt.driver == "pgx" {
				dsn = storetest.PostgresDSN(t)
			}
			db := open(t, dsn)
			for _, who := range []string{"admin", "analyst", "viewer", "admin"} {
				if err := db.RecordAudit(ctx, zoneboard.AuditNote{Actor: who, Action: zoneboard.ActionTemplateWrite}, "saved by "+who, nil, map[string]string{"who": who}); err != nil {
					t.Fatal(err)
				}
			}
			v, err := db.VerifyAudit(ctx)
			if err != nil || v.Broken != nil || v.Entries != 4 {
				t.Fatalf("an untouched log: %+v, %v", v, err)
			}
			raw, err := sql.Open(tt.driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, stmt := range strings.Split(tt.lift, ";") {
				if _, err := raw.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			var second, third int64
			raw.QueryRow(`SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1`).Scan(&second)
			raw.QueryRow(`SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2`).Scan(&third)
			if _, err := raw.Exec(`UPDATE audit_log SET summary = 'saved by nobody' WHERE id = $1`, second); err != nil {
				t.Fatal(err)
			}
			if v, err := db.VerifyAudit(ctx); err != nil || v.Broken == nil || v.Broken.ID != second || v.Broken.Reason != zoneboard.AuditHashMismatch {
				t.Errorf("a changed entry: %+v, %v", v.Broken, err)
			}
			if _, err := raw.Exec(`DELETE FROM audit_log WHERE id = $1`, second); err != nil {
				t.Fatal(err)
			}
			if v, err := db.VerifyAudit(ctx); err != nil || v.Broken == nil || v.Broken.ID != third {
				t.Errorf("a removed entry: %+v, %v", v.Broken, err)
			}
		})
	}
}

// TestTheHistoryOfFiguresIsAppendOnly: a replaced version of a figure and the change that
// wrote it cannot be altered or removed, even by going around the store.
func TestTheHistoryOfFiguresIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ name, driver string }{{"SQLite", "sqlite"}, {"PostgreSQL", "pgx"}} {
		t.Run(tt.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "test.db")
			if tt.driver == "pgx" {
				dsn = storetest.PostgresDSN(t)
			}
			db := open(t, dsn)
			b := storetest.Base()
			write := func(v float64) {
				b.Observations = []zoneboard.Observation{{ObservationKey: zoneboard.ObservationKey{Unit: "370171", Indicator: "gdp", Period: period.MustParse("2020")},
					Value: &v, Status: zoneboard.StatusFinal}}
				if _, err := db.ApplyBatch(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			write(100)
			write(101) // the first version becomes a revision
			raw, err := sql.Open(tt.driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			for _, stmt := range []string{`UPDATE observation_revisions SET value = 1`, `DELETE FROM observation_revisions`,
				`DELETE FROM changes`, `UPDATE changes SET actor = 'someone else'`} {
				if _, err := raw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "cannot be changed") {
					t.Errorf("%s: %v", stmt, err)
				}
			}
			var revisions int
			raw.QueryRow(`SELECT COUNT(*) FROM observation_revisions`).Scan(&revisions)
			if revisions != 1 {
				t.Errorf("%d revisions after the attempts, want 1", revisions)
			}
		})
	}
}
