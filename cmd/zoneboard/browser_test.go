package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"zoneboard/internal/testdep"

	"zoneboard/ui"
)

// TestBrowser runs the browser tests of ui/e2e (Node's test runner driving Debian's Chromium
// through playwright-core) against the real server with the demo data, and keeps a screenshot
// of every page in screenshots/.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	e2e, _ := filepath.Abs("../../ui/e2e")
	if _, err := os.Stat(e2e); err != nil {
		t.Skip("no browser tests in ui/e2e")
	}
	node := testdep.Program(t, "browser tests", "node", "nodejs")
	testdep.Program(t, "browser tests", "chromium", "chromium")
	if _, err := os.Stat("../../ui/node_modules/playwright-core"); err != nil {
		testdep.Missing(t, "browser tests", "ui/node_modules", "run 'make ui' (npm ci)")
	}
	if !ui.Built() {
		testdep.Missing(t, "browser tests", "the built web UI", "run 'make ui' before the tests")
	}
	// every demo user gets this password, which the browser tests sign in with
	const pw = "browser-test-password"
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", pw)
	base := c.startServer(t)
	shots, _ := filepath.Abs("../../screenshots")
	cmd := exec.Command(node, "--test", "--test-concurrency=1", e2e)
	cmd.Dir = filepath.Dir(e2e)
	cmd.Env = append(os.Environ(), "BASE_URL="+base, "SCREENSHOT_DIR="+shots, "E2E_PASSWORD="+pw)
	out, err := cmd.CombinedOutput()
	t.Logf("browser tests:\n%s", out)
	if err != nil {
		t.Fatalf("the browser tests failed: %v", err)
	}
}
