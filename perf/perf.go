// Package perf measures zoneboard at realistic and large scale for 'zoneboard bench': it fills a
// store with a seeded synthetic province, loads the comparison engine from it, and times the
// dashboard query, the full-table query and the time from a write to its visibility.
package perf

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"runtime"
	"slices"
	"time"

	"zoneboard"
	"zoneboard/api"
	"zoneboard/auth"
	"zoneboard/brief"
	"zoneboard/engine"
	"zoneboard/period"
	"zoneboard/synthetic"
)

// Store is what a measurement writes to and the engine reads from.
type Store interface {
	zoneboard.FigureReader
	zoneboard.BatchService
}

// Options say what to measure.
type Options struct {
	Observations int
	Seed         uint64
	// Store receives the data; nil measures the engine over the synthetic source alone.
	Store Store
	// Log receives progress lines.
	Log io.Writer
	// HTTPClients, when above 0 and Store is a whole store, serves the API on a loopback port
	// and loads GET /api/v1/dashboard from that many clients for HTTPDuration.
	HTTPClients  int
	HTTPDuration time.Duration
}

// Report holds the figures measured.
type Report struct {
	Observations        int
	Units, Indicators   int
	Store               string
	WriteSeconds        float64
	LoadSeconds         float64
	BytesPerObservation float64
	Dashboard           Timing
	FullTable           Timing
	FullTableRows       int
	WriteToVisible      Timing
	CPUs                int
	// DashboardHTTP is one client's GET /api/v1/dashboard; Load is many clients' at once.
	DashboardHTTP Timing
	Load          *LoadResult
	LoadTarget    string
}

// Timing summarises repeated runs.
type Timing struct {
	Runs              int
	Best, Median, P99 time.Duration
}

func summarise(samples []time.Duration) Timing {
	slices.Sort(samples)
	n := len(samples)
	return Timing{Runs: n, Best: samples[0], Median: samples[n/2], P99: samples[min(n-1, int(math.Ceil(float64(n)*0.99))-1)]}
}

// Run fills the store, loads the engine and times the queries.
func Run(ctx context.Context, opts Options) (*Report, error) {
	shape := synthetic.ForObservations(opts.Observations, opts.Seed)
	r := &Report{Observations: shape.Rows(), Units: shape.Units + 1, Indicators: shape.Indicators, CPUs: runtime.NumCPU(), Store: "synthetic source"}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format+"\n", args...)
		}
	}
	var source zoneboard.FigureReader = &synthetic.Source{Shape: shape}
	if opts.Store != nil {
		r.Store = "store"
		logf("writing %d observations to the store...", shape.Rows())
		start := time.Now()
		if err := fill(ctx, opts.Store, shape); err != nil {
			return nil, err
		}
		r.WriteSeconds = time.Since(start).Seconds()
		source = opts.Store
	}

	logf("loading the engine...")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	e, err := engine.New(ctx, source)
	if err != nil {
		return nil, err
	}
	r.LoadSeconds = time.Since(start).Seconds()
	runtime.GC()
	runtime.ReadMemStats(&after)
	r.BytesPerObservation = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(e.Observations())

	logf("timing the dashboard query...")
	dash := Dashboard(shape)
	var samples []time.Duration
	for i := 0; i < 200; i++ {
		start := time.Now()
		rows, err := e.Query(ctx, dash)
		if err != nil {
			return nil, err
		}
		if len(rows) != 60 {
			return nil, fmt.Errorf("perf: the dashboard query gave %d rows, want 60", len(rows))
		}
		samples = append(samples, time.Since(start))
	}
	r.Dashboard = summarise(samples)

	logf("timing the full-table query...")
	samples = samples[:0]
	for i := 0; i < 3; i++ {
		start := time.Now()
		n := 0
		if err := e.Each(ctx, engine.Query{}, func(*engine.Row) error { n++; return nil }); err != nil {
			return nil, err
		}
		samples = append(samples, time.Since(start))
		r.FullTableRows = n
	}
	r.FullTable = summarise(samples)

	logf("timing writes until they are visible...")
	samples = samples[:0]
	last := period.YearToDate(shape.FirstYear+shape.Years-1, 12)
	probe := engine.Query{Units: []string{synthetic.UnitCode(1)}, Indicators: []string{synthetic.IndicatorCode(0)}, Periods: []period.Period{last}}
	for i := 0; i < 50; i++ {
		value := 100000 + float64(i)
		start := time.Now()
		if err := write(ctx, opts.Store, source, synthetic.UnitCode(1), synthetic.IndicatorCode(0), last, value); err != nil {
			return nil, err
		}
		rows, err := e.Query(ctx, probe)
		if err != nil {
			return nil, err
		}
		if rows[0].Value != value {
			return nil, fmt.Errorf("perf: a write of %v was not visible to the next query (%v)", value, rows[0].Value)
		}
		samples = append(samples, time.Since(start))
	}
	r.WriteToVisible = summarise(samples)
	if store, ok := opts.Store.(zoneboard.Store); ok && opts.HTTPClients > 0 {
		if err := r.serveAndLoad(ctx, store, e, shape, opts, logf); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// serveAndLoad serves the API over the store on a loopback port and times the dashboard
// endpoint, alone and under load.
func (r *Report) serveAndLoad(ctx context.Context, store zoneboard.Store, e *engine.Engine, shape synthetic.Shape, opts Options, logf func(string, ...any)) error {
	tpl := &brief.Template{Title: "{unit}{period}", TitleEn: "{unit} {period}", RankTop: 3, ChangeThreshold: 1,
		Lead: brief.Lead{Indicators: []string{synthetic.IndicatorCode(0)}}}
	for s := 0; s < 6; s++ {
		section := brief.Section{Title: fmt.Sprintf("第%d部分", s+1), TitleEn: fmt.Sprintf("Part %d", s+1)}
		for i := 0; i < 5; i++ {
			section.Indicators = append(section.Indicators, synthetic.IndicatorCode(s*5+i))
		}
		tpl.Sections = append(tpl.Sections, section)
	}
	// The load signs in as a viewer with an API token, as a script would, so that finding
	// the caller is part of every timed request.
	service := &auth.Service{Store: store, Units: e}
	hash, err := auth.HashPassword("bench-viewer-password")
	if err != nil {
		return err
	}
	benchUser := zoneboard.User{Name: "bench-viewer", Role: zoneboard.RoleViewer}
	if _, err := store.SaveUser(ctx, benchUser, hash, zoneboard.AuditNote{Actor: "bench", Action: zoneboard.ActionUserCreate}); err != nil {
		return err
	}
	_, token, err := service.CreateToken(ctx, benchUser.Name, "load test", 1, zoneboard.AuditNote{Actor: "bench"})
	if err != nil {
		return err
	}
	srv := &api.Server{Store: store, Engine: e, Auth: service, BriefTemplate: tpl}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go server.Serve(ln)
	defer server.Close()
	target := fmt.Sprintf("http://%s/api/v1/dashboard?unit=%s&period=%d-H1", ln.Addr(), synthetic.UnitCode(1), shape.FirstYear+shape.Years-1)
	r.LoadTarget = "GET /api/v1/dashboard (30 indicators)"
	logf("timing the dashboard endpoint...")
	var samples []time.Duration
	for i := 0; i < 100; i++ {
		start := time.Now()
		resp, err := get(ctx, http.DefaultClient, target, token)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("perf: the dashboard endpoint answered %d", resp.StatusCode)
		}
		samples = append(samples, time.Since(start))
	}
	r.DashboardHTTP = summarise(samples)
	logf("loading the dashboard endpoint with %d clients for %s...", opts.HTTPClients, opts.HTTPDuration)
	r.Load, err = Load(ctx, target, token, opts.HTTPClients, opts.HTTPDuration)
	return err
}

// Dashboard is the query of a dashboard: one district with its siblings and city, 30
// indicators, the latest half year and the period before it, every column.
func Dashboard(shape synthetic.Shape) engine.Query {
	q := engine.Query{Units: []string{synthetic.UnitCode(1)}}
	for i := 0; i < 30 && i < shape.Indicators; i++ {
		q.Indicators = append(q.Indicators, synthetic.IndicatorCode(i))
	}
	last := shape.FirstYear + shape.Years - 1
	q.Periods = []period.Period{period.YearToDate(last, 6), period.YearToDate(last, 5)}
	return q
}

// fill writes the shape into the store in batches of half a million observations.
func fill(ctx context.Context, store Store, shape synthetic.Shape) error {
	if _, err := store.ApplyBatch(ctx, zoneboard.Batch{Actor: "bench", Units: shape.UnitList(), Indicators: shape.IndicatorList(), Groups: shape.Groups()}); err != nil {
		return err
	}
	const batchSize = 500000
	batch := make([]zoneboard.Observation, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := store.ApplyBatch(ctx, zoneboard.Batch{Actor: "bench", Observations: batch})
		batch = batch[:0]
		return err
	}
	err := shape.Figures(func(f zoneboard.Figures) error {
		o := zoneboard.Observation{ObservationKey: zoneboard.ObservationKey{Unit: f.Unit, Indicator: f.Indicator, Period: f.Period}}
		if !math.IsNaN(f.Value) {
			o.Value = zoneboard.Float(f.Value)
		}
		if !math.IsNaN(f.Growth) {
			o.Growth = zoneboard.Float(f.Growth)
		}
		batch = append(batch, o)
		if len(batch) == batchSize {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// write changes one figure through the store, or through the synthetic source.
func write(ctx context.Context, store Store, source zoneboard.FigureReader, unit, indicator string, p period.Period, value float64) error {
	if store == nil {
		source.(*synthetic.Source).Write(zoneboard.Figures{Unit: unit, Indicator: indicator, Period: p, Value: value, Growth: 1})
		return nil
	}
	_, err := store.ApplyBatch(ctx, zoneboard.Batch{Actor: "bench", Observations: []zoneboard.Observation{{
		ObservationKey: zoneboard.ObservationKey{Unit: unit, Indicator: indicator, Period: p}, Value: zoneboard.Float(value), Growth: zoneboard.Float(1)}}})
	return err
}

// Print writes the report as a Markdown table.
func (r *Report) Print(w io.Writer) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "zoneboard bench: %d observations (%d units x %d indicators x monthly year-to-date), %s, %d CPUs\n\n",
		r.Observations, r.Units, r.Indicators, r.Store, r.CPUs)
	fmt.Fprintln(w, "| measure | result |")
	fmt.Fprintln(w, "|---|---|")
	if r.WriteSeconds > 0 {
		fmt.Fprintf(w, "| writing the observations to the store | %.1f s (%.0f rows/s) |\n", r.WriteSeconds, float64(r.Observations)/r.WriteSeconds)
	}
	fmt.Fprintf(w, "| loading the engine | %.1f s |\n", r.LoadSeconds)
	fmt.Fprintf(w, "| engine memory per observation | %.1f bytes |\n", r.BytesPerObservation)
	fmt.Fprintf(w, "| dashboard query (1 unit, its peers and parent, 30 indicators, 2 periods; %d runs) | median %s, p99 %s |\n",
		r.Dashboard.Runs, ms(r.Dashboard.Median), ms(r.Dashboard.P99))
	fmt.Fprintf(w, "| full-table query (%d rows, every column; %d runs) | best %.2f s, median %.2f s |\n",
		r.FullTableRows, r.FullTable.Runs, r.FullTable.Best.Seconds(), r.FullTable.Median.Seconds())
	fmt.Fprintf(w, "| write to visibility (write one figure, next query shows it; %d runs) | median %s, p99 %s |\n",
		r.WriteToVisible.Runs, ms(r.WriteToVisible.Median), ms(r.WriteToVisible.P99))
	if r.DashboardHTTP.Runs > 0 {
		fmt.Fprintf(w, "| %s, one client (%d runs) | median %s, p99 %s |\n", r.LoadTarget, r.DashboardHTTP.Runs,
			ms(r.DashboardHTTP.Median), ms(r.DashboardHTTP.P99))
	}
	if r.Load != nil {
		r.Load.Print(w, r.LoadTarget)
	}
}
