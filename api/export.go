package api

import (
	"bytes"
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/ingest"
	"zoneboard/msg"
	"zoneboard/period"
)

// maxExportRows bounds an export through the API.
const maxExportRows = 1_000_000

//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
}

// export answers GET /api/v1/export with the observations as CSV or an xlsx workbook, or
// with ?plan=true or ?ledger=YEAR the plan or a year's project ledger as a workbook.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query(); q.Has("plan") || q.Has("ledger") {
		s.exportPlan(w, r)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_choice", "name", "format", "text", msg.Quoted(format), "choices", "csv, xlsx"))
		return
	}
	filter := zoneboard.ObservationFilter{Indicators: list(r, "indicator")}
	var err error
	if filter.Units, err = scopeUnits(r, list(r, "unit")); err != nil {
		s.writeError(w, r, err)
		return
	}
	if filter.Periods, err = periodsParam(r, "period"); err != nil {
		s.writeError(w, r, err)
		return
	}
	// An export is built in memory before it is sent: bound it, and ask for a narrower one.
	filter.Limit = maxExportRows + 1
	observations, err := s.Store.FindObservations(r.Context(), filter)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(observations) > maxExportRows {
		s.writeError(w, r, zoneboard.Fail(zoneboard.ETooLarge, "api.export_too_large", "max", maxExportRows))
		return
	}
	var out bytes.Buffer
	if format == "csv" {
		err = ingest.WriteCSV(&out, observations)
	} else {
		var export *ingest.Export
		if export, err = ingest.WorkbookFor(r.Context(), s.Store, observations); err == nil {
			scopeWorkbook(accessOf(r), export)
			err = ingest.WriteXLSX(&out, export)
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// Firm-level and unpublished figures leave the system here: who took what is evidence.
	if err := s.recordExport(r, fmt.Sprintf("exported %d observations as %s (%s)", len(observations), format, capText(r.URL.RawQuery, 300))); err != nil {
		s.writeError(w, r, err)
		return
	}
	attach(w, "observations."+format)
	w.Write(out.Bytes())
}

// exportPlan writes the plan (plan=true) or the ledger of a year (ledger=2020) as a workbook
// the importer reads back. A reader limited to some units gets the targets, tasks and projects
// of those units, with their reports and the goals they hang on.
func (s *Server) exportPlan(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "xlsx" {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.export_plan_format", "text", msg.Quoted(f)))
		return
	}
	wantPlan := q.Has("plan")
	if wantPlan {
		if v, err := strconv.ParseBool(q.Get("plan")); err != nil || !v {
			s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.export_plan_true"))
			return
		}
	}
	year := 0
	if q.Has("ledger") {
		if wantPlan {
			s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.export_plan_or_ledger"))
			return
		}
		y, err := strconv.Atoi(strings.TrimSuffix(q.Get("ledger"), "年"))
		if err != nil || y < period.MinYear || y > period.MaxYear {
			s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.export_ledger_year", "text", msg.Quoted(q.Get("ledger"))))
			return
		}
		year = y
	}
	plan, err := s.Store.FindPlan(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if a := accessOf(r); !a.AllUnits() {
		plan = visiblePlan(plan, a.Sees)
	}
	var out bytes.Buffer
	name := "plan.xlsx"
	if wantPlan {
		err = ingest.WritePlanXLSX(&out, plan)
	} else {
		var units []zoneboard.Unit
		if units, err = s.Store.FindUnits(r.Context(), zoneboard.UnitFilter{}); err == nil {
			err = ingest.WriteLedgerXLSX(&out, plan, units, year)
		}
		name = fmt.Sprintf("ledger_%d.xlsx", year)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.recordExport(r, "exported "+name); err != nil {
		s.writeError(w, r, err)
		return
	}
	attach(w, name)
	w.Write(out.Bytes())
}

// visiblePlan keeps the targets (by their unit), tasks (by their lead unit) and projects (by
// their unit) a reader sees, their reports, the goals of the units it sees and every goal the
// kept records hang on, so that the workbook imports on its own.
func visiblePlan(p zoneboard.Plan, sees func(string) bool) zoneboard.Plan {
	var out zoneboard.Plan
	needed := map[string]bool{}
	for _, t := range p.Targets {
		if sees(t.Unit) {
			out.Targets = append(out.Targets, t)
			needed[t.Goal] = true
		}
	}
	tasks := map[string]bool{}
	for _, t := range p.Tasks {
		if sees(t.LeadUnit) {
			out.Tasks = append(out.Tasks, t)
			tasks[t.Code], needed[t.Goal] = true, true
		}
	}
	projects := map[string]bool{}
	for _, pr := range p.Projects {
		if sees(pr.Unit) {
			out.Projects = append(out.Projects, pr)
			projects[pr.Code], needed[pr.Goal] = true, true
		}
	}
	for _, r := range p.TaskReports {
		if tasks[r.Task] {
			out.TaskReports = append(out.TaskReports, r)
		}
	}
	for _, r := range p.ProjectReports {
		if projects[r.Project] {
			out.ProjectReports = append(out.ProjectReports, r)
		}
	}
	parent := map[string]string{}
	for _, g := range p.Goals {
		parent[g.Code] = g.Parent
		if g.Unit == "" || sees(g.Unit) {
			needed[g.Code] = true
		}
	}
	kept := make([]string, 0, len(needed))
	for code := range needed {
		kept = append(kept, code)
	}
	for _, code := range kept {
		for c := parent[code]; c != "" && !needed[c]; c = parent[c] {
			needed[c] = true
		}
	}
	for _, g := range p.Goals {
		if needed[g.Code] {
			out.Goals = append(out.Goals, g)
		}
	}
	return out
}

func attach(w http.ResponseWriter, name string) {
	types := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	w.Header().Set("Content-Type", types[name[strings.LastIndex(name, ".")+1:]])
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
}

// writeRowsFile writes query rows as CSV or as a workbook whose cells are numbers.
func writeRowsFile(w http.ResponseWriter, format string, rows []engine.Row, extras []string) error {
	var out bytes.Buffer
	if format == "csv" {
		if err := engine.WriteCSV(&out, rows, extras); err != nil {
			return err
		}
	} else {
		header := append(append([]string(nil), engine.Columns...), extras...)
		cells := make([][]any, len(rows))
		for i := range rows {
			values := rows[i].Values()
			cells[i] = make([]any, len(values))
			for j, v := range values {
				cells[i][j] = v
				if j >= 4 && v != "" { // numbers stay numbers for the reader's formulas
					if x, ok := parseFloat(v); ok {
						cells[i][j] = x
					}
				}
			}
		}
		if err := ingest.WriteTableXLSX(&out, "query", header, cells); err != nil {
			return err
		}
	}
	attach(w, "query."+format)
	_, err := w.Write(out.Bytes())
	return err
}

// scopeWorkbook keeps in a scoped reader's workbook what /units and /groups show it: the units
// of its scope, and of each group the members in it (a group left with none is left out).
// Others' codes stay only as the parent a unit names.
func scopeWorkbook(a *zoneboard.Access, export *ingest.Export) {
	if a.AllUnits() {
		return
	}
	units := export.Units[:0]
	for _, u := range export.Units {
		if a.Sees(u.Code) {
			units = append(units, u)
		}
	}
	export.Units = units
	groups := export.Groups[:0]
	for _, g := range export.Groups {
		var members []string
		for _, m := range g.Members {
			if a.Sees(m) {
				members = append(members, m)
			}
		}
		if len(members) > 0 {
			g.Members = members
			groups = append(groups, g)
		}
	}
	export.Groups = groups
}

// recordExport notes an export in the audit log. A database that cannot be written now (a
// full disk, read-only) still serves reads, exports among them: the export is logged to the
// server's log instead.
func (s *Server) recordExport(r *http.Request, summary string) error {
	err := s.Store.RecordAudit(r.Context(), note(r, zoneboard.ActionExport), summary, nil, nil)
	if zoneboard.ErrorCode(err) == zoneboard.EUnavailable {
		if s.Logger != nil {
			s.Logger.Warn("export not in the audit log: the database cannot be written", "actor", accessOf(r).User.Name, "summary", summary)
		}
		return nil
	}
	return err
}
