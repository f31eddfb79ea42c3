package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"zoneboard"
	"zoneboard/period"
	"zoneboard/sqlstore"
	"zoneboard/storetest"
)

// TestTwoWritersCannotTogetherStoreAFallingSeries is an isolation test in the manner of
// PostgreSQL's: over a stored 1-3月 of 30, one writer adds 1-4月 = 35 while another corrects
// 1-3月 to 40. Each is right against what it read; together they would store a year-to-date
// series that falls. Two handles (two servers over one database) run them at once, many times
// over fresh series: one of each pair must be refused, whichever comes second, and the stored
// series never falls.
func TestTwoWritersCannotTogetherStoreAFallingSeries(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ name string }{{"SQLite"}, {"PostgreSQL"}} {
		t.Run(tt.name, func(t *testing.T) {
			dsn := filepath.Join(t.TempDir(), "race.db")
			if tt.name == "PostgreSQL" {
				dsn = storetest.PostgresDSN(t)
			}
			first, second := open(t, dsn), open(t, dsn)
			base := storetest.Base()
			const rounds = 12
			for i := 0; i < rounds; i++ {
				base.Units = append(base.Units, zoneboard.Unit{Code: fmt.Sprintf("P%02d", i), Name: fmt.Sprintf("园区%02d", i), Kind: zoneboard.KindPark, Parent: "370171"})
			}
			if _, err := first.ApplyBatch(ctx, base); err != nil {
				t.Fatal(err)
			}
			figure := func(unit, p string, v float64) zoneboard.Batch {
				return zoneboard.Batch{Actor: "test", Observations: []zoneboard.Observation{{
					ObservationKey: zoneboard.ObservationKey{Unit: unit, Indicator: "retail_sales", Period: period.MustParse(p)},
					Value:          &v, Status: zoneboard.StatusFinal}}}
			}
			for i := 0; i < rounds; i++ {
				unit := fmt.Sprintf("P%02d", i)
				if _, err := first.ApplyBatch(ctx, figure(unit, "2020-Q1", 30)); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				var errA, errB error
				start := make(chan struct{})
				wg.Add(2)
				go func() { defer wg.Done(); <-start; _, errA = first.ApplyBatch(ctx, figure(unit, "2020-01..04", 35)) }()
				go func() { defer wg.Done(); <-start; _, errB = second.ApplyBatch(ctx, figure(unit, "2020-Q1", 40)) }()
				close(start)
				wg.Wait()
				if (errA == nil) == (errB == nil) {
					t.Errorf("round %d: both writes %v / %v: exactly one must be refused", i, errA, errB)
				}
				for _, err := range []error{errA, errB} {
					if err != nil && zoneboard.ErrorCode(err) != zoneboard.EConflict {
						t.Errorf("round %d: refused with %v, want a conflict", i, err)
					}
				}
				assertRising(t, first, unit)
			}
		})
	}
}

func assertRising(t *testing.T, db *sqlstore.DB, unit string) {
	t.Helper()
	obs, err := db.FindObservations(context.Background(), zoneboard.ObservationFilter{Units: []string{unit}, Indicators: []string{"retail_sales"}})
	if err != nil {
		t.Fatal(err)
	}
	last := map[int]float64{}
	for _, o := range obs {
		if o.Period.IsYearToDate() && o.Value != nil {
			last[o.Period.Last] = *o.Value
		}
	}
	if q1, ok := last[3]; ok {
		if apr, ok := last[4]; ok && apr < q1 {
			t.Errorf("%s: stored 1-3月 %v and 1-4月 %v: the series falls", unit, q1, apr)
		}
	}
}
