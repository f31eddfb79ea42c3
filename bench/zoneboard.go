package main

import (
	"context"

	"zoneboard/engine"
	"zoneboard/synthetic"
)

// zoneboardEngine is the product's engine over the synthetic source, which generates the
// figures as the engine scans them.
type zoneboardEngine struct {
	e *engine.Engine
}

func (z *zoneboardEngine) name() string { return "zoneboard" }

func (z *zoneboardEngine) load(ctx context.Context, shape synthetic.Shape) error {
	e, err := engine.New(ctx, &synthetic.Source{Shape: shape})
	z.e = e
	return err
}

func (z *zoneboardEngine) query(ctx context.Context, fn func(key, *result)) (int, error) {
	n := 0
	var r result
	err := z.e.Each(ctx, engine.Query{}, func(row *engine.Row) error {
		n++
		r = result{value: row.Value, growth: row.Growth, refValue: row.RefValue, refGrowth: row.RefGrowth,
			shareOfRef: row.ShareOfRef, gapPP: row.GapPP, multiple: row.Multiple,
			rankByValue: row.RankByValue, rankByGrowth: row.RankByGrowth, peers: row.Peers}
		fn(key{row.Unit, row.Indicator, row.Period.Year, row.Period.First, row.Period.Last}, &r)
		return nil
	})
	return n, err
}

func (z *zoneboardEngine) close() error {
	z.e = nil
	return nil
}
