// Package storetest is the conformance suite that every zoneboard store passes, whatever
// database is behind it. A store's own tests call Run with a function that opens an empty store.
package storetest

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"zoneboard"
	"zoneboard/period"
)

// Opener returns a new, empty, migrated store; the test closes it.
type Opener func(t *testing.T) zoneboard.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Opener) {
	t.Run("Units", func(t *testing.T) { testUnits(t, open) })
	t.Run("Indicators", func(t *testing.T) { testIndicators(t, open) })
	t.Run("Groups", func(t *testing.T) { testGroups(t, open) })
	t.Run("Observations", func(t *testing.T) { testObservations(t, open) })
	t.Run("Revisions", func(t *testing.T) { testRevisions(t, open) })
	t.Run("BatchChanges", func(t *testing.T) { testBatchChanges(t, open) })
	t.Run("Atomicity", func(t *testing.T) { testAtomicity(t, open) })
	t.Run("ChangeSequence", func(t *testing.T) { testChangeSequence(t, open) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
	t.Run("Plan", func(t *testing.T) { testPlan(t, open) })
	t.Run("Texts", func(t *testing.T) { testTexts(t, open) })
}

var ctx = context.Background()

// Base is a small tree, its indicators and a group, used by the suite and by other tests.
func Base() zoneboard.Batch {
	return zoneboard.Batch{
		Actor: "test",
		Units: []zoneboard.Unit{
			{Code: "370171", Name: "济南高新区", NameEn: "Jinan High-tech Zone", Kind: zoneboard.KindZone, Parent: "3701"},
			{Code: "3701", Name: "济南市", NameEn: "Jinan", Kind: zoneboard.KindCity},
			{Code: "370102", Name: "历下区", NameEn: "Lixia District", Kind: zoneboard.KindDistrict, Parent: "3701"},
		},
		Indicators: []zoneboard.Indicator{
			{Code: "gdp", Name: "地区生产总值", NameEn: "GDP", Unit: "亿元", Frequency: zoneboard.Quarterly, Cumulative: true,
				PriceBasis: zoneboard.Real, Aggregate: zoneboard.AggregateSum, Better: zoneboard.BetterUp, Decimals: 1, JanuaryAlone: true},
			{Code: "retail_sales", Name: "社会消费品零售总额", Unit: "亿元", Frequency: zoneboard.Monthly, Cumulative: true,
				PriceBasis: zoneboard.Nominal, Aggregate: zoneboard.AggregateSum, Better: zoneboard.BetterUp, Decimals: 1},
		},
		Groups: []zoneboard.Group{{Code: "peers", Name: "济南各区", Members: []string{"370171", "370102"}}},
	}
}

func observation(unit, indicator, p string, value, growth *float64) zoneboard.Observation {
	return zoneboard.Observation{
		ObservationKey: zoneboard.ObservationKey{Unit: unit, Indicator: indicator, Period: period.MustParse(p)},
		Value:          value, Growth: growth, Status: zoneboard.StatusFinal, Source: "test",
	}
}

func mustApply(t *testing.T, s zoneboard.Store, b zoneboard.Batch) zoneboard.BatchResult {
	t.Helper()
	r, err := s.ApplyBatch(ctx, b)
	if err != nil {
		t.Fatalf("ApplyBatch: %v", err)
	}
	return r
}

func testUnits(t *testing.T, open Opener) {
	t.Run("OK", func(t *testing.T) {
		s := open(t)
		r := mustApply(t, s, Base())
		if r.Units != (zoneboard.Counts{Created: 3}) {
			t.Errorf("first apply: %+v, want 3 created", r.Units)
		}
		units, err := s.FindUnits(ctx, zoneboard.UnitFilter{Parent: "3701"})
		if err != nil {
			t.Fatal(err)
		}
		if len(units) != 2 || units[0].Code != "370102" || units[1].Name != "济南高新区" || units[1].Parent != "3701" {
			t.Errorf("children of 3701 = %+v", units)
		}
		if units[0].UpdatedBy != "test" || units[0].UpdatedAt.IsZero() {
			t.Errorf("a unit does not record who wrote it and when: %+v", units[0])
		}
	})
	t.Run("ReapplyChangesNothing", func(t *testing.T) {
		s := open(t)
		mustApply(t, s, Base())
		r := mustApply(t, s, Base())
		if r.Units != (zoneboard.Counts{Unchanged: 3}) || r.Indicators != (zoneboard.Counts{Unchanged: 2}) || r.Groups != (zoneboard.Counts{Unchanged: 1}) {
			t.Errorf("second apply: %+v", r)
		}
	})
	t.Run("Update", func(t *testing.T) {
		s := open(t)
		mustApply(t, s, Base())
		mustApply(t, s, zoneboard.Batch{Actor: "editor", Units: []zoneboard.Unit{
			{Code: "370102", Name: "历下区", NameEn: "Lixia", Kind: zoneboard.KindDistrict, Parent: "370171"}}})
		units, _ := s.FindUnits(ctx, zoneboard.UnitFilter{Codes: []string{"370102"}})
		if len(units) != 1 || units[0].NameEn != "Lixia" || units[0].Parent != "370171" || units[0].UpdatedBy != "editor" {
			t.Errorf("after update: %+v", units)
		}
	})
	t.Run("ErrUnknownParent", func(t *testing.T) {
		s := open(t)
		_, err := s.ApplyBatch(ctx, zoneboard.Batch{Actor: "test", Units: []zoneboard.Unit{
			{Code: "a", Name: "A", Kind: zoneboard.KindPark, Parent: "nowhere"}}})
		if zoneboard.ErrorCode(err) != zoneboard.EInvalid {
			t.Fatalf("err = %v, want invalid", err)
		}
		if units, _ := s.FindUnits(ctx, zoneboard.UnitFilter{}); len(units) != 0 {
			t.Errorf("a refused batch wrote %d units", len(units))
		}
	})
	t.Run("ErrCycle", func(t *testing.T) {
		s := open(t)
		_, err := s.ApplyBatch(ctx, zoneboard.Batch{Actor: "test", Units: []zoneboard.Unit{
			{Code: "a", Name: "A", Kind: zoneboard.KindPark, Parent: "b"},
			{Code: "b", Name: "B", Kind: zoneboard.KindPark, Parent: "a"}}})
		if zoneboard.ErrorCode(err) != zoneboard.EInvalid {
			t.Fatalf("err = %v, want invalid", err)
		}
	})
}

func testIndicators(t *testing.T, open Opener) {
	s := open(t)
	mustApply(t, s, Base())
	got, err := s.FindIndicators(ctx, zoneboard.IndicatorFilter{Codes: []string{"gdp"}})
	if err != nil {
		t.Fatal(err)
	}
	want := Base().Indicators[0]
	if len(got) != 1 || !got[0].SameContent(want) {
		t.Errorf("gdp = %+v, want %+v", got, want)
	}
	changed := Base().Indicators[1]
	changed.Decimals, changed.JanuaryAlone, changed.AllowNegative = 2, false, true
	r := mustApply(t, s, zoneboard.Batch{Actor: "test", Indicators: []zoneboard.Indicator{changed}})
	if r.Indicators != (zoneboard.Counts{Updated: 1}) {
		t.Errorf("update counts = %+v", r.Indicators)
	}
	got, _ = s.FindIndicators(ctx, zoneboard.IndicatorFilter{Codes: []string{"retail_sales"}})
	if len(got) != 1 || !got[0].SameContent(changed) {
		t.Errorf("retail_sales = %+v, want %+v", got, changed)
	}
}

func testGroups(t *testing.T, open Opener) {
	s := open(t)
	mustApply(t, s, Base())
	groups, err := s.FindGroups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].Name != "济南各区" || !slices.Equal(groups[0].Members, []string{"370102", "370171"}) {
		t.Errorf("groups = %+v", groups)
	}
	r := mustApply(t, s, zoneboard.Batch{Actor: "test", Groups: []zoneboard.Group{{Code: "peers", Name: "济南各区", Members: []string{"370171"}}}})
	groups, _ = s.FindGroups(ctx)
	if r.Groups.Updated != 1 || !slices.Equal(groups[0].Members, []string{"370171"}) {
		t.Errorf("after replacing the members: %+v %+v", r.Groups, groups)
	}
	_, err = s.ApplyBatch(ctx, zoneboard.Batch{Actor: "test", Groups: []zoneboard.Group{{Code: "x", Name: "X", Members: []string{"nope"}}}})
	if zoneboard.ErrorCode(err) != zoneboard.EInvalid {
		t.Errorf("a group with an unknown member: err = %v, want invalid", err)
	}
}

func testObservations(t *testing.T, open Opener) {
	s := open(t)
	b := Base()
	b.Observations = []zoneboard.Observation{
		observation("370171", "gdp", "2019", zoneboard.Float(1150.2), zoneboard.Float(10.5)),
		observation("3701", "gdp", "2019", zoneboard.Float(9443.4), zoneboard.Float(7.0)),
		observation("370171", "gdp", "2020-Q1", nil, zoneboard.Float(-2.1)),
		observation("370171", "retail_sales", "2020-01..02", zoneboard.Float(30), nil),
	}
	r := mustApply(t, s, b)
	if r.Observations != (zoneboard.Counts{Created: 4}) {
		t.Errorf("counts = %+v", r.Observations)
	}
	r = mustApply(t, s, b)
	if r.Observations != (zoneboard.Counts{Unchanged: 4}) {
		t.Errorf("re-applying: counts = %+v, want 4 unchanged", r.Observations)
	}
	all, err := s.FindObservations(ctx, zoneboard.ObservationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 {
		t.Fatalf("%d observations, want 4", len(all))
	}
	if all[0].Unit != "3701" || *all[0].Value != 9443.4 {
		t.Errorf("first observation = %+v", all[0])
	}
	got, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{Units: []string{"370171"}, Indicators: []string{"gdp"},
		Periods: []period.Period{period.MustParse("2020-Q1")}})
	if len(got) != 1 || got[0].Value != nil || *got[0].Growth != -2.1 || got[0].Status != zoneboard.StatusFinal {
		t.Errorf("growth-only observation = %+v", got)
	}
	got, _ = s.FindObservations(ctx, zoneboard.ObservationFilter{Years: []int{2020}})
	if len(got) != 2 {
		t.Errorf("year filter: %d observations, want 2", len(got))
	}
	first, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{Limit: 3})
	rest, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{Limit: 3, Offset: 3})
	if len(first) != 3 || len(rest) != 1 {
		t.Fatalf("pages of 3: %d and %d observations, want 3 and 1", len(first), len(rest))
	}
	for i, o := range append(first, rest...) {
		if o.ObservationKey != all[i].ObservationKey {
			t.Errorf("paged observation %d is %v, the unpaged one %v: pages must follow the same order", i, o.ObservationKey, all[i].ObservationKey)
		}
	}
	dry := zoneboard.Batch{Actor: "test", DryRun: true, Observations: []zoneboard.Observation{
		observation("370102", "gdp", "2019", zoneboard.Float(1800), zoneboard.Float(7.5))}}
	r = mustApply(t, s, dry)
	if r.Observations.Created != 1 {
		t.Errorf("dry run counts = %+v", r.Observations)
	}
	if got, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{Units: []string{"370102"}}); len(got) != 0 {
		t.Errorf("a dry run wrote %d observations", len(got))
	}
}

func testRevisions(t *testing.T, open Opener) {
	s := open(t)
	b := Base()
	b.Actor = "import:first.csv"
	b.Observations = []zoneboard.Observation{observation("370171", "gdp", "2019", zoneboard.Float(1150.0), zoneboard.Float(10.4))}
	mustApply(t, s, b)
	time.Sleep(2 * time.Millisecond)
	second := observation("370171", "gdp", "2019", zoneboard.Float(1150.2), zoneboard.Float(10.5))
	second.Source = "bulletin"
	r := mustApply(t, s, zoneboard.Batch{Actor: "import:second.csv", Observations: []zoneboard.Observation{second}})
	if r.Observations != (zoneboard.Counts{Updated: 1}) {
		t.Errorf("counts = %+v, want 1 updated", r.Observations)
	}
	key := zoneboard.ObservationKey{Unit: "370171", Indicator: "gdp", Period: period.MustParse("2019")}
	current, earlier, err := s.ObservationHistory(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if current == nil || *current.Value != 1150.2 || current.RecordedBy != "import:second.csv" || current.Source != "bulletin" {
		t.Errorf("current = %+v", current)
	}
	if len(earlier) != 1 {
		t.Fatalf("%d earlier versions, want 1", len(earlier))
	}
	e := earlier[0]
	if *e.Value != 1150.0 || *e.Growth != 10.4 || e.RecordedBy != "import:first.csv" || e.Source != "test" ||
		e.ReplacedBy != "import:second.csv" || !e.ReplacedAt.After(e.RecordedAt) {
		t.Errorf("earlier version = %+v", e)
	}
	if _, _, err := s.ObservationHistory(ctx, zoneboard.ObservationKey{Unit: "x", Indicator: "gdp", Period: key.Period}); zoneboard.ErrorCode(err) != zoneboard.ENotFound {
		t.Errorf("history of an unknown unit: err = %v, want not_found", err)
	}
}

func testAtomicity(t *testing.T, open Opener) {
	s := open(t)
	b := Base()
	b.Observations = []zoneboard.Observation{
		observation("370171", "gdp", "2019", zoneboard.Float(1150.2), nil),
		observation("unknown", "gdp", "2019", zoneboard.Float(1), nil),
	}
	if _, err := s.ApplyBatch(ctx, b); zoneboard.ErrorCode(err) != zoneboard.EInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	units, _ := s.FindUnits(ctx, zoneboard.UnitFilter{})
	obs, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{})
	if len(units) != 0 || len(obs) != 0 {
		t.Errorf("a failed batch left %d units and %d observations", len(units), len(obs))
	}
	b.Observations = []zoneboard.Observation{
		observation("370171", "gdp", "2019", zoneboard.Float(1150.2), nil),
		observation("370171", "gdp", "2019", zoneboard.Float(1150.3), nil),
	}
	if _, err := s.ApplyBatch(ctx, b); zoneboard.ErrorCode(err) != zoneboard.EInvalid {
		t.Errorf("two rows for one cell: err = %v, want invalid", err)
	}
}

func testChangeSequence(t *testing.T, open Opener) {
	s := open(t)
	if latest, err := s.LatestChange(ctx); err != nil || latest != (zoneboard.ChangePoint{}) {
		t.Fatalf("an empty store's latest change = %+v, %v", latest, err)
	}
	b := Base()
	b.Observations = []zoneboard.Observation{
		observation("370171", "gdp", "2019", zoneboard.Float(1150.2), zoneboard.Float(10.5)),
		observation("3701", "gdp", "2019", zoneboard.Float(9443.4), nil),
	}
	mustApply(t, s, b)
	point, _ := s.LatestChange(ctx)
	first := point.Latest
	if point.Definitions != first {
		t.Errorf("a batch with units wrote change %d but the definitions stand at %d", first, point.Definitions)
	}
	var all []zoneboard.Figures
	through, err := s.ScanFigures(ctx, 0, func(f zoneboard.Figures) error { all = append(all, f); return nil })
	if err != nil || through != first || len(all) != 2 {
		t.Fatalf("full scan: %d figures through %d (latest %d), %v", len(all), through, first, err)
	}
	for _, f := range all {
		if f.Unit == "3701" && (f.Value != 9443.4 || !math.IsNaN(f.Growth)) {
			t.Errorf("a missing growth must scan as NaN: %+v", f)
		}
	}
	mustApply(t, s, zoneboard.Batch{Actor: "editor", Observations: []zoneboard.Observation{
		observation("370171", "gdp", "2019", zoneboard.Float(1150.3), zoneboard.Float(10.5))}})
	point, _ = s.LatestChange(ctx)
	second := point.Latest
	if point.Definitions != first {
		t.Errorf("a batch of observations only moved the definitions to %d", point.Definitions)
	}
	var changed []zoneboard.Figures
	through, err = s.ScanFigures(ctx, first, func(f zoneboard.Figures) error { changed = append(changed, f); return nil })
	if err != nil || through != second || len(changed) != 1 || changed[0].Value != 1150.3 {
		t.Errorf("scan after %d: %+v through %d (latest %d), %v", first, changed, through, second, err)
	}
	mustApply(t, s, zoneboard.Batch{Actor: "editor", Units: []zoneboard.Unit{{Code: "new", Name: "新园区", Kind: zoneboard.KindPark, Parent: "370171"}}})
	if third, _ := s.LatestChange(ctx); third.Latest <= second || third.Definitions != third.Latest {
		t.Errorf("a write of units only: the change sequence is %+v after %d", third, second)
	}
	unchanged, _ := s.LatestChange(ctx)
	mustApply(t, s, Base())
	if again, _ := s.LatestChange(ctx); again != unchanged {
		t.Errorf("a batch that changed nothing moved the change sequence")
	}
}

func testDelete(t *testing.T, open Opener) {
	s := open(t)
	b := Base()
	b.Observations = []zoneboard.Observation{
		observation("370171", "gdp", "2019", zoneboard.Float(1150.2), zoneboard.Float(10.5)),
		observation("3701", "gdp", "2019", zoneboard.Float(9443.4), nil),
	}
	mustApply(t, s, b)
	before, _ := s.LatestChange(ctx)
	key := b.Observations[0].ObservationKey
	missing := zoneboard.ObservationKey{Unit: "370102", Indicator: "gdp", Period: key.Period}
	if err := s.DeleteObservations(ctx, zoneboard.AuditNote{Actor: "editor"}, []zoneboard.ObservationKey{key, missing}); zoneboard.ErrorCode(err) != zoneboard.ENotFound {
		t.Fatalf("deleting one that exists and one that does not: err = %v, want not_found", err)
	}
	if got, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{}); len(got) != 2 {
		t.Fatalf("a refused delete removed something: %d observations left", len(got))
	}
	if err := s.DeleteObservations(ctx, zoneboard.AuditNote{Actor: "editor"}, []zoneboard.ObservationKey{key}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{Units: []string{"370171"}}); len(got) != 0 {
		t.Errorf("the deleted observation is still there: %+v", got)
	}
	current, earlier, err := s.ObservationHistory(ctx, key)
	if err != nil || current != nil || len(earlier) != 1 || *earlier[0].Value != 1150.2 || earlier[0].ReplacedBy != "editor" {
		t.Errorf("history after the delete: %+v %+v %v", current, earlier, err)
	}
	var deleted []zoneboard.Figures
	if _, err := s.ScanFigures(ctx, before.Latest, func(f zoneboard.Figures) error { deleted = append(deleted, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(deleted) != 1 || !deleted[0].Deleted || deleted[0].Unit != "370171" || deleted[0].Period != key.Period {
		t.Errorf("the scan after the delete: %+v", deleted)
	}
	mustApply(t, s, zoneboard.Batch{Actor: "editor", Observations: b.Observations[:1]})
	var again []zoneboard.Figures
	s.ScanFigures(ctx, before.Latest, func(f zoneboard.Figures) error { again = append(again, f); return nil })
	if len(again) != 1 || again[0].Deleted || again[0].Value != 1150.2 {
		t.Errorf("written again after the delete, the scan gives %+v", again)
	}
}
