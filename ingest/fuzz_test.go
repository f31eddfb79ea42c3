package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"zoneboard"
	"zoneboard/demo"
	"zoneboard/ingest"
	"zoneboard/sqlstore"
)

// fuzzStore is a store with the demo's units and indicators, for dry runs of fuzzed files.
func fuzzStore(f *testing.F) *ingest.Importer {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if _, err := demo.Load(ctx, db); err != nil {
		f.Fatal(err)
	}
	return &ingest.Importer{Store: db}
}

// addSeeds adds the files of the test data and the demo whose names match as seeds.
func addSeeds(f *testing.F, patterns ...string) {
	for _, pattern := range patterns {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
}

// checkRefusal fails on what no input may cause: an internal error, a panic (by the fuzzer
// itself) or a write during a dry run.
func checkRefusal(t *testing.T, err error) {
	if err != nil && zoneboard.ErrorCode(err) == zoneboard.EInternal {
		t.Fatalf("an internal error, where the file should be refused with a reason: %v", err)
	}
}

// watchdog crashes the fuzzing process, with every goroutine's stack, when one input takes
// more than 10 s: a file of a few kilobytes that costs that much is a bug, and the fuzzer keeps
// the input that caused it. It returns the function that stops it.
func watchdog() func() {
	timer := time.AfterFunc(10*time.Second, func() { debug.SetTraceback("all"); panic("one input took more than 10 s") })
	return func() { timer.Stop() }
}

// FuzzImportCSV: any bytes as a CSV file are imported (dry run) or refused with a reason.
func FuzzImportCSV(f *testing.F) {
	im := fuzzStore(f)
	addSeeds(f, "testdata/*.csv", "../demo/data/*.csv")
	f.Add([]byte("unit,indicator,period,value,growth\n370171,gdp,2020,1,\n370171,gdp,2020,1,\n"))
	f.Add([]byte("\xEF\xBB\xBFunit,indicator,period,value\n\"370171\",gdp,2020-Q5,\"1,2\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		_, err := im.Import(context.Background(), []ingest.File{{Name: "fuzz.csv", Data: data}}, ingest.Options{DryRun: true})
		checkRefusal(t, err)
	})
}

// FuzzImportXLSX: any bytes as a workbook are imported (dry run) or refused with a reason.
func FuzzImportXLSX(f *testing.F) {
	im := fuzzStore(f)
	addSeeds(f, "testdata/*.xlsx")
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		_, err := im.Import(context.Background(), []ingest.File{{Name: "fuzz.xlsx", Data: data}}, ingest.Options{DryRun: true})
		checkRefusal(t, err)
	})
}

// FuzzImportPlan: the plan's files (goals, targets, tasks, projects, reports, the ledger).
func FuzzImportPlan(f *testing.F) {
	im := fuzzStore(f)
	addSeeds(f, "testdata/plan_*.csv", "testdata/ledger_*.csv", "../demo/data/plan_*.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog()()
		_, err := im.Import(context.Background(), []ingest.File{{Name: "plan.csv", Data: data}}, ingest.Options{DryRun: true})
		checkRefusal(t, err)
	})
}
