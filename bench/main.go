// Command bench compares zoneboard's comparison engine with DuckDB and SQLite running the
// equivalent SQL, in one process and on the same synthetic data: the time to load the
// observations, the time of the full-table query (every comparison column of every
// observation), the rows, the peak memory, and whether the three agree on a sample of rows.
//
// It is a module of its own so that the product never links DuckDB.
//
//	cd bench && go run . -observations 1000000,10000000
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"zoneboard/synthetic"
)

func main() {
	log.SetFlags(0)
	sizes := flag.String("observations", "1000000,10000000", "comma-separated numbers of observations")
	seed := flag.Uint64("seed", 1, "seed of the synthetic data")
	engines := flag.String("engines", "zoneboard,duckdb,sqlite", "comma-separated engines to run: zoneboard, duckdb, sqlite")
	sqliteMax := flag.Int("sqlite-max", 2_000_000, "skip SQLite above this many observations")
	runs := flag.Int("runs", 3, "times each full-table query runs")
	sampleSize := flag.Int("sample", 1000, "rows compared between the engines")
	flag.Parse()

	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			log.Fatalf("bench: %q is not a number of observations", s)
		}
		ns = append(ns, n)
	}
	chosen := strings.Split(*engines, ",")
	for _, name := range chosen {
		if !slices.Contains([]string{"zoneboard", "duckdb", "sqlite"}, name) {
			log.Fatalf("bench: unknown engine %q; the engines are zoneboard, duckdb, sqlite", name)
		}
	}
	if *runs < 1 {
		log.Fatal("bench: -runs must be at least 1")
	}

	ctx := context.Background()
	printMachine(ctx)
	printLoad("at the start")
	var all []measurement
	mismatches := 0
	for _, n := range ns {
		shape := synthetic.ForObservations(n, *seed)
		fmt.Printf("\n## %d observations asked: %d units below the province, %d indicators, %d years, %d observations\n\n",
			n, shape.Units, shape.Indicators, shape.Years, shape.Rows())
		sample := sampleKeys(shape, *sampleSize)
		var measured []measurement
		for _, name := range chosen {
			if name == "sqlite" && shape.Rows() > *sqliteMax {
				fmt.Printf("sqlite: skipped at %d observations (above -sqlite-max %d)\n", shape.Rows(), *sqliteMax)
				continue
			}
			m, err := measure(ctx, newSystem(name), shape, *runs, sample)
			if err != nil {
				log.Fatalf("bench: %s at %d observations: %v", name, shape.Rows(), err)
			}
			fmt.Printf("%s: load %.2f s, query best %.2f s, median %.2f s, %d rows, peak RSS %.2f GiB\n",
				m.engine, m.load.Seconds(), m.best().Seconds(), m.median().Seconds(), m.rows, gib(m.peakRSS))
			if len(m.inEngine) > 0 {
				fmt.Printf("%s: the same query into a temporary table, no rows to Go: best %.2f s, median %.2f s\n",
					m.engine, slices.Min(m.inEngine).Seconds(), medianOf(m.inEngine).Seconds())
			}
			measured = append(measured, m)
		}
		mismatches += compareAll(measured, len(sample))
		all = append(all, measured...)
	}
	fmt.Println()
	printLoad("at the end")
	fmt.Println()
	printTable(all)
	fmt.Printf("\nmismatches in total: %d\n", mismatches)
	if mismatches > 0 {
		os.Exit(1)
	}
}

// system is one engine under test: it loads a shape, then runs the full-table query, handing
// each row's key and comparison columns to fn.
type system interface {
	name() string
	load(ctx context.Context, shape synthetic.Shape) error
	query(ctx context.Context, fn func(key, *result)) (rows int, err error)
	close() error
}

// inEngineQuerier is a system that can also run the full-table query without handing its rows
// to Go, which tells the database's own time from the cost of database/sql.
type inEngineQuerier interface {
	queryInEngine(ctx context.Context) error
}

func newSystem(name string) system {
	switch name {
	case "duckdb":
		return &duckDB{}
	case "sqlite":
		return &sqlite{}
	}
	return &zoneboardEngine{}
}

// measurement is what one engine did at one size.
type measurement struct {
	engine       string
	observations int
	load         time.Duration
	queries      []time.Duration
	rows         int
	peakRSS      int64
	sample       map[key]result
	// inEngine is the times of the query kept inside the database, for the systems that can.
	inEngine []time.Duration
}

func (m measurement) best() time.Duration { return slices.Min(m.queries) }

func (m measurement) median() time.Duration { return medianOf(m.queries) }

func medianOf(times []time.Duration) time.Duration {
	sorted := slices.Sorted(slices.Values(times))
	return sorted[len(sorted)/2]
}

// measure loads the shape into the system, times its full-table query, and then runs it once
// more, untimed, to collect the sampled rows: picking them out costs a map look-up per row,
// which the timed runs should not carry.
func measure(ctx context.Context, s system, shape synthetic.Shape, runs int, sample map[key]bool) (measurement, error) {
	m := measurement{engine: s.name(), observations: shape.Rows(), sample: map[key]result{}}
	releaseMemory()
	resetPeakRSS()
	defer releaseMemory()
	start := time.Now()
	err := s.load(ctx, shape)
	m.load = time.Since(start)
	if err == nil {
		err = timeQueries(ctx, s, runs, sample, &m)
	}
	m.peakRSS = peakRSS()
	if closeErr := s.close(); err == nil {
		err = closeErr
	}
	return m, err
}

func timeQueries(ctx context.Context, s system, runs int, sample map[key]bool, m *measurement) error {
	for range runs {
		start := time.Now()
		rows, err := s.query(ctx, func(key, *result) {})
		if err != nil {
			return fmt.Errorf("query: %w", err)
		}
		m.queries = append(m.queries, time.Since(start))
		m.rows = rows
	}
	_, err := s.query(ctx, func(k key, r *result) {
		if sample[k] {
			m.sample[k] = *r
		}
	})
	if err != nil {
		return fmt.Errorf("sampling query: %w", err)
	}
	if q, ok := s.(inEngineQuerier); ok {
		for range runs {
			start := time.Now()
			if err := q.queryInEngine(ctx); err != nil {
				return fmt.Errorf("in-engine query: %w", err)
			}
			m.inEngine = append(m.inEngine, time.Since(start))
		}
	}
	return nil
}

// releaseMemory returns the Go heap of the previous engine to the system, so that each
// engine's peak RSS is its own.
func releaseMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

func gib(bytes int64) float64 { return float64(bytes) / (1 << 30) }

// printTable prints the measurements as Markdown, each engine's query time also as a ratio
// to zoneboard's at the same size.
func printTable(all []measurement) {
	fmt.Println("| engine | observations | load s | query best s | query median s | rows | query ÷ zoneboard (best) | query ÷ zoneboard (median) | peak RSS GiB |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, m := range all {
		ratioBest, ratioMedian := "–", "–"
		for _, z := range all {
			if z.engine == "zoneboard" && z.observations == m.observations {
				ratioBest = fmt.Sprintf("%.1f", m.best().Seconds()/z.best().Seconds())
				ratioMedian = fmt.Sprintf("%.1f", m.median().Seconds()/z.median().Seconds())
			}
		}
		fmt.Printf("| %s | %d | %.2f | %.2f | %.2f | %d | %s | %s | %.2f |\n", m.engine, m.observations,
			m.load.Seconds(), m.best().Seconds(), m.median().Seconds(), m.rows, ratioBest, ratioMedian, gib(m.peakRSS))
	}
}
