package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"zoneboard/synthetic"
)

// TestMain lets the test binary stand in for the zoneboard binary, so that a test can run the
// real program as a child process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("ZONEBOARD_TEST_RUN_MAIN") == "1" {
		// main installs its signal handler first thing: a parent that waits for this file
		// and a moment more signals a process that handles it.
		if ready := os.Getenv("ZONEBOARD_TEST_STARTED"); ready != "" {
			os.WriteFile(ready, nil, 0o644)
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKilledImportLeavesTheDatabaseAsItWas kills an import with SIGKILL while it writes and
// checks that the database holds exactly what it held before.
func TestKilledImportLeavesTheDatabaseAsItWas(t *testing.T) {
	c := newCLI(t)
	shape := synthetic.Shape{Units: 150, Indicators: 20, Years: 10, FirstYear: 2015, Seed: 7} // 330,000 rows
	units, _ := os.Create(filepath.Join(c.dir, "units.csv"))
	indicators, _ := os.Create(filepath.Join(c.dir, "indicators.csv"))
	if err := shape.WriteDefinitions(units, indicators); err != nil {
		t.Fatal(err)
	}
	units.Close()
	indicators.Close()
	c.mustRun("import", units.Name(), indicators.Name())
	c.mustRun("demo", "--load-only")
	before := c.snapshot()

	big, _ := os.Create(filepath.Join(c.dir, "big.csv"))
	if err := shape.WriteObservations(big); err != nil {
		t.Fatal(err)
	}
	big.Close()

	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, "import", "--db", c.db, big.Name())
	cmd.Env = append(os.Environ(), "ZONEBOARD_TEST_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// The write-ahead log grows once the import has passed validation and is writing rows.
	wal := c.db + "-wal"
	for {
		if info, err := os.Stat(wal); err == nil && info.Size() > 4<<20 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the import ended (%v) before it could be killed while writing", err)
		case <-time.After(2 * time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
	c.assertUnchanged(before)
	// The database is usable afterwards: the same import then succeeds.
	c.mustRun("import", big.Name())
	if got, want := len(c.snapshot().Observations), len(before.Observations)+shape.Rows(); got != want {
		t.Errorf("after importing again: %d observations, want %d", got, want)
	}
}

// TestTerminatedImportStopsAndWritesNothing sends SIGTERM (and, in a second run, SIGINT) to an
// import while it reads and while it writes: it stops soon, says so, exits with status 1 and
// leaves the database as it was.
func TestTerminatedImportStopsAndWritesNothing(t *testing.T) {
	c := newCLI(t)
	shape := synthetic.Shape{Units: 150, Indicators: 20, Years: 10, FirstYear: 2015, Seed: 7} // 330,000 rows
	units, _ := os.Create(filepath.Join(c.dir, "units.csv"))
	indicators, _ := os.Create(filepath.Join(c.dir, "indicators.csv"))
	if err := shape.WriteDefinitions(units, indicators); err != nil {
		t.Fatal(err)
	}
	units.Close()
	indicators.Close()
	c.mustRun("import", units.Name(), indicators.Name())
	before := c.snapshot()
	big, _ := os.Create(filepath.Join(c.dir, "big.csv"))
	if err := shape.WriteObservations(big); err != nil {
		t.Fatal(err)
	}
	big.Close()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// How long the import takes without its commit: a dry run (SQLite holds the rows in its
	// cache until the commit, so the write-ahead log cannot tell when rows are being written).
	start := time.Now()
	c.mustRun("import", "--dry-run", big.Name())
	dryRun := time.Since(start)
	for _, tt := range []struct {
		name    string
		signal  os.Signal
		writing bool // signal late in the import, while it validates and writes, else while it reads
	}{{"SIGTERM while reading", syscall.SIGTERM, false}, {"SIGINT while writing", os.Interrupt, true}} {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, self, "import", "--db", c.db, big.Name())
			started := filepath.Join(t.TempDir(), "started")
			cmd.Env = append(os.Environ(), "ZONEBOARD_TEST_RUN_MAIN=1", "ZONEBOARD_TEST_STARTED="+started)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
				if _, err := os.Stat(started); err == nil {
					break
				}
			}
			if tt.writing {
				time.Sleep(dryRun * 8 / 10)
			} else {
				time.Sleep(100 * time.Millisecond)
			}
			sent := time.Now()
			if err := cmd.Process.Signal(tt.signal); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			stopped := time.Since(sent)
			var exit *exec.ExitError
			if errors.As(err, &exit) && exit.ExitCode() == 0 || err == nil {
				// finished before the signal arrived: nothing to judge
				t.Skipf("the import finished before the signal (%v)", err)
			}
			if stopped > 5*time.Second {
				t.Errorf("the import took %v to stop after the signal", stopped)
			}
			if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "已中断") {
				t.Errorf("exit %v, stderr %q: want status 1 saying it was interrupted", err, stderr.String())
			}
			c.assertUnchanged(before)
		})
	}
}
