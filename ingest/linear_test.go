package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zoneboard"
	"zoneboard/ingest"
	"zoneboard/sqlstore"
)

const linearDefinitions = `code,name,kind,parent
C,市,city,
Z,区,zone,C
`

const linearIndicators = `code,name,unit,frequency,cumulative,price_basis,aggregate,better,decimals
trade,进出口总额,亿元,month,yes,nominal,sum,up,1
`

// smallZone is a store holding a city, its zone and one cumulative indicator, and an importer
// over it; the store closes when the test ends.
func smallZone(t testing.TB) (*ingest.Importer, *sqlstore.DB) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "zone.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	im := &ingest.Importer{Store: db}
	definitions := []ingest.File{{Name: "units.csv", Data: []byte(linearDefinitions)}, {Name: "indicators.csv", Data: []byte(linearIndicators)}}
	if _, err := im.Import(context.Background(), definitions, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return im, db
}

// repeated writes n rows of one figure, as a file with a systematic fault would: the shape that
// made the importer quadratic (60,000 rows took 10 s).
func repeated(n int, differ bool) []byte {
	var b strings.Builder
	b.WriteString("unit,indicator,period,value,growth\n")
	for i := 0; i < n; i++ {
		v := 150.0
		if differ && i%2 == 1 {
			v = 151
		}
		fmt.Fprintf(&b, "Z,trade,2021-01..09,%g,30\n", v)
	}
	return []byte(b.String())
}

func repeatedXLSX(t testing.TB, n int) []byte {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"unit", "indicator", "period", "value", "growth"})
	for i := 0; i < n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{"Z", "trade", "2021-01..09", 150, 30})
	}
	sw.Flush()
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestImportTimeIsLinearInRepeatedRows times dry runs of 10^4 and 10^5 repeated rows (the same
// and conflicting ones, in CSV and xlsx) and fails when ten times the rows take more than
// thirty times as long: linear work gives about ten, quadratic a hundred. The best of three
// runs is taken, so that a busy machine does not decide.
func TestImportTimeIsLinearInRepeatedRows(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	ctx := context.Background()
	im, _ := smallZone(t)
	best := func(file ingest.File) time.Duration {
		var min time.Duration
		for i := 0; i < 3; i++ {
			start := time.Now()
			im.Import(ctx, []ingest.File{file}, ingest.Options{DryRun: true}) // conflicting rows are refused; the time is what counts
			if d := time.Since(start); min == 0 || d < min {
				min = d
			}
		}
		return min
	}
	for _, shape := range []struct {
		name string
		file func(n int) ingest.File
	}{
		{"identical CSV rows", func(n int) ingest.File { return ingest.File{Name: "same.csv", Data: repeated(n, false)} }},
		{"conflicting CSV rows", func(n int) ingest.File { return ingest.File{Name: "conflict.csv", Data: repeated(n, true)} }},
		{"identical xlsx rows", func(n int) ingest.File { return ingest.File{Name: "same.xlsx", Data: repeatedXLSX(t, n)} }},
	} {
		small, large := best(shape.file(10_000)), best(shape.file(100_000))
		ratio := float64(large) / float64(small)
		t.Logf("%s: 10^4 in %v, 10^5 in %v (ratio %.1f)", shape.name, small, large, ratio)
		if ratio > 30 {
			t.Errorf("%s: 10^5 rows take %.0f times as long as 10^4 (%v, %v): worse than linear", shape.name, ratio, large, small)
		}
	}
}

// An import's files may hold at most Options.MaxCells cells: beyond it the import is refused,
// saying so, before the rest is read, and nothing is written.
func TestImportCellBudget(t *testing.T) {
	ctx := context.Background()
	im, _ := smallZone(t)
	for _, file := range []ingest.File{{Name: "same.csv", Data: repeated(100, false)}, {Name: "same.xlsx", Data: repeatedXLSX(t, 100)}} {
		_, err := im.Import(ctx, []ingest.File{file}, ingest.Options{MaxCells: 300})
		if err == nil || !strings.Contains(err.Error(), "more than 300 cells, its budget") {
			t.Errorf("%s over the budget: %v", file.Name, err)
		}
		if _, err := im.Import(ctx, []ingest.File{file}, ingest.Options{MaxCells: 1000, DryRun: true}); err != nil {
			t.Errorf("%s within the budget: %v", file.Name, err)
		}
	}
}

// A cancelled import (its request gone, the command interrupted) stops while reading a large
// file and writes nothing.
func TestCancelledImportStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	im, db := smallZone(t)
	data := repeated(1_000_000, false)
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := im.Import(ctx, []ingest.File{{Name: "big.csv", Data: data}}, ingest.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled import: %v, want context.Canceled", err)
	}
	t.Logf("stopped %v after the start", time.Since(start))
	if obs, _ := db.FindObservations(context.Background(), zoneboard.ObservationFilter{}); len(obs) != 0 {
		t.Errorf("a cancelled import wrote %d observations", len(obs))
	}
}
