package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/msg"
	"zoneboard/perf"
	"zoneboard/period"
	"zoneboard/sqlstore"
)

func (m *Main) runQuery(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("query", "--indicator I[,I...] --period P[,P...] [--unit U,...|--group G] [--ref R] [--peers G] [--format table|csv|json]")
	indicators := fs.String("indicator", "", "indicators, by code or name, comma-separated")
	periods := fs.String("period", "", "periods, comma-separated (2019, 2020-Q1, 2020年1-3月)")
	units := fs.String("unit", "", "units, by code or name, comma-separated (default: every unit with the figures)")
	group := fs.String("group", "", "a group whose members are the units")
	ref := fs.String("ref", "", "the reference unit (default: each unit's parent)")
	peers := fs.String("peers", "", "the group to rank in (default: each unit's siblings and itself)")
	format := fs.String("format", "table", "table, csv or json")
	extras := fs.String("extra", "", "extra columns, comma-separated: "+engine.ExtraColumnNames())
	base := fs.String("base", "", "the base period of ratio_to_base, base_value and implied_rate")
	total := fs.String("total", "", "the total indicator of pull_pp and contribution")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments_use_flags", "command", "query")
	}
	if *indicators == "" || *periods == "" {
		return badUsage("cli.needs", "command", "query", "flags", []string{"--indicator", "--period"})
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return badUsage("cli.flag_value", "command", "query", "flag", "--format", "choices", "table, csv, json", "value", msg.Quoted(*format))
	}
	if *units != "" && *group != "" {
		return badUsage("cli.unit_or_group")
	}
	q := engine.Query{Indicators: splitList(*indicators), Units: splitList(*units), Group: *group, Ref: *ref, Peers: *peers,
		Extras: splitList(*extras), Total: *total}
	var err error
	if q.Periods, err = parsePeriods("--period", *periods); err != nil {
		return err
	}
	if *base != "" {
		if q.Base, err = period.Parse(*base); err != nil {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.flag", "flag", "--base", "error", err)
		}
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	eng, err := engine.New(ctx, db)
	if err != nil {
		return err
	}
	rows, err := eng.Query(ctx, q)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return engine.WriteCSV(m.Stdout, rows, q.Extras)
	case "json":
		out := make([]json.RawMessage, len(rows))
		for i := range rows {
			out[i] = rows[i].JSON(q.Extras)
		}
		return m.printJSON(map[string]any{"rows": out})
	}
	return writeQueryTable(m, rows, q.Extras)
}

func parsePeriods(flagName, text string) ([]period.Period, error) {
	var out []period.Period
	for _, code := range splitList(text) {
		p, err := period.Parse(code)
		if err != nil {
			return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.flag", "flag", flagName, "error", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// writeQueryTable prints the rows for a person: numbers rounded as bulletins publish them
// (levels to the indicator's decimals, percentages and points to one decimal).
func writeQueryTable(m *Main, rows []engine.Row, extras []string) error {
	if len(rows) == 0 {
		fmt.Fprintln(m.Stdout, "no rows: no unit has these figures")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(append(append([]string(nil), engine.Columns...), extras...), "\t")+"\t")
	for i := range rows {
		r := &rows[i]
		cells := r.Values()
		def := zoneboard.Indicator{Decimals: r.Decimals}
		cells[4], cells[8] = def.FormatValue(r.Value), def.FormatValue(r.RefValue)
		for _, c := range []struct {
			at int
			x  float64
		}{{5, r.Growth}, {9, r.RefGrowth}, {10, r.ShareOfRef}, {11, r.GapPP}, {12, r.Multiple}} {
			cells[c.at] = zoneboard.FormatRate(c.x)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

func (m *Main) runCheck(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("check", "[--indicator I,...] [--period P,...] [--unit U,...] [--format table|csv|json]")
	indicators := fs.String("indicator", "", "indicators, by code or name (default: every additive indicator)")
	periods := fs.String("period", "", "periods (default: every period)")
	units := fs.String("unit", "", "parents to check (default: every unit with children)")
	format := fs.String("format", "table", "table, csv or json")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments_use_flags", "command", "check")
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return badUsage("cli.flag_value", "command", "check", "flag", "--format", "choices", "table, csv, json", "value", msg.Quoted(*format))
	}
	ps, err := parsePeriods("--period", *periods)
	if err != nil {
		return err
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	eng, err := engine.New(ctx, db)
	if err != nil {
		return err
	}
	checks, err := eng.Consistency(ctx, splitList(*units), splitList(*indicators), ps)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return engine.WriteChecksCSV(m.Stdout, checks)
	case "json":
		out := make([]map[string]string, len(checks))
		for i := range checks {
			out[i] = map[string]string{}
			for j, v := range checks[i].Values() {
				out[i][engine.CheckColumns[j]] = v
			}
		}
		return m.printJSON(map[string]any{"checks": out})
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(engine.CheckColumns, "\t"))
	for i := range checks {
		fmt.Fprintln(tw, strings.Join(checks[i].Values(), "\t"))
	}
	return tw.Flush()
}

func (m *Main) runBench(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("bench", "[--observations N] [--seed S] [--store sqlite|memory]")
	observations := fs.Int("observations", 1_000_000, "how many observations the synthetic province has")
	seed := fs.Uint64("seed", 1, "the seed of the synthetic data")
	storeKind := fs.String("store", "sqlite", "sqlite: write into a new database (--db, else a temporary file) and load from it; memory: measure the engine alone")
	clients := fs.Int("clients", 200, "concurrent clients of the dashboard endpoint's load test (0: none; needs --store sqlite)")
	duration := fs.Duration("duration", 30*time.Second, "how long the load test runs")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments", "command", "bench")
	}
	if *observations < 10000 || *observations > 200_000_000 {
		return badUsage("cli.bench_observations")
	}
	opts := perf.Options{Observations: *observations, Seed: *seed, Log: m.Stderr, HTTPClients: *clients, HTTPDuration: *duration}
	switch *storeKind {
	case "memory":
	case "sqlite":
		dsn := *dbFlag
		if dsn == "" {
			dir, err := os.MkdirTemp("", "zoneboard-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			dsn = filepath.Join(dir, "bench.db")
		}
		db, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		if latest, err := db.LatestChange(ctx); err != nil || latest.Latest > 0 {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.bench_database", "database", m.dsnForDisplay(dsn))
		}
		opts.Store = db
	default:
		return badUsage("cli.flag_choice", "command", "bench", "flag", "--store", "choices", "sqlite, memory")
	}
	report, err := perf.Run(ctx, opts)
	if err != nil {
		return err
	}
	report.Print(m.Stdout)
	return nil
}

func (m *Main) runLoadtest(ctx context.Context, args []string) error {
	fs, _ := m.flags("loadtest", "--url URL [--clients N] [--duration D] (the API token in $ZONEBOARD_TOKEN)")
	target := fs.String("url", "", "the address to GET, on this machine (http://127.0.0.1:8080/api/v1/dashboard?unit=370171&period=2019)")
	clients := fs.Int("clients", 200, "concurrent clients, each waiting for its answer before asking again")
	duration := fs.Duration("duration", 30*time.Second, "how long to run")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 || *target == "" {
		return badUsage("cli.loadtest_url")
	}
	if *clients < 1 || *clients > 10000 || *duration <= 0 || *duration > time.Hour {
		return badUsage("cli.loadtest_limits")
	}
	// The token comes from the environment, not a flag, so that it stays out of the
	// process list and the shell history.
	result, err := perf.Load(ctx, *target, m.Getenv("ZONEBOARD_TOKEN"), *clients, *duration)
	if err != nil {
		return zoneboard.Fail(zoneboard.EInvalid, "invalid", "error", err)
	}
	result.Print(m.Stdout, *target)
	if result.Errors > 0 {
		return zoneboard.Fail(zoneboard.EInvalid, "cli.load_test_failed", "failed", int(result.Errors), "requests", int(result.Requests), "first", result.FirstError)
	}
	return nil
}

// printJSON writes v as indented JSON with Chinese left as it is.
func (m *Main) printJSON(v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
