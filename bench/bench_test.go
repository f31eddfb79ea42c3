package main

import (
	"context"
	"testing"

	"zoneboard/synthetic"
)

// TestEnginesAgreeOnASmallProvince runs the three engines on a province of two cities and
// checks that the SQL computes what the engine does, row for row on the sample.
func TestEnginesAgreeOnASmallProvince(t *testing.T) {
	ctx := context.Background()
	shape := synthetic.ForObservations(120000, 7) // 18 units: two cities, one with 15 districts, one with 1
	sample := sampleKeys(shape, 500)
	var measured []measurement
	for _, name := range []string{"zoneboard", "duckdb", "sqlite"} {
		m, err := measure(ctx, newSystem(name), shape, 1, sample)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.rows != shape.Rows() {
			t.Errorf("%s: %d rows, want %d", name, m.rows, shape.Rows())
		}
		measured = append(measured, m)
	}
	if n := compareAll(measured, len(sample)); n != 0 {
		t.Errorf("%d mismatches", n)
	}
}
