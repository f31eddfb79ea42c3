package api

import (
	"context"
	"net/http"
	"strings"

	"zoneboard"
	"zoneboard/ingest"
	"zoneboard/msg"
	"zoneboard/plan"
)

// planOptions reads the day, month and window a plan request asks for, and the caller's scope
// narrowed to ?unit= and its descendants.
func (s *Server) planOptions(r *http.Request) (plan.Options, error) {
	q := r.URL.Query()
	opts := plan.Options{Visible: visible(r)}
	var err error
	if opts.Today, err = s.planToday(r.Context(), q.Get("today")); err != nil {
		return opts, err
	}
	if text := q.Get("month"); text != "" {
		if opts.Month, err = zoneboard.ParseMonth(text); err != nil {
			return opts, zoneboard.Fail(zoneboard.EInvalid, "api.parameter", "name", "month", "error", err)
		}
	}
	if opts.Within, err = intParam(r, "within", 7, 0, 366); err != nil {
		return opts, err
	}
	if unit := q.Get("unit"); unit != "" {
		if opts.Visible, err = s.subtree(r, unit); err != nil {
			return opts, err
		}
	}
	return opts, nil
}

// planToday is the day to judge at: the one asked, else the stored as-of day, else today.
func (s *Server) planToday(ctx context.Context, asked string) (string, error) {
	return plan.Today(ctx, s.Store, asked)
}

// subtree is the filter of a unit and its descendants within the caller's scope; the unit
// itself must be in the scope.
func (s *Server) subtree(r *http.Request, unit string) (func(string) bool, error) {
	units, err := s.Engine.FindUnits(r.Context(), zoneboard.UnitFilter{})
	if err != nil {
		return nil, err
	}
	codes := unitsNamed(units, unit)
	switch len(codes) {
	case 0:
		return nil, zoneboard.Fail(zoneboard.EInvalid, "api.unknown_unit", "text", msg.Quoted(unit))
	case 1:
	default:
		return nil, zoneboard.Fail(zoneboard.EInvalid, "api.ambiguous_unit", "text", msg.Quoted(unit), "codes", codes)
	}
	code := codes[0]
	a := accessOf(r)
	if err := a.RequireUnit(code); err != nil {
		return nil, err
	}
	within := zoneboard.Subtree(units, code)
	return func(u string) bool { return within(u) && a.Sees(u) }, nil
}

func (s *Server) evaluatePlan(r *http.Request) (*plan.Evaluation, zoneboard.Plan, error) {
	opts, err := s.planOptions(r)
	if err != nil {
		return nil, zoneboard.Plan{}, err
	}
	p, err := s.Store.FindPlan(r.Context())
	if err != nil {
		return nil, p, err
	}
	ev, err := plan.Evaluate(r.Context(), p, s.Engine, opts)
	return ev, p, err
}

// planView answers GET /api/v1/plan: the plan judged, as a tree of goals and as lists.
func (s *Server) planView(w http.ResponseWriter, r *http.Request) {
	ev, _, err := s.evaluatePlan(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ev)
}

// planSummary answers GET /api/v1/plan/summary?by=unit|industry|level: the projects added up.
func (s *Server) planSummary(w http.ResponseWriter, r *http.Request) {
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "unit"
	}
	if by != "unit" && by != "industry" && by != "level" && by != "all" {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_choice", "name", "by", "text", msg.Quoted(by), "choices", "unit, industry, level, all"))
		return
	}
	ev, _, err := s.evaluatePlan(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	groups := plan.Summarize(ev.Projects, func(p plan.ProjectProgress) string {
		switch by {
		case "unit":
			return p.Project.Unit
		case "industry":
			return p.Project.Industry
		case "level":
			return p.Project.Level
		}
		return ""
	})
	writeJSON(w, http.StatusOK, map[string]any{"by": by, "groups": nonNil(groups)})
}

// planItem answers GET /api/v1/plan/{kind}/{code}: one item judged, its reports and its
// history from the audit log.
func (s *Server) planItem(w http.ResponseWriter, r *http.Request) {
	kind, code := r.PathValue("kind"), r.PathValue("code")
	ev, p, err := s.evaluatePlan(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := map[string]any{}
	switch kind {
	case "targets":
		for _, t := range ev.Targets {
			if t.Target.Code == code {
				body["target"] = t
			}
		}
	case "tasks":
		for _, t := range ev.Tasks {
			if t.Task.Code == code {
				body["task"] = t
				reports := []zoneboard.TaskReport{}
				for _, rep := range p.TaskReports {
					if rep.Task == code {
						reports = append(reports, rep)
					}
				}
				body["reports"] = reports
			}
		}
	case "projects":
		for _, pp := range ev.Projects {
			if pp.Project.Code == code {
				body["project"] = pp
				reports := []zoneboard.ProjectReport{}
				for _, rep := range p.ProjectReports {
					if rep.Project == code {
						reports = append(reports, rep)
					}
				}
				body["reports"] = reports
			}
		}
	default:
		s.writeError(w, r, zoneboard.Fail(zoneboard.ENotFound, "api.no_endpoint", "method", r.Method, "path", r.URL.Path))
		return
	}
	if len(body) == 0 {
		s.writeError(w, r, zoneboard.Fail(zoneboard.ENotFound, "api.plan_item_not_found", "what", msg.Noun(strings.TrimSuffix(kind, "s")), "code", msg.Quoted(code)))
		return
	}
	// The item's history: every audited write that names it. The user sees the item, so it
	// may see how it came to be, though not the rest of the log.
	history, _, err := s.Store.FindAudit(r.Context(), zoneboard.AuditFilter{Target: zoneboard.PlanTarget(strings.TrimSuffix(kind, "s"), code), Limit: 200})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body["history"] = nonNil(history)
	writeJSON(w, http.StatusOK, body)
}

// planWrite answers PUT /api/v1/plan/{kind}/{code}: a goal, target, task or project, whole,
// checked as an imported row is. A task's sign-off is not written here but by its own door.
func (s *Server) planWrite(w http.ResponseWriter, r *http.Request) {
	kind, code := r.PathValue("kind"), r.PathValue("code")
	var p zoneboard.Plan
	var bodyCode *string
	var err error
	switch kind {
	case "goals":
		var g zoneboard.Goal
		err = decodeJSON(w, r, &g)
		bodyCode, p.Goals = &g.Code, []zoneboard.Goal{g}
	case "targets":
		var t zoneboard.Target
		err = decodeJSON(w, r, &t)
		if t.Measure == "" {
			t.Measure = zoneboard.MeasureLevel
		}
		bodyCode, p.Targets = &t.Code, []zoneboard.Target{t}
	case "tasks":
		var t zoneboard.Task
		err = decodeJSON(w, r, &t)
		bodyCode, p.Tasks = &t.Code, []zoneboard.Task{t}
	case "projects":
		var pr zoneboard.Project
		err = decodeJSON(w, r, &pr)
		bodyCode, p.Projects = &pr.Code, []zoneboard.Project{pr}
	default:
		s.writeError(w, r, zoneboard.Fail(zoneboard.ENotFound, "api.no_endpoint", "method", r.Method, "path", r.URL.Path))
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if *bodyCode != "" && *bodyCode != code {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.body_code", "body", msg.Quoted(*bodyCode), "address", msg.Quoted(code)))
		return
	}
	// The code is the address's; the lists above hold copies, so set it in them.
	for i := range p.Goals {
		p.Goals[i].Code = code
	}
	for i := range p.Targets {
		p.Targets[i].Code = code
	}
	for i := range p.Tasks {
		p.Tasks[i].Code = code
	}
	for i := range p.Projects {
		p.Projects[i].Code = code
	}
	s.importPlan(w, r, p, zoneboard.ActionPlanWrite, "signed_off_on", "signed_off_by")
}

// planDelete answers DELETE /api/v1/plan/{kind}/{code}: a record made by mistake or cancelled.
// Its audit entry keeps it and its reports.
func (s *Server) planDelete(w http.ResponseWriter, r *http.Request) {
	kind := strings.TrimSuffix(r.PathValue("kind"), "s")
	switch kind {
	case "goal", "target", "task", "project":
	default:
		s.writeError(w, r, zoneboard.Fail(zoneboard.ENotFound, "api.no_endpoint", "method", r.Method, "path", r.URL.Path))
		return
	}
	if err := s.Store.DeletePlanItem(r.Context(), kind, r.PathValue("code"), note(r, zoneboard.ActionPlanDelete)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"deleted": true})
}

// importPlan writes plan records through the importer: the same checks as a file's rows, the
// caller's rights checked record by record, all or nothing.
func (s *Server) importPlan(w http.ResponseWriter, r *http.Request, p zoneboard.Plan, action string, omit ...string) {
	report, err := s.importer().ImportTables(r.Context(), ingest.PlanTables(p, omit...), s.writeOptions(r, action, false))
	if err != nil {
		s.writeError(w, r, rowsFromOne(err))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": report.Result.Plan})
}

// reportWrite answers PUT /api/v1/plan/{kind}/{code}/reports/{month}: a month's report on a
// task or a project, by a user who may report for the item's unit.
func (s *Server) reportWrite(w http.ResponseWriter, r *http.Request) {
	kind, code := r.PathValue("kind"), r.PathValue("code")
	month, err := zoneboard.ParseMonth(r.PathValue("month"))
	if err != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "invalid", "error", err))
		return
	}
	var p zoneboard.Plan
	switch kind {
	case "tasks":
		var rep zoneboard.TaskReport
		if err := decodeJSON(w, r, &rep); err != nil {
			s.writeError(w, r, err)
			return
		}
		rep.Task, rep.Month = code, month
		p.TaskReports = []zoneboard.TaskReport{rep}
	case "projects":
		var rep zoneboard.ProjectReport
		if err := decodeJSON(w, r, &rep); err != nil {
			s.writeError(w, r, err)
			return
		}
		rep.Project, rep.Month = code, month
		p.ProjectReports = []zoneboard.ProjectReport{rep}
	default:
		s.writeError(w, r, zoneboard.Fail(zoneboard.ENotFound, "api.no_endpoint", "method", r.Method, "path", r.URL.Path))
		return
	}
	s.importPlan(w, r, p, zoneboard.ActionReportWrite)
}

// signOff answers POST /api/v1/plan/tasks/{code}/signoff: the task is closed (销号) by the
// caller, on the day given or the plan's day; a task signed off already is a conflict.
func (s *Server) signOff(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Day string `json:"day"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &req); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	day, err := s.planToday(r.Context(), req.Day)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Store.SignOffTask(r.Context(), r.PathValue("code"), day, accessOf(r).User.Name, note(r, zoneboard.ActionTaskSignOff)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"signed_off": true, "day": day})
}

// reminders answers GET /api/v1/reminders: what is overdue or due within ?within= days, per
// responsible unit of the caller's scope.
func (s *Server) reminders(w http.ResponseWriter, r *http.Request) {
	opts, err := s.planOptions(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Store.FindPlan(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, _, err := s.names(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list := plan.Reminders(p, opts.Today, opts.Within, opts.Visible)
	for i := range list {
		list[i].UnitName = names[list[i].Unit]
	}
	writeJSON(w, http.StatusOK, map[string]any{"today": opts.Today, "within": opts.Within, "units": nonNil(list)})
}
