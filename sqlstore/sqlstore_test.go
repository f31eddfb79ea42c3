package sqlstore_test

import (
	"context"
	"path/filepath"
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
