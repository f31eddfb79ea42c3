package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"zoneboard/internal/safecsv"

	"zoneboard"
	"zoneboard/brief"
	"zoneboard/catalog"
	"zoneboard/dashboard"
	"zoneboard/engine"
	"zoneboard/msg"
	"zoneboard/period"
)

// runDashboard prints what the dashboard (总览) of a unit shows: its period, its lead and a
// row per card, as the web page composes them.
func (m *Main) runDashboard(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("dashboard", "--unit U [--period P] [--lang zh|en] [--format text|csv|json]")
	unit := fs.String("unit", "", "the unit, by code or name")
	periodText := fs.String("period", "", "the period; without it, the latest with the headline figures, cumulative before single months")
	lang := &m.lang // --lang, else $ZONEBOARD_LANG, else zh
	format := fs.String("format", "text", "text, csv or json")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments_use_flags", "command", "dashboard")
	}
	if *unit == "" {
		return badUsage("cli.needs", "command", "dashboard", "flags", []string{"--unit"})
	}
	if *format != "text" && *format != "csv" && *format != "json" {
		return badUsage("cli.flag_value", "command", "dashboard", "flag", "--format", "choices", "text, csv, json", "value", msg.Quoted(*format))
	}
	var p period.Period
	if *periodText != "" {
		var err error
		if p, err = period.Parse(*periodText); err != nil {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.flag", "flag", "--period", "error", err)
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
	tpl, err := brief.SavedTemplate(ctx, db, nil)
	if err != nil {
		return err
	}
	d, err := (&dashboard.Builder{Engine: eng, Store: db, Template: tpl}).Build(ctx, *unit, p, *lang)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		return m.printJSON(d)
	case "csv":
		w := safecsv.NewWriter(m.Stdout)
		w.Write([]string{"period", "indicator", "name", "unit", "value", "growth", "ref_value", "ref_growth", "share_of_ref", "gap_pp", "multiple", "rank_by_value", "rank_by_growth", "peers"})
		for _, c := range d.Cards {
			def := zoneboard.Indicator{Decimals: c.Decimals}
			w.Write([]string{d.Period, c.Indicator, c.Name, c.Measure, value(def, c.Value), rate(c.Growth), value(def, c.RefValue),
				rate(c.RefGrowth), rate(c.ShareOfRef), rate(c.GapPP), rate(c.Multiple), place(c.RankByValue), place(c.RankByGrowth), strconv.Itoa(c.Peers)})
		}
		w.Flush()
		return w.Error()
	}
	name := d.Unit.Name
	if *lang == brief.English && d.Unit.NameEn != "" {
		name = d.Unit.NameEn
	}
	fmt.Fprintf(m.Stdout, "%s %s\n\n", name, d.PeriodName)
	if d.Lead != "" {
		fmt.Fprintf(m.Stdout, "%s\n\n", d.Lead)
	}
	if len(d.Cards) == 0 {
		m.say(m.Stdout, "cli.dashboard_no_figures")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, msg.New("cli.dashboard_columns").In(*lang)+"\t")
	for _, c := range d.Cards {
		def := zoneboard.Indicator{Decimals: c.Decimals}
		cardName := c.Name
		if *lang == brief.English && c.NameEn != "" {
			cardName = c.NameEn
		}
		level := value(def, c.Value)
		if level != "" {
			level += " " + c.Measure
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s/%s\t\n", cardName, level, rate(c.Growth),
			rate(c.ShareOfRef), place(c.RankByValue), place(c.RankByGrowth))
	}
	return tw.Flush()
}

func value(def zoneboard.Indicator, x *float64) string {
	if x == nil {
		return ""
	}
	return def.FormatValue(*x)
}

func rate(x *float64) string {
	if x == nil {
		return ""
	}
	return zoneboard.FormatRate(*x)
}

func place(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// runIndicators lists the zone's indicators with the catalogue entry each is matched to and
// its measure, or with --catalog the catalogue itself.
func (m *Main) runIndicators(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("indicators", "[--catalog] [--format table|csv|json]")
	showCatalog := fs.Bool("catalog", false, "list the built-in catalogue of standard bulletin indicators")
	format := fs.String("format", "table", "table, csv or json")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments_use_flags", "command", "indicators")
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return badUsage("cli.flag_value", "command", "indicators", "flag", "--format", "choices", "table, csv, json", "value", msg.Quoted(*format))
	}
	var header []string
	var rows [][]string
	columns := msg.New("cli.indicators_columns") // the table's headers in the reader's language; CSV keeps the keys
	if *showCatalog {
		entries := catalog.Entries()
		if *format == "json" {
			return m.printJSON(entries)
		}
		columns = msg.New("cli.catalog_columns")
		header = []string{"key", "name", "name_en", "aliases", "theme", "unit", "frequency", "cumulative", "price_basis", "better", "measure", "decimals"}
		for _, e := range entries {
			theme := e.Theme
			if t, ok := catalog.ThemeOf(e.Theme); ok {
				theme = t.Title
			}
			rows = append(rows, []string{e.Key, e.Name, e.NameEn, strings.Join(e.Aliases, "|"), theme, e.Unit, string(e.Frequency),
				yesNo(e.Cumulative), e.PriceBasis, e.Better, e.Measure, strconv.Itoa(e.Decimals)})
		}
	} else {
		db, err := m.open(ctx, *dbFlag)
		if err != nil {
			return err
		}
		defer db.Close()
		indicators, err := db.FindIndicators(ctx, zoneboard.IndicatorFilter{})
		if err != nil {
			return err
		}
		if *format == "json" {
			type listed struct {
				zoneboard.Indicator
				CatalogEntry string `json:"catalog_entry"`
				MeasureOf    string `json:"measure_of"`
			}
			out := make([]listed, len(indicators))
			for i, ind := range indicators {
				out[i] = listed{Indicator: ind, MeasureOf: ind.MeasureOf()}
				if e, ok := catalog.Match(ind); ok {
					out[i].CatalogEntry = e.Key
				}
			}
			return m.printJSON(out)
		}
		header = []string{"code", "name", "unit", "frequency", "measure", "catalog"}
		for _, ind := range indicators {
			entry := ""
			if e, ok := catalog.Match(ind); ok {
				entry = e.Key + " " + e.Name
			}
			rows = append(rows, []string{ind.Code, ind.Name, ind.Unit, string(ind.Frequency), ind.MeasureOf(), entry})
		}
	}
	if *format == "csv" {
		w := safecsv.NewWriter(m.Stdout)
		w.Write(header)
		w.WriteAll(rows)
		return w.Error()
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, columns.In(m.lang)+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
	}
	return tw.Flush()
}
