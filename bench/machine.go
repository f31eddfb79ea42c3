package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// printMachine prints what the numbers were measured on: the date, the cores and CPU model,
// and the versions of Go, DuckDB and SQLite (the libraries and the Go modules binding them).
func printMachine(ctx context.Context) {
	fmt.Printf("date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Printf("machine: %d CPUs (runtime.NumCPU), %s, %.1f GiB memory\n", runtime.NumCPU(), cpuModel(), gib(memTotal()))
	fmt.Printf("Go: %s, GOMAXPROCS %d\n", runtime.Version(), runtime.GOMAXPROCS(0))
	duckDB := libraryVersion(ctx, "duckdb", "",
		`SELECT version() || ', threads ' || current_setting('threads') || ', memory_limit ' || current_setting('memory_limit')`)
	fmt.Printf("DuckDB: %s (github.com/duckdb/duckdb-go/v2 %s)\n", duckDB, moduleVersion("github.com/duckdb/duckdb-go/v2"))
	fmt.Printf("SQLite: %s (modernc.org/sqlite %s)\n",
		libraryVersion(ctx, "sqlite", ":memory:", "SELECT sqlite_version()"), moduleVersion("modernc.org/sqlite"))
}

// printLoad prints the load average: the machine is shared, and other work on it slows every
// engine alike but makes the times noisier.
func printLoad(when string) {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fields := strings.Fields(string(b))
		if len(fields) >= 3 {
			fmt.Printf("load average %s: %s %s %s\n", when, fields[0], fields[1], fields[2])
		}
	}
}

func cpuModel() string {
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		return v
	}
	return "unknown CPU"
}

func memTotal() int64 { return procKB("/proc/meminfo", "MemTotal") }

// libraryVersion asks an in-memory database for its version.
func libraryVersion(ctx context.Context, driver, dsn, query string) string {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	defer db.Close()
	var v string
	if err := db.QueryRowContext(ctx, query).Scan(&v); err != nil {
		return "unknown (" + err.Error() + ")"
	}
	return v
}

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == path {
				return m.Version
			}
		}
	}
	return "unknown"
}

// resetPeakRSS sets the process's peak resident set size (VmHWM) back to its current size, so
// that the next peakRSS is the peak of what ran in between.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is the process's peak resident set size in bytes, 0 where /proc does not tell.
func peakRSS() int64 { return procKB("/proc/self/status", "VmHWM") }

// procKB reads a field in kB from a /proc file, in bytes.
func procKB(path, field string) int64 {
	v := strings.TrimSuffix(procField(path, field), " kB")
	kb, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0
	}
	return kb << 10
}

// procField returns the value of the first "field: value" line of a /proc file.
func procField(path, field string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(name) == field {
			return strings.TrimSpace(value)
		}
	}
	return ""
}
