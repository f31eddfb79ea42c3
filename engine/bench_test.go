package engine_test

import (
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/period"
	"zoneboard/synthetic"
)

// benchObservations is 10^6, or ZONEBOARD_BENCH_OBSERVATIONS (e.g. 10000000).
func benchObservations() int {
	if n, err := strconv.Atoi(os.Getenv("ZONEBOARD_BENCH_OBSERVATIONS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

var bench struct {
	once   sync.Once
	source *synthetic.Source
	engine *engine.Engine
	bytes  float64
}

// loaded builds the engine once for all benchmarks and measures its memory.
func loaded(b *testing.B) (*synthetic.Source, *engine.Engine) {
	bench.once.Do(func() {
		bench.source = &synthetic.Source{Shape: synthetic.ForObservations(benchObservations(), 1)}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		e, err := engine.New(ctx, bench.source)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		bench.engine = e
		bench.bytes = float64(after.HeapAlloc-before.HeapAlloc) / float64(e.Observations())
	})
	return bench.source, bench.engine
}

// dashboard is one district, its siblings and city, 30 indicators, the current period and the one before.
func dashboard(shape synthetic.Shape) engine.Query {
	q := engine.Query{Units: []string{synthetic.UnitCode(1)}}
	for i := 0; i < 30; i++ {
		q.Indicators = append(q.Indicators, synthetic.IndicatorCode(i))
	}
	last := shape.FirstYear + shape.Years - 1
	q.Periods = []period.Period{period.YearToDate(last, 6), period.YearToDate(last, 5)}
	return q
}

func BenchmarkLoad(b *testing.B) {
	shape := synthetic.ForObservations(benchObservations(), 1)
	for i := 0; i < b.N; i++ {
		if _, err := engine.New(ctx, &synthetic.Source{Shape: shape}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(shape.Rows()), "observations")
}

func BenchmarkMemoryPerObservation(b *testing.B) {
	_, e := loaded(b)
	b.ReportMetric(bench.bytes, "bytes/observation")
	b.ReportMetric(float64(e.Observations()), "observations")
}

func BenchmarkDashboardQuery(b *testing.B) {
	src, e := loaded(b)
	q := dashboard(src.Shape)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rows, err := e.Query(ctx, q)
		if err != nil || len(rows) != 60 {
			b.Fatalf("%v, %d rows", err, len(rows))
		}
	}
}

func BenchmarkFullTableQuery(b *testing.B) {
	_, e := loaded(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := e.Each(ctx, engine.Query{}, func(r *engine.Row) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != e.Observations() {
			b.Fatalf("%d rows, want %d", n, e.Observations())
		}
	}
	b.ReportMetric(float64(e.Observations()), "rows")
}

// BenchmarkWriteToVisibility writes a figure to the source and runs the query that shows it.
func BenchmarkWriteToVisibility(b *testing.B) {
	src, e := loaded(b)
	p := period.YearToDate(src.FirstYear+src.Years-1, 12)
	q := engine.Query{Units: []string{synthetic.UnitCode(1)}, Indicators: []string{synthetic.IndicatorCode(0)}, Periods: []period.Period{p}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := float64(100000 + i)
		src.Write(zoneboard.Figures{Unit: synthetic.UnitCode(1), Indicator: synthetic.IndicatorCode(0), Period: p, Value: v, Growth: 1})
		rows, err := e.Query(ctx, q)
		if err != nil || rows[0].Value != v {
			b.Fatalf("the write is not visible: %v %v", err, rows)
		}
	}
}
