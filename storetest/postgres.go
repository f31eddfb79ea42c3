package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"zoneboard/internal/testdep"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresDSN returns the URL of a new, empty schema in the PostgreSQL database named by
// ZONEBOARD_TEST_POSTGRES, dropped when the test ends. Without that variable the test is
// skipped, except under CI=true, where a missing database is a failure.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("ZONEBOARD_TEST_POSTGRES")
	if base == "" {
		testdep.Missing(t, "PostgreSQL store tests", "PostgreSQL (ZONEBOARD_TEST_POSTGRES=postgres://... unset)", "Debian package postgresql")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("ZONEBOARD_TEST_POSTGRES is not a URL: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	suffix := make([]byte, 6)
	rand.Read(suffix)
	schema := "zb_test_" + hex.EncodeToString(suffix)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("cannot create a schema in %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		if admin, err := sql.Open("pgx", base); err == nil {
			admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			admin.Close()
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
