package storetest

import (
	"reflect"
	"strconv"
	"testing"

	"zoneboard"
)

// testBatchChanges checks that a batch's result lists each observation it would create or
// change, with what was stored before, and each definition it would create or change, and
// that a dry run lists the same as the write and writes nothing.
func testBatchChanges(t *testing.T, open Opener) {
	s := open(t)
	b := Base()
	b.Observations = []zoneboard.Observation{
		observation("370171", "gdp", "2020-Q1", zoneboard.Float(100), zoneboard.Float(5)),
		observation("370171", "gdp", "2020-H1", zoneboard.Float(210), zoneboard.Float(5.5)),
	}
	mustApply(t, s, b)

	next := zoneboard.Batch{
		Actor: "test",
		Units: []zoneboard.Unit{
			{Code: "370102", Name: "历下区(新)", NameEn: "Lixia District", Kind: zoneboard.KindDistrict, Parent: "3701"},
			{Code: "370103", Name: "市中区", Kind: zoneboard.KindDistrict, Parent: "3701"},
			{Code: "370171", Name: "济南高新区", NameEn: "Jinan High-tech Zone", Kind: zoneboard.KindZone, Parent: "3701"},
		},
		Observations: []zoneboard.Observation{
			observation("370171", "gdp", "2020-Q1", zoneboard.Float(110), zoneboard.Float(6)),
			observation("370171", "gdp", "2020-H1", zoneboard.Float(210), zoneboard.Float(5.5)),
			observation("370171", "gdp", "2020-Q3", zoneboard.Float(330), nil),
		},
	}
	wantObservations := []zoneboard.ObservationChange{
		{Unit: "370171", Indicator: "gdp", Period: next.Observations[0].Period,
			Before: &zoneboard.FigureVersion{Value: zoneboard.Float(100), Growth: zoneboard.Float(5), Status: zoneboard.StatusFinal, Source: "test"},
			After:  &zoneboard.FigureVersion{Value: zoneboard.Float(110), Growth: zoneboard.Float(6), Status: zoneboard.StatusFinal, Source: "test"}},
		{Unit: "370171", Indicator: "gdp", Period: next.Observations[2].Period,
			After: &zoneboard.FigureVersion{Value: zoneboard.Float(330), Status: zoneboard.StatusFinal, Source: "test"}},
	}
	wantDefinitions := []zoneboard.DefinitionChange{
		{Kind: zoneboard.DefinitionUnit, Code: "370102", Name: "历下区(新)"},
		{Kind: zoneboard.DefinitionUnit, Code: "370103", Name: "市中区", Created: true},
	}
	for _, dryRun := range []bool{true, false} {
		next.DryRun = dryRun
		r := mustApply(t, s, next)
		if r.Observations != (zoneboard.Counts{Created: 1, Updated: 1, Unchanged: 1}) {
			t.Errorf("dry run %v: counts = %+v", dryRun, r.Observations)
		}
		if !reflect.DeepEqual(r.ObservationChanges, wantObservations) {
			t.Errorf("dry run %v: observation changes =\n%s\nwant\n%s", dryRun, describeChanges(r.ObservationChanges), describeChanges(wantObservations))
		}
		if r.ObservationChangesOmitted() != 0 {
			t.Errorf("dry run %v: %d changes omitted, want none", dryRun, r.ObservationChangesOmitted())
		}
		if !reflect.DeepEqual(r.Definitions, wantDefinitions) {
			t.Errorf("dry run %v: definitions = %+v, want %+v", dryRun, r.Definitions, wantDefinitions)
		}
		if dryRun {
			got, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{Units: []string{"370171"}})
			if len(got) != 2 || *got[0].Value != 100 {
				t.Errorf("the dry run wrote: %+v", got)
			}
		}
	}
	again := mustApply(t, s, next)
	if len(again.ObservationChanges) != 0 || len(again.Definitions) != 0 {
		t.Errorf("a batch that changes nothing lists %+v and %+v", again.ObservationChanges, again.Definitions)
	}
}

func describeChanges(changes []zoneboard.ObservationChange) string {
	out := ""
	for _, c := range changes {
		out += c.Unit + " " + c.Indicator + " " + c.Period.String() + ": "
		for _, v := range []*zoneboard.FigureVersion{c.Before, c.After} {
			if v == nil {
				out += "none "
				continue
			}
			out += describeVersion(*v) + " "
		}
		out += "\n"
	}
	return out
}

func describeVersion(v zoneboard.FigureVersion) string {
	num := func(f *float64) string {
		if f == nil {
			return "-"
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	return "{" + num(v.Value) + " " + num(v.Growth) + " " + v.Status + " " + v.Source + " " + v.Note + "}"
}
