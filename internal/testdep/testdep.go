// Package testdep lets a test that needs a program or a service outside Go (Chromium,
// LibreOffice, PostgreSQL) skip where it is missing, except under CI=true, where CI installs
// it and its absence is a failure. Each skip is also written to $ZONEBOARD_SKIP_LOG, so that
// 'make test' can end with one line per suite skipped and the Debian package that brings it.
package testdep

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Missing skips the test (or fails it under CI=true) because what it needs is missing; pkg
// names the Debian package, or how to get it.
func Missing(t testing.TB, suite, what, pkg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: %s is missing: CI must provide it (%s)", suite, what, pkg)
	}
	if path := os.Getenv("ZONEBOARD_SKIP_LOG"); path != "" {
		if f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "%s: %s is missing (%s)\n", suite, what, pkg)
			f.Close()
		}
	}
	t.Skipf("%s is missing (%s)", what, pkg)
}

// Program returns the path of a program a suite needs, or skips the test as Missing does.
func Program(t testing.TB, suite, program, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		Missing(t, suite, program, "Debian package "+pkg)
	}
	return path
}
