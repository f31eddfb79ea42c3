package storetest

import (
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/period"
)

// testTexts: a NUL or another control character, invalid UTF-8 or an over-long text gets the
// same clear refusal on every store (PostgreSQL alone would fail on a NUL with an internal
// error, SQLite would keep it), naming the record and the field, and nothing is written.
func testTexts(t *testing.T, open Opener) {
	s := open(t)
	mustApply(t, s, Base())
	v := 1.0
	cases := []struct {
		name  string
		batch func(b *zoneboard.Batch)
		want  string
	}{
		{"NUL in a name", func(b *zoneboard.Batch) { b.Units[0].Name = "济南\x00高新区" }, "unit 370171: name holds the control character U+0000"},
		{"escape in an English name", func(b *zoneboard.Batch) { b.Indicators[0].NameEn = "GDP\x1b[31m" }, "indicator gdp: name_en holds the control character U+001B"},
		{"invalid UTF-8 in a group name", func(b *zoneboard.Batch) { b.Groups[0].Name = "\xff\xfe" }, "group peers: name is not valid UTF-8"},
		{"NUL in a note", func(b *zoneboard.Batch) {
			b.Observations = []zoneboard.Observation{{ObservationKey: zoneboard.ObservationKey{Unit: "370171", Indicator: "gdp", Period: period.MustParse("2020")},
				Value: &v, Note: "a\x00b"}}
		}, "observation 370171 gdp 2020: note holds the control character U+0000"},
		{"an over-long source", func(b *zoneboard.Batch) {
			b.Observations = []zoneboard.Observation{{ObservationKey: zoneboard.ObservationKey{Unit: "370171", Indicator: "gdp", Period: period.MustParse("2020")},
				Value: &v, Source: strings.Repeat("统", zoneboard.MaxTextLength+1)}}
		}, "observation 370171 gdp 2020: source has 4001 characters, more than the 4000 allowed"},
	}
	for _, c := range cases {
		b := Base()
		c.batch(&b)
		_, err := s.ApplyBatch(ctx, b)
		if zoneboard.ErrorCode(err) != zoneboard.EInvalid || !strings.Contains(zoneboard.ErrorMessage(err), c.want) {
			t.Errorf("%s: %v, want invalid with %q", c.name, err, c.want)
		}
	}
	if obs, _ := s.FindObservations(ctx, zoneboard.ObservationFilter{}); len(obs) != 0 {
		t.Errorf("refused batches wrote %d observations", len(obs))
	}
	// Tabs and line breaks are text, not control.
	b := Base()
	b.Observations = []zoneboard.Observation{{ObservationKey: zoneboard.ObservationKey{Unit: "370171", Indicator: "gdp", Period: period.MustParse("2020")},
		Value: &v, Note: "第一行\n第二行\t完"}}
	mustApply(t, s, b)
	if _, err := s.ApplyPlan(ctx, zoneboard.PlanBatch{Actor: "test", Goals: []zoneboard.Goal{{Code: "G", Name: "目标\x00"}}}); zoneboard.ErrorCode(err) != zoneboard.EInvalid ||
		!strings.Contains(zoneboard.ErrorMessage(err), "goal G: name holds the control character") {
		t.Errorf("a plan goal with a NUL: %v", err)
	}
}
