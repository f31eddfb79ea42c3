package demo_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"zoneboard"
	"zoneboard/demo"
	"zoneboard/period"
	"zoneboard/sqlstore"
)

// TestDemoHoldsTheSeedFacts checks the demo data against every figure of the seed article and
// the public facts it is built on, straight from the stored observations.
func TestDemoHoldsTheSeedFacts(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	groups, _ := db.FindGroups(ctx)
	var peers []string
	for _, g := range groups {
		if g.Code == "jinan16" {
			peers = g.Members
		}
	}
	if len(peers) != 16 {
		t.Fatalf("jinan16 has %d members, want 16", len(peers))
	}
	get := func(unit, indicator, p string) zoneboard.Observation {
		t.Helper()
		obs, err := db.FindObservations(ctx, zoneboard.ObservationFilter{Units: []string{unit}, Indicators: []string{indicator},
			Periods: []period.Period{period.MustParse(p)}})
		if err != nil || len(obs) != 1 {
			t.Fatalf("%s %s %s: %v, %d observations", unit, indicator, p, err, len(obs))
		}
		return obs[0]
	}
	// rank is the zone's place among the 16 by level or growth, ties sharing a place.
	rank := func(indicator, p string, byGrowth bool) int {
		t.Helper()
		pick := func(o zoneboard.Observation) float64 {
			if byGrowth {
				return *o.Growth
			}
			return *o.Value
		}
		zone := pick(get("370171", indicator, p))
		place := 1
		for _, u := range peers {
			if pick(get(u, indicator, p)) > zone {
				place++
			}
		}
		return place
	}
	round1 := func(x float64) float64 { return math.Round(x*10) / 10 }
	eq := func(what string, got, want float64) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}

	zone19, city19 := get("370171", "gdp", "2019"), get("3701", "gdp", "2019")
	eq("zone GDP 2019", *zone19.Value, 1150.2)
	eq("zone GDP growth 2019", *zone19.Growth, 10.5)
	eq("city GDP 2019", *city19.Value, 9443.4)
	eq("GDP growth multiple 2019", round1(*zone19.Growth / *city19.Growth), 1.5)
	eq("zone's rank by GDP growth 2019", float64(rank("gdp", "2019", true)), 1)
	for _, ind := range []string{"industrial_va", "fixed_investment", "imports_exports"} {
		z, c := get("370171", ind, "2019"), get("3701", ind, "2019")
		if *z.Growth < 1.8**c.Growth {
			t.Errorf("%s 2019: the zone's growth %v is not 1.8 times the city's %v", ind, *z.Growth, *c.Growth)
		}
	}
	eq("city fixed-asset investment growth 2019", *get("3701", "fixed_investment", "2019").Growth, 12.6)
	eq("city retail growth 2019", *get("3701", "retail_sales", "2019").Growth, 8.1)
	eq("city budget revenue 2019", *get("3701", "budget_revenue", "2019").Value, 874.2)

	online, cityOnline := get("370171", "online_retail", "2020-Q1"), get("3701", "online_retail", "2020-Q1")
	eq("zone online retail 2020-Q1", *online.Value, 274)
	eq("zone online retail growth 2020-Q1", *online.Growth, 9.3)
	eq("gap to the city 2020-Q1", round1(*online.Growth-*cityOnline.Growth), 22.7)
	eq("rank by online retail level 2020-Q1", float64(rank("online_retail", "2020-Q1", false)), 1)
	eq("rank by online retail growth 2020-Q1", float64(rank("online_retail", "2020-Q1", true)), 1)

	trade, cityTrade := get("370171", "imports_exports", "2020-Q1"), get("3701", "imports_exports", "2020-Q1")
	eq("zone imports and exports 2020-Q1", *trade.Value, 147.2)
	eq("share of the city 2020-Q1", round1(*trade.Value / *cityTrade.Value * 100), 52.4)
	eq("growth multiple 2020-Q1", round1(*trade.Growth / *cityTrade.Growth), 2.3)

	eq("listed and quoted firms May 2020", *get("370171", "listed_firms", "2020-05").Value, 118)
	eq("zone GDP 2020", *get("370171", "gdp", "2020").Value, 1291.54)
	eq("city GDP 2020", *get("3701", "gdp", "2020").Value, 10140.9)
	eq("Lixia GDP 2020", *get("370102", "gdp", "2020").Value, 1910.41)
	eq("Zhangqiu GDP growth 2020", *get("370114", "gdp", "2020").Growth, 7.2)
}
