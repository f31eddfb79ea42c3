package main

import (
	"context"
	"errors"
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
		return nil, zoneboard.Errorf(zoneboard.EInvalid, "cannot open the database: %v", err)
	}
	return db, nil
}

func (m *Main) runMigrate(ctx context.Context, args []string) error {
	fs, dbFlag := m.flags("migrate", "[--db PATH]")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("migrate takes no arguments")
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(m.Stdout, "the %s database is up to date\n", db.Dialect())
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
			return usagef("import: --changes takes a number of rows or all, not %q", *changesFlag)
		}
		listed = n
	}
	if len(paths) == 0 {
		return usagef("import: name at least one file")
	}
	var files []ingest.File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return zoneboard.Errorf(zoneboard.EInvalid, "cannot read %s: %v", p, errors.Unwrap(err))
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
		fmt.Fprintf(m.Stdout, "%s: %d rows (%s)\n", f.Name, f.Rows, strings.Join(kinds, ", "))
	}
	verb := "imported"
	if r.DryRun {
		verb = "dry run, nothing written; would import"
	}
	res := r.Result
	fmt.Fprintf(m.Stdout, "%s:\n", verb)
	for _, line := range []struct {
		name string
		c    zoneboard.Counts
	}{{"units", res.Units}, {"indicators", res.Indicators}, {"groups", res.Groups}, {"observations", res.Observations},
		{"goals", res.Plan.Goals}, {"targets", res.Plan.Targets}, {"tasks", res.Plan.Tasks}, {"projects", res.Plan.Projects},
		{"task reports", res.Plan.TaskReports}, {"project reports", res.Plan.ProjectReports}} {
		if line.c != (zoneboard.Counts{}) {
			fmt.Fprintf(m.Stdout, "  %-13s %d new, %d changed, %d unchanged\n", line.name, line.c.Created, line.c.Updated, line.c.Unchanged)
		}
	}
}

// printChanges lists the definitions an import creates or changes, by name, then up to limit
// observations (all when limit is negative), old → new.
func (m *Main) printChanges(r *ingest.Report, limit int) {
	if limit == 0 {
		return
	}
	verb := map[bool]string{true: "would change", false: "changed"}[r.DryRun]
	if defs := r.Result.Definitions; len(defs) > 0 {
		fmt.Fprintf(m.Stdout, "definitions that %s:\n", verb)
		for _, d := range defs {
			what := "changed"
			if d.Created {
				what = "new"
			}
			fmt.Fprintf(m.Stdout, "  %-9s %s %s (%s)\n", d.Kind, d.Code, d.Name, what)
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
	fmt.Fprintf(m.Stdout, "observations that %s (%d of %d, old → new):\n", verb, len(shown), total)
	rows := [][]string{{"unit", "indicator", "period", "value", "growth", "also"}}
	for _, c := range shown {
		indicator := c.Indicator + " " + c.IndicatorName
		if c.Measure != "" {
			indicator += " (" + c.Measure + ")"
		}
		rows = append(rows, []string{c.Unit + " " + c.UnitName, indicator, c.Period.String(),
			oldToNew(c.Before, c.After, func(v *zoneboard.FigureVersion) string { return numberOrDash(v.Value, "") }),
			oldToNew(c.Before, c.After, func(v *zoneboard.FigureVersion) string { return numberOrDash(v.Growth, "%") }),
			annotationChanges(c.Before, c.After)})
	}
	writeAligned(m.Stdout, "  ", rows)
	if rest := total - len(shown); rest > 0 {
		switch {
		case len(shown) < len(r.Changes):
			fmt.Fprintf(m.Stdout, "  … %d more: --changes all lists them\n", rest)
		default:
			fmt.Fprintf(m.Stdout, "  … %d more, not listed: a report lists at most %d\n", rest, zoneboard.MaxObservationChanges)
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
func oldToNew(before, after *zoneboard.FigureVersion, figure func(*zoneboard.FigureVersion) string) string {
	now := figure(after)
	if before == nil {
		return "(new) " + now
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
func annotationChanges(before, after *zoneboard.FigureVersion) string {
	if before == nil {
		return ""
	}
	var parts []string
	for _, f := range []struct{ name, was, now string }{
		{"status", before.Status, after.Status}, {"source", before.Source, after.Source}, {"note", before.Note, after.Note}} {
		if f.was != f.now {
			parts = append(parts, fmt.Sprintf("%s %q → %q", f.name, f.was, f.now))
		}
	}
	return strings.Join(parts, "; ")
}

// runTemplate writes a blank template of one kind of import file, or lists the kinds.
func (m *Main) runTemplate(ctx context.Context, args []string) error {
	fs, _ := m.flags("template", "[KIND [-o FILE] [--lang zh|en]]")
	out := fs.String("o", "", "the file to write (default: the template's name, such as 观测值模板.xlsx, in this folder)")
	lang := fs.String("lang", "zh", "zh: Chinese headers, English in the comments; en: English headers")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *lang != "zh" && *lang != "en" {
		return usagef("template: --lang is zh or en, not %q", *lang)
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
		return usagef("template: name one kind")
	}
	t, ok := ingest.TemplateNamed(rest[0])
	if !ok {
		return usagef("template: %q is not a kind of import file: write one of %s", rest[0], ingest.TemplateNames())
	}
	path := *out
	if path == "" {
		path = t.FileName(*lang)
	}
	f, err := os.Create(path)
	if err != nil {
		return zoneboard.Errorf(zoneboard.EInvalid, "cannot write %s: %v", path, errors.Unwrap(err))
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
		return usagef("export takes no arguments; filter with --unit, --indicator and --period")
	}
	planExport := *plan || *ledger != 0
	if planExport {
		switch {
		case *plan && *ledger != 0:
			return usagef("export: --plan and --ledger are two exports: give one of them")
		case *units != "" || *indicators != "" || *periods != "":
			return usagef("export: --unit, --indicator and --period choose observations; the plan and the ledger are written whole")
		case *ledger != 0 && (*ledger < period.MinYear || *ledger > period.MaxYear):
			return usagef("export: --ledger %d is not a year", *ledger)
		case *plan && *format == "csv":
			if *out == "" {
				return usagef("export: --plan --format csv writes a CSV file per kind: name a directory with -o DIR")
			}
			return m.exportPlanCSV(ctx, *dbFlag, *out)
		case *format == "csv" || (*format == "" && *out != "" && !strings.EqualFold(filepath.Ext(*out), ".xlsx")):
			return usagef("export: the plan and the ledger are xlsx workbooks: write them to a .xlsx file (-o plan.xlsx), or the plan as CSV files with --format csv -o DIR")
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
		return usagef("export: --format must be csv or xlsx, not %q", *format)
	}
	db, err := m.open(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	var write func(io.Writer) error
	var what string
	if planExport {
		stored, err := db.FindPlan(ctx)
		if err != nil {
			return err
		}
		if *plan {
			write = func(w io.Writer) error { return ingest.WritePlanXLSX(w, stored) }
			what = fmt.Sprintf("the plan (%d goals, %d targets, %d tasks, %d projects, %d task reports, %d project reports)",
				len(stored.Goals), len(stored.Targets), len(stored.Tasks), len(stored.Projects), len(stored.TaskReports), len(stored.ProjectReports))
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
			what = fmt.Sprintf("the %d ledger of %d projects", *ledger, projects)
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
				return zoneboard.Errorf(zoneboard.EInvalid, "--period: %v", err)
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
		what = fmt.Sprintf("%d observations", len(observations))
	}
	var w io.Writer = m.Stdout
	var file *os.File
	if *out != "" {
		// Write beside the target and rename, so a failed export never leaves half a file.
		file, err = os.CreateTemp(filepath.Dir(*out), ".export-*")
		if err != nil {
			return zoneboard.Errorf(zoneboard.EInvalid, "cannot write %s: %v", *out, errors.Unwrap(err))
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
			return zoneboard.Errorf(zoneboard.EInvalid, "cannot write %s: %v", *out, errors.Unwrap(err))
		}
		fmt.Fprintf(m.Stderr, "wrote %s to %s\n", what, *out)
	}
	dest := *out
	if dest == "" {
		dest = "standard output"
	}
	return db.RecordAudit(ctx, zoneboard.AuditNote{Actor: m.actor(), Source: "zoneboard export", Action: zoneboard.ActionExport},
		"exported "+what+" to "+dest, nil, nil)
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
		return zoneboard.Errorf(zoneboard.EInvalid, "cannot make the directory %s: %v", dir, errors.Unwrap(err))
	}
	var written []string
	err = ingest.WritePlanCSV(stored, func(name string) (io.WriteCloser, error) {
		f, err := os.CreateTemp(dir, ".export-*")
		if err != nil {
			return nil, zoneboard.Errorf(zoneboard.EInvalid, "cannot write in %s: %v", dir, errors.Unwrap(err))
		}
		written = append(written, name)
		return &renameOnClose{File: f, to: filepath.Join(dir, name)}, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "wrote the plan to %s: %s\n", dir, strings.Join(written, ", "))
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
		return zoneboard.Errorf(zoneboard.EInvalid, "cannot write %s: %v", r.to, errors.Unwrap(err))
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
			return nil, zoneboard.Errorf(zoneboard.EInvalid, "--%s: %q is not a known %s code or name", what, ref, what)
		case 1:
			out = append(out, found[0])
		default:
			return nil, zoneboard.Errorf(zoneboard.EInvalid, "--%s: %q names several %ss (%s); give the code", what, ref, what, strings.Join(found, ", "))
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
		return usagef("history needs --unit, --indicator and --period")
	}
	p, err := period.Parse(*periodText)
	if err != nil {
		return zoneboard.Errorf(zoneboard.EInvalid, "--period: %v", err)
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
		return zoneboard.Errorf(zoneboard.ENotFound, "there is no observation of %s for %s in %s", indicatorCodes[0], unitCodes[0], p)
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
		return usagef("serve takes no arguments")
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
		return usagef("demo takes no arguments")
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
	fmt.Fprintf(m.Stdout, "demo data loaded into %s: %d units, %d indicators, %d groups, %d observations (%d new)\n",
		m.dsnForDisplay(*dbFlag), r.Units.Created+r.Units.Updated+r.Units.Unchanged,
		r.Indicators.Created+r.Indicators.Updated+r.Indicators.Unchanged, r.Groups.Created+r.Groups.Updated+r.Groups.Unchanged,
		r.Observations.Created+r.Observations.Updated+r.Observations.Unchanged, r.Observations.Created)
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
			return zoneboard.Errorf(zoneboard.EInvalid, "--password: %v", err)
		}
	}
	fmt.Fprintln(m.Stdout, "demo users (sign in at /login):")
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
		shown := "password " + pw
		if pw == "" {
			shown = "password unchanged (--password P sets a new one)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\tscope %s\t%s\n", u.Name, u.DisplayName, u.Role, scopeText(u.Scope), shown)
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
		return zoneboard.Errorf(zoneboard.EInvalid, "cannot listen on %s: %v (choose another --addr)", addr, err)
	}
	httpServer := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(m.Stdout, "zoneboard is serving on http://%s/\n", ln.Addr())
	// A new database has no users and so no way in: the first admin comes from a one-time
	// link printed here (its secret is in the fragment, which browsers never send to servers
	// or proxies), or from 'zoneboard user add'.
	setup, err := service.SetupToken(ctx)
	if err != nil {
		return err
	}
	if setup != "" {
		fmt.Fprintf(m.Stdout, "no users yet: create the first admin at http://%s/setup#%s\n  (or run: zoneboard user add NAME --role admin)\n", ln.Addr(), setup)
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
