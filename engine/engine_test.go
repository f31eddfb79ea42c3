package engine_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/period"
	"zoneboard/sqlstore"
	"zoneboard/storetest"
)

var ctx = context.Background()

func openStore(t *testing.T) *sqlstore.DB {
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "engine.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func obs(unit, indicator, p string, value, growth float64) zoneboard.Observation {
	return zoneboard.Observation{ObservationKey: zoneboard.ObservationKey{Unit: unit, Indicator: indicator, Period: period.MustParse(p)},
		Value: &value, Growth: &growth}
}

func gdpRow(t *testing.T, e *engine.Engine) engine.Row {
	t.Helper()
	rows, err := e.Query(ctx, engine.Query{Units: []string{"370171"}, Indicators: []string{"gdp"}, Periods: []period.Period{period.MustParse("2019")}})
	if err != nil || len(rows) != 1 {
		t.Fatalf("query: %v, %d rows", err, len(rows))
	}
	return rows[0]
}

// TestAWriteIsVisibleToTheNextQuery writes through the store after the engine loaded and
// expects the next query to see the new figure, a new unit and a changed name, with no rebuild.
func TestAWriteIsVisibleToTheNextQuery(t *testing.T) {
	db := openStore(t)
	b := storetest.Base()
	b.Observations = []zoneboard.Observation{obs("370171", "gdp", "2019", 1150.2, 10.5), obs("3701", "gdp", "2019", 9443.4, 7.0)}
	if _, err := db.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if r := gdpRow(t, e); r.Value != 1150.2 || r.Multiple != 1.5 || r.Peers != 1 {
		t.Fatalf("before the write: %+v", r)
	}
	if _, err := db.ApplyBatch(ctx, zoneboard.Batch{Actor: "editor", Observations: []zoneboard.Observation{
		obs("370171", "gdp", "2019", 1150.3, 10.6), obs("370102", "gdp", "2019", 1784.6, 7.6)}}); err != nil {
		t.Fatal(err)
	}
	r := gdpRow(t, e)
	if r.Value != 1150.3 || r.Growth != 10.6 || r.Peers != 2 || r.RankByValue != 2 || r.RankByGrowth != 1 {
		t.Errorf("after the write: value %v growth %v peers %d ranks %d/%d", r.Value, r.Growth, r.Peers, r.RankByValue, r.RankByGrowth)
	}
	if _, err := db.ApplyBatch(ctx, zoneboard.Batch{Actor: "editor", Units: []zoneboard.Unit{
		{Code: "370171", Name: "济南高新技术产业开发区", Kind: zoneboard.KindZone, Parent: "3701"}}}); err != nil {
		t.Fatal(err)
	}
	if r := gdpRow(t, e); r.UnitName != "济南高新技术产业开发区" {
		t.Errorf("a renamed unit still reads %q", r.UnitName)
	}
	if n := e.Observations(); n != 3 {
		t.Errorf("the view holds %d observations, want 3", n)
	}
	if err := db.DeleteObservations(ctx, zoneboard.AuditNote{Actor: "editor"}, []zoneboard.ObservationKey{{Unit: "370102", Indicator: "gdp", Period: period.MustParse("2019")}}); err != nil {
		t.Fatal(err)
	}
	if r := gdpRow(t, e); r.Peers != 1 || r.RankByValue != 1 || e.Observations() != 2 {
		t.Errorf("after a delete: peers %d, rank %d, %d observations", r.Peers, r.RankByValue, e.Observations())
	}
}

// TestQueriesRunWhileWritesArrive runs queries from several goroutines while figures are
// written; run with -race it checks the locking of the view.
func TestQueriesRunWhileWritesArrive(t *testing.T) {
	db := openStore(t)
	b := storetest.Base()
	b.Observations = []zoneboard.Observation{obs("370171", "gdp", "2019", 1000, 10), obs("3701", "gdp", "2019", 9000, 7)}
	if _, err := db.ApplyBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				r := gdpRow(t, e)
				if r.Value < 1000 || r.Value > 1100 {
					t.Errorf("value %v outside what was written", r.Value)
					return
				}
			}
		}()
	}
	for i := 1; i <= 20; i++ {
		if _, err := db.ApplyBatch(ctx, zoneboard.Batch{Actor: "writer", Observations: []zoneboard.Observation{obs("370171", "gdp", "2019", 1000+float64(i), 10)}}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if r := gdpRow(t, e); r.Value != 1020 {
		t.Errorf("after every write: %v, want 1020", r.Value)
	}
}
