package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"zoneboard"
	"zoneboard/api"
	"zoneboard/auth"
	"zoneboard/demo"
	"zoneboard/engine"
	"zoneboard/ingest"
	"zoneboard/msg"
	"zoneboard/period"
	"zoneboard/plan"
	"zoneboard/sqlstore"
	"zoneboard/ui"
)

func (m *Main) open(ctx context.Context, dsnFlag string) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, m.dsn(dsnFlag))
	if err != nil {
		if zoneboard.ErrorCode(err) != zoneboard.EInternal {
			return nil, err
		}
		return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_open_database", "error", err)
	}
	return db, nil
}

func (m *Main) runMigrate(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("migrate", "[--db PATH]")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments", "command", "migrate")
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	m.say(m.Stdout, "cli.database_up_to_date", "dialect", db.Dialect())
	return nil
}

func (m *Main) runImport(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("import", "[--dry-run] [--changes N|all] FILE...")
	dryRun := fs.Bool("dry-run", false, "validate and report what would change; write nothing")
	changesFlag := fs.String("changes", "", "list this many observations that change, old → new, or all (default: 50 for a dry run, none for an import)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	listed := 0
	if *dryRun {
		listed = 50
	}
	switch *changesFlag {
	case "":
	case "all":
		listed = -1
	default:
		n, err := strconv.Atoi(*changesFlag)
		if err != nil || n < 0 {
			return badUsage("cli.import_changes", "value", msg.Quoted(*changesFlag))
		}
		listed = n
	}
	if len(paths) == 0 {
		return badUsage("cli.import_needs_file")
	}
	var files []ingest.File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_read", "file", p, "error", cause(err))
		}
		files = append(files, ingest.File{Name: p, Data: b})
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := (&ingest.Importer{Store: db}).Import(ctx, files, ingest.Options{DryRun: *dryRun, Actor: m.actor(),
		Audit: zoneboard.AuditNote{Source: strings.Join(paths, ", ")}})
	if err != nil {
		return err
	}
	m.printReport(report)
	m.printChanges(report, listed)
	return nil
}

// actor is the operating-system user running the CLI, recorded with each write as cli:NAME so
// that it is never taken for a user of the application.
// actor names who runs the command in the audit log: the operating system's user, from the
// environment, else from the account database, else by user id. Never a bare "cli", which
// would say nothing of who wrote (cron jobs and containers often run without $USER).
func (m *Main) actor() string {
	for _, name := range []string{"USER", "LOGNAME"} {
		if u := m.Getenv(name); u != "" {
			return "cli:" + u
		}
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli:uid-" + strconv.Itoa(os.Getuid())
}

func (m *Main) printReport(r *ingest.Report) {
	for _, f := range r.Files {
		kinds := make([]string, len(f.Kinds))
		for i, k := range f.Kinds {
			kinds[i] = string(k)
		}
		nouns := make([]string, len(kinds))
		for i, k := range kinds {
			nouns[i] = msg.Noun(k).In(m.lang)
		}
		m.say(m.Stdout, "cli.file_rows", "file", f.Name, "rows", f.Rows, "kinds", nouns)
		for _, sheet := range f.Hidden {
			m.say(m.Stdout, "cli.hidden_sheet", "file", f.Name, "sheet", msg.Quoted(sheet))
		}
	}
	res := r.Result
	if r.DryRun {
		m.say(m.Stdout, "cli.would_import")
	} else {
		m.say(m.Stdout, "cli.imported")
	}
	for _, line := range []struct {
		name string
		c    zoneboard.Counts
	}{{"units", res.Units}, {"indicators", res.Indicators}, {"groups", res.Groups}, {"observations", res.Observations},
		{"goals", res.Plan.Goals}, {"targets", res.Plan.Targets}, {"tasks", res.Plan.Tasks}, {"projects", res.Plan.Projects},
		{"task reports", res.Plan.TaskReports}, {"project reports", res.Plan.ProjectReports}} {
		if line.c != (zoneboard.Counts{}) {
			m.say(m.Stdout, "cli.import_counts", "kind", msg.Noun(strings.ReplaceAll(line.name, " ", "_")), "created", line.c.Created,
				"updated", line.c.Updated, "unchanged", line.c.Unchanged)
		}
	}
}

// printChanges lists the definitions an import creates or changes, by name, then up to limit
// observations (all when limit is negative), old → new.
func (m *Main) printChanges(r *ingest.Report, limit int) {
	if limit == 0 {
		return
	}
	if defs := r.Result.Definitions; len(defs) > 0 {
		if r.DryRun {
			m.say(m.Stdout, "cli.definitions_would_change")
		} else {
			m.say(m.Stdout, "cli.definitions_changed")
		}
		for _, d := range defs {
			what := msg.New("cli.definition_changed")
			if d.Created {
				what = msg.New("cli.definition_new")
			}
			fmt.Fprintf(m.Stdout, "  %-9s %s %s (%s)\n", msg.Noun(d.Kind).In(m.lang), d.Code, d.Name, what.In(m.lang))
		}
	}
	total := r.ChangesTotal()
	if total == 0 {
		return
	}
	shown := r.Changes
	if limit > 0 && len(shown) > limit {
		shown = shown[:limit]
	}
	if r.DryRun {
		m.say(m.Stdout, "cli.observations_would_change", "shown", len(shown), "total", total)
	} else {
		m.say(m.Stdout, "cli.observations_changed", "shown", len(shown), "total", total)
	}
	rows := [][]string{{"unit", "indicator", "period", "value", "growth", "also"}}
	if m.lang == msg.Chinese {
		rows[0] = []string{"单位", "指标", "时期", "数值", "增速", "其他变化"}
	}
	for _, c := range shown {
		indicator := c.Indicator + " " + c.IndicatorName
		if c.Measure != "" {
			indicator += " (" + c.Measure + ")"
		}
		when := c.Period.String()
		if m.lang == msg.Chinese {
			when = c.Period.Chinese()
		}
		rows = append(rows, []string{c.Unit + " " + c.UnitName, indicator, when,
			oldToNew(m.lang, c.Before, c.After, func(v *zoneboard.FigureVersion) string { return numberOrDash(v.Value, "") }),
			oldToNew(m.lang, c.Before, c.After, func(v *zoneboard.FigureVersion) string { return numberOrDash(v.Growth, "%") }),
			annotationChanges(m.lang, c.Before, c.After)})
	}
	writeAligned(m.Stdout, "  ", rows)
	if rest := total - len(shown); rest > 0 {
		switch {
		case len(shown) < len(r.Changes):
			m.say(m.Stdout, "cli.changes_more", "rest", rest)
		default:
			m.say(m.Stdout, "cli.changes_more_unlisted", "rest", rest, "max", zoneboard.MaxObservationChanges)
		}
	}
}

// writeAligned writes rows in columns as wide as a terminal shows them: a Chinese character
// takes two columns, which a tab writer counts as one.
func writeAligned(w io.Writer, indent string, rows [][]string) {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(cell))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		line.WriteString(indent)
		for i, cell := range row {
			line.WriteString(cell)
			if i < len(row)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-displayWidth(cell)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(line.String(), " "))
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60:
			n += 2
		default:
			n++
		}
	}
	return n
}

// oldToNew writes a figure as "old → new", "new" alone for a new observation, and the figure
// alone when it stays as it was.
func oldToNew(lang string, before, after *zoneboard.FigureVersion, figure func(*zoneboard.FigureVersion) string) string {
	now := figure(after)
	if before == nil {
		return msg.New("cli.change_new", "figure", now).In(lang)
	}
	if was := figure(before); was != now {
		return was + " → " + now
	}
	return now
}

func numberOrDash(v *float64, suffix string) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64) + suffix
}

// annotationChanges names the status, source and note a change replaces, old → new.
func annotationChanges(lang string, before, after *zoneboard.FigureVersion) string {
	if before == nil {
		return ""
	}
	var parts []string
	for _, f := range []struct{ name, was, now string }{
		{"status", before.Status, after.Status}, {"source", before.Source, after.Source}, {"note", before.Note, after.Note}} {
		if f.was != f.now {
			parts = append(parts, fmt.Sprintf("%s %q → %q", msg.Noun(f.name).In(lang), f.was, f.now))
		}
	}
	return strings.Join(parts, "; ")
}

// runTemplate writes a blank template of one kind of import file, or lists the kinds.
func (m *Main) runTemplate(ctx context.Context, args []string) error {
	fs, _ := m.flags("template", "[KIND [-o FILE] [--lang zh|en]]")
	out := fs.String("o", "", "the file to write (default: the template's name, such as 观测值模板.xlsx, in this folder)")
	lang := &m.lang // zh: Chinese headers, English in the comments; en: English headers
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		fmt.Fprintln(m.Stdout, "blank templates of the files zoneboard import reads: zoneboard template KIND [-o FILE] [--lang en]")
		rows := [][]string{{"kind", "名称", "name", "file"}}
		for _, t := range ingest.Templates {
			rows = append(rows, []string{t.Name, t.Zh, t.En, t.FileName(*lang)})
		}
		writeAligned(m.Stdout, "  ", rows)
		return nil
	}
	if len(rest) > 1 {
		return badUsage("cli.template_one_kind")
	}
	t, ok := ingest.TemplateNamed(rest[0])
	if !ok {
		return badUsage("cli.template_kind", "kind", msg.Quoted(rest[0]), "kinds", ingest.TemplateNames())
	}
	path := *out
	if path == "" {
		path = t.FileName(*lang)
	}
	f, err := os.Create(path)
	if err != nil {
		return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_write", "file", path, "error", cause(err))
	}
	if err := ingest.WriteBlank(f, t, *lang); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "wrote %s: a blank %s template with an example row; replace the row, then check it with 'zoneboard import --dry-run %s'\n",
		path, t.Name, path)
	return nil
}

func (m *Main) runExport(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("export", "[--format csv|xlsx] [--unit U] [--indicator I] [--period P] [-o FILE] | --plan [-o FILE.xlsx] | --ledger YEAR [-o FILE.xlsx]")
	format := fs.String("format", "", "csv or xlsx (default: from -o's extension, else csv)")
	units := fs.String("unit", "", "units, by code or name, comma-separated")
	indicators := fs.String("indicator", "", "indicators, by code or name, comma-separated")
	periods := fs.String("period", "", "periods, comma-separated (2019, 2020-Q1, 2020年1-3月)")
	plan := fs.Bool("plan", false, "write the whole plan: an xlsx workbook with a sheet per kind, or with --format csv a CSV file per kind into -o DIR")
	ledger := fs.Int("ledger", 0, "write the key-project ledger of this year as an xlsx workbook")
	out := fs.String("o", "", "write to this file instead of standard output")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.export_no_arguments")
	}
	planExport := *plan || *ledger != 0
	if planExport {
		switch {
		case *plan && *ledger != 0:
			return badUsage("cli.export_plan_or_ledger")
		case *units != "" || *indicators != "" || *periods != "":
			return badUsage("cli.export_plan_whole")
		case *ledger != 0 && (*ledger < period.MinYear || *ledger > period.MaxYear):
			return badUsage("cli.export_ledger_year", "year", *ledger)
		case *plan && *format == "csv":
			if *out == "" {
				return badUsage("cli.export_plan_csv_directory")
			}
			return m.exportPlanCSV(ctx, *dbFlag, *out)
		case *format == "csv" || (*format == "" && *out != "" && !strings.EqualFold(filepath.Ext(*out), ".xlsx")):
			return badUsage("cli.export_plan_xlsx")
		}
		*format = "xlsx"
	}
	if *format == "" {
		*format = "csv"
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			*format = "xlsx"
		}
	}
	if *format != "csv" && *format != "xlsx" {
		return badUsage("cli.flag_value", "command", "export", "flag", "--format", "choices", "csv, xlsx", "value", msg.Quoted(*format))
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	var write func(io.Writer) error
	var what msg.Message
	if planExport {
		stored, err := db.FindPlan(ctx)
		if err != nil {
			return err
		}
		if *plan {
			write = func(w io.Writer) error { return ingest.WritePlanXLSX(w, stored) }
			what = msg.New("cli.export_plan", "goals", len(stored.Goals), "targets", len(stored.Targets), "tasks", len(stored.Tasks),
				"projects", len(stored.Projects), "task_reports", len(stored.TaskReports), "project_reports", len(stored.ProjectReports))
		} else {
			allUnits, err := db.FindUnits(ctx, zoneboard.UnitFilter{})
			if err != nil {
				return err
			}
			write = func(w io.Writer) error { return ingest.WriteLedgerXLSX(w, stored, allUnits, *ledger) }
			projects := 0
			for _, p := range stored.Projects {
				if p.Year == *ledger {
					projects++
				}
			}
			what = msg.New("cli.export_ledger", "year", *ledger, "projects", projects)
		}
	} else {
		filter := zoneboard.ObservationFilter{}
		if filter.Units, err = resolveUnits(ctx, db, splitList(*units)); err != nil {
			return err
		}
		if filter.Indicators, err = resolveIndicators(ctx, db, splitList(*indicators)); err != nil {
			return err
		}
		for _, code := range splitList(*periods) {
			p, err := period.Parse(code)
			if err != nil {
				return zoneboard.Fail(zoneboard.EInvalid, "cli.flag", "flag", "--period", "error", err)
			}
			filter.Periods = append(filter.Periods, p)
		}
		observations, err := db.FindObservations(ctx, filter)
		if err != nil {
			return err
		}
		if *format == "csv" {
			write = func(w io.Writer) error { return ingest.WriteCSV(w, observations) }
		} else {
			write = func(w io.Writer) error { return m.writeWorkbook(ctx, db, w, observations) }
		}
		what = msg.New("cli.export_observations", "count", len(observations))
	}
	var w io.Writer = m.Stdout
	var file *os.File
	if *out != "" {
		// Write beside the target and rename, so a failed export never leaves half a file.
		file, err = os.CreateTemp(filepath.Dir(*out), ".export-*")
		if err != nil {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_write", "file", *out, "error", cause(err))
		}
		defer os.Remove(file.Name())
		defer file.Close()
		w = file
	}
	if err := write(w); err != nil {
		return err
	}
	if file != nil {
		if err := file.Close(); err != nil {
			return err
		}
		if err := os.Rename(file.Name(), *out); err != nil {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_write", "file", *out, "error", cause(err))
		}
		m.say(m.Stderr, "cli.wrote_what", "what", what, "file", *out)
	}
	dest := *out
	if dest == "" {
		dest = "standard output"
	}
	return db.RecordAudit(ctx, zoneboard.AuditNote{Actor: m.actor(), Source: "zoneboard export", Action: zoneboard.ActionExport},
		"exported "+what.In(msg.English)+" to "+dest, nil, nil)
}

// exportPlanCSV writes the plan as a CSV file per kind into dir, each written beside its name
// and renamed, so that a failure leaves no half-written file.
func (m *Main) exportPlanCSV(ctx context.Context, dbFlag, dir string) error {
	db, err := m.open(ctx, dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	stored, err := db.FindPlan(ctx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_make_directory", "directory", dir, "error", cause(err))
	}
	var written []string
	err = ingest.WritePlanCSV(stored, func(name string) (io.WriteCloser, error) {
		f, err := os.CreateTemp(dir, ".export-*")
		if err != nil {
			return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_write_in", "directory", dir, "error", cause(err))
		}
		written = append(written, name)
		return &renameOnClose{File: f, to: filepath.Join(dir, name)}, nil
	})
	if err != nil {
		return err
	}
	m.say(m.Stderr, "cli.wrote_plan_csv", "directory", dir, "files", written)
	return nil
}

// renameOnClose is a temporary file that takes its name once it is whole.
type renameOnClose struct {
	*os.File
	to string
}

func (r *renameOnClose) Close() error {
	if err := r.File.Close(); err != nil {
		os.Remove(r.Name())
		return err
	}
	if err := os.Rename(r.Name(), r.to); err != nil {
		os.Remove(r.Name())
		return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_write", "file", r.to, "error", cause(err))
	}
	return nil
}

// writeWorkbook writes the observations with the units, indicators and groups they need.
func (m *Main) writeWorkbook(ctx context.Context, db *sqlstore.DB, w io.Writer, observations []zoneboard.Observation) error {
	export, err := ingest.WorkbookFor(ctx, db, observations)
	if err != nil {
		return err
	}
	return ingest.WriteXLSX(w, export)
}

func resolveUnits(ctx context.Context, db *sqlstore.DB, refs []string) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	units, err := db.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	pairs := make([][2]string, len(units))
	for i, u := range units {
		pairs[i] = [2]string{u.Code, u.Name}
	}
	return resolveRefs("unit", refs, pairs)
}

func resolveIndicators(ctx context.Context, db *sqlstore.DB, refs []string) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	indicators, err := db.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	pairs := make([][2]string, len(indicators))
	for i, ind := range indicators {
		pairs[i] = [2]string{ind.Code, ind.Name}
	}
	return resolveRefs("indicator", refs, pairs)
}

// resolveRefs turns codes or exact names into codes.
func resolveRefs(what string, refs []string, codeNames [][2]string) ([]string, error) {
	var out []string
	for _, ref := range refs {
		var found []string
		for _, cn := range codeNames {
			if cn[0] == ref {
				found = []string{cn[0]}
				break
			}
			if cn[1] == ref {
				found = append(found, cn[0])
			}
		}
		switch len(found) {
		case 0:
			return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.unknown_reference", "flag", "--"+what, "text", msg.Quoted(ref), "what", msg.Noun(what))
		case 1:
			out = append(out, found[0])
		default:
			return nil, zoneboard.Fail(zoneboard.EInvalid, "cli.ambiguous_reference", "flag", "--"+what, "text", msg.Quoted(ref), "what", msg.Noun(what), "codes", found)
		}
	}
	return out, nil
}

func (m *Main) runHistory(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("history", "--unit U --indicator I --period P")
	unit := fs.String("unit", "", "the unit, by code or name")
	indicator := fs.String("indicator", "", "the indicator, by code or name")
	periodText := fs.String("period", "", "the period (2019, 2020-Q1, 2020年1-3月)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *unit == "" || *indicator == "" || *periodText == "" {
		return badUsage("cli.needs", "command", "history", "flags", []string{"--unit", "--indicator", "--period"})
	}
	p, err := period.Parse(*periodText)
	if err != nil {
		return zoneboard.Fail(zoneboard.EInvalid, "cli.flag", "flag", "--period", "error", err)
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	unitCodes, err := resolveUnits(ctx, db, []string{*unit})
	if err != nil {
		return err
	}
	indicatorCodes, err := resolveIndicators(ctx, db, []string{*indicator})
	if err != nil {
		return err
	}
	current, earlier, err := db.ObservationHistory(ctx, zoneboard.ObservationKey{Unit: unitCodes[0], Indicator: indicatorCodes[0], Period: p})
	if err != nil {
		return err
	}
	if current == nil && len(earlier) == 0 {
		return zoneboard.Fail(zoneboard.ENotFound, "store.no_observation", "indicator", indicatorCodes[0], "unit", unitCodes[0], "period", p)
	}
	fmt.Fprintf(m.Stdout, "%s %s %s\n", unitCodes[0], indicatorCodes[0], p)
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "version\tvalue\tgrowth\tstatus\tsource\trecorded_by\trecorded_at\treplaced_by\treplaced_at")
	when := func(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05") }
	if current != nil {
		fmt.Fprintf(tw, "current\t%s\t%s\t%s\t%s\t%s\t%s\t\t\n", ingest.FormatNumber(current.Value), ingest.FormatNumber(current.Growth),
			current.Status, current.Source, current.RecordedBy, when(current.RecordedAt))
	}
	for i, r := range earlier {
		fmt.Fprintf(tw, "-%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, ingest.FormatNumber(r.Value), ingest.FormatNumber(r.Growth),
			r.Status, r.Source, r.RecordedBy, when(r.RecordedAt), r.ReplacedBy, when(r.ReplacedAt))
	}
	return tw.Flush()
}

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("serve", "[--addr 127.0.0.1:8080] [--behind-proxy]")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; the default answers this machine only")
	behindProxy := fs.Bool("behind-proxy", false, "a reverse proxy forwards every request: believe its X-Forwarded-For and X-Forwarded-Proto")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments", "command", "serve")
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	return m.serve(ctx, db, *addr, *behindProxy)
}

func (m *Main) runDemo(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("demo", "[--addr 127.0.0.1:8080] [--db PATH] [--load-only] [--password P]")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	loadOnly := fs.Bool("load-only", false, "load the demo data and exit without serving")
	password := fs.String("password", "", "give every demo user this password (default: new random ones, printed)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return badUsage("cli.no_arguments", "command", "demo")
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := demo.Load(ctx, db)
	if err != nil {
		return err
	}
	r := report.Result
	m.say(m.Stdout, "cli.demo_loaded", "database", m.dsnForDisplay(*dbFlag), "units", r.Units.Created+r.Units.Updated+r.Units.Unchanged,
		"indicators", r.Indicators.Created+r.Indicators.Updated+r.Indicators.Unchanged, "groups", r.Groups.Created+r.Groups.Updated+r.Groups.Unchanged,
		"observations", r.Observations.Created+r.Observations.Updated+r.Observations.Unchanged, "new", r.Observations.Created)
	if err := db.SaveSetting(ctx, plan.AsOfSetting, demo.AsOf, zoneboard.AuditNote{Actor: m.actor(), Source: "zoneboard demo",
		Action: zoneboard.ActionDemoLoad}); err != nil {
		return err
	}
	if err := m.demoUsers(ctx, db, *password); err != nil {
		return err
	}
	if *loadOnly {
		return nil
	}
	return m.serve(ctx, db, *addr, false)
}

// demoUsers creates the demo's users, one of each role, and prints how to sign in as each. A
// user loaded before keeps the password it has (someone may have changed it), unless
// --password gives every user a new one.
func (m *Main) demoUsers(ctx context.Context, db *sqlstore.DB, password string) error {
	if password != "" {
		if err := zoneboard.ValidatePassword("", password); err != nil {
			return zoneboard.Fail(zoneboard.EInvalid, "cli.flag", "flag", "--password", "error", err)
		}
	}
	m.say(m.Stdout, "cli.demo_users")
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	for _, u := range demo.Users {
		_, _, err := db.FindUser(ctx, u.Name)
		exists := err == nil
		if err != nil && zoneboard.ErrorCode(err) != zoneboard.ENotFound {
			return err
		}
		pw, hash := password, ""
		if pw == "" && !exists {
			if pw, err = newPassword(); err != nil {
				return err
			}
		}
		if pw != "" {
			if hash, err = auth.HashPassword(pw); err != nil {
				return err
			}
		}
		if _, err := db.SaveUser(ctx, u, hash, zoneboard.AuditNote{Actor: m.actor(), Source: "zoneboard demo", Action: zoneboard.ActionDemoLoad}); err != nil {
			return err
		}
		shown := msg.New("cli.demo_user_password", "password", pw)
		if pw == "" {
			shown = msg.New("cli.demo_user_password_kept")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", u.Name, u.DisplayName, u.Role,
			msg.New("cli.demo_user_scope", "scope", scopeText(u.Scope)).In(m.lang), shown.In(m.lang))
	}
	return tw.Flush()
}

// dsnForDisplay hides a PostgreSQL password.
func (m *Main) dsnForDisplay(flagValue string) string {
	dsn := m.dsn(flagValue)
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.Index(dsn, "@"); at > i {
			return dsn[:i+3] + "…" + dsn[at:]
		}
	}
	return dsn
}

func (m *Main) serve(ctx context.Context, store zoneboard.Store, addr string, behindProxy bool) error {
	logger := slog.New(slog.NewTextHandler(m.Stderr, nil))
	started := time.Now()
	eng, err := engine.New(ctx, store)
	if err != nil {
		return err
	}
	logger.Info("engine loaded", "observations", eng.Observations(), "took", time.Since(started).Round(time.Millisecond))
	service := &auth.Service{Store: store, Units: eng}
	srv := &api.Server{Store: store, Engine: eng, Auth: service, Logger: logger, Root: ui.Handler(), BehindProxy: behindProxy}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return zoneboard.Fail(zoneboard.EInvalid, "cli.cannot_listen", "address", addr, "error", err.Error())
	}
	httpServer := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	m.say(m.Stdout, "cli.serving", "address", "http://"+ln.Addr().String()+"/")
	// A new database has no users and so no way in: the first admin comes from a one-time
	// link printed here (its secret is in the fragment, which browsers never send to servers
	// or proxies), or from 'zoneboard user add'.
	setup, err := service.SetupToken(ctx)
	if err != nil {
		return err
	}
	if setup != "" {
		m.say(m.Stdout, "cli.setup_link", "link", "http://"+ln.Addr().String()+"/setup#"+setup)
	}
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- httpServer.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return httpServer.Shutdown(shutdown)
	}
}
