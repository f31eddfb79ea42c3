package api

import (
	"net/http"
	"strconv"

	"zoneboard"
	"zoneboard/brief"
	"zoneboard/period"
	"zoneboard/plan"
)

// briefing answers GET /api/v1/brief with the parameters of 'zoneboard brief': unit, period,
// ref, peers, lang (zh, en), format (text, md, html, docx, or json for the briefing's parts),
// and for the Word file and the print view the issue number (issue) and date (date, 2020-04-20).
func (s *Server) briefing(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := unitAndPeriod(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.requireUnits(r, q.Get("unit"), q.Get("ref")); err != nil {
		s.writeError(w, r, err)
		return
	}
	format := q.Get("format")
	if format == "" {
		format = "json"
	}
	switch format {
	case "json", brief.FormatText, brief.FormatMarkdown, brief.FormatHTML, brief.FormatDOCX:
	default:
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter format: %q is not json, text, md, html or docx", format))
		return
	}
	var edition brief.Edition
	if text := q.Get("issue"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 {
			s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter issue: %q is not a positive number", text))
			return
		}
		edition.Issue = n
	}
	if edition.Date, err = brief.ParseDay(q.Get("date")); err != nil {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter date: %v", err))
		return
	}
	template, err := s.template(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writer := &brief.Writer{Engine: s.Engine, Units: s.Engine, Indicators: s.Engine, Groups: s.Engine}
	if p, err = writer.OpeningPeriod(r.Context(), template, q.Get("unit"), p, visible(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	planned, err := s.planOfBriefing(r, q.Get("unit"), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := writer.Bulletin(r.Context(), template, brief.Request{Unit: q.Get("unit"), Period: p, Ref: q.Get("ref"),
		Peers: q.Get("peers"), Lang: q.Get("lang"), Plan: planned, Visible: visible(r)}, edition)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format == "json" {
		writeJSON(w, http.StatusOK, b.Briefing)
		return
	}
	data, err := b.Render(format)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", brief.ContentType(format))
	if format == brief.FormatDOCX {
		w.Header().Set("Content-Disposition", `attachment; filename="briefing-`+b.Unit+`-`+b.Period+`.docx"`)
	}
	w.Write(data)
}

// unitAndPeriod checks the unit and period parameters that a briefing and a dashboard need;
// without a period, the zero period asks for the latest with the headline figures.
func unitAndPeriod(r *http.Request) (period.Period, error) {
	q := r.URL.Query()
	if q.Get("unit") == "" {
		return period.Period{}, zoneboard.Errorf(zoneboard.EInvalid, "parameter unit is required")
	}
	if q.Get("period") == "" {
		return period.Period{}, nil
	}
	p, err := period.Parse(q.Get("period"))
	if err != nil {
		return period.Period{}, zoneboard.Errorf(zoneboard.EInvalid, "parameter period: %v", err)
	}
	return p, nil
}

// requireUnits refuses a briefing or dashboard of a unit, or against a reference, outside the
// caller's scope. Units may be named by code or by name; an unknown one is left for the
// handler to report.
func (s *Server) requireUnits(r *http.Request, refs ...string) error {
	a := accessOf(r)
	if a.AllUnits() {
		return nil
	}
	units, err := s.Engine.FindUnits(r.Context(), zoneboard.UnitFilter{})
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if ref == "" {
			continue
		}
		for _, code := range unitsNamed(units, ref) {
			if err := a.RequireUnit(code); err != nil {
				return err
			}
		}
	}
	return nil
}

// planOfBriefing judges the plan of a unit and its descendants at the briefing's last month;
// nil when the unit is unknown (the briefing reports that).
func (s *Server) planOfBriefing(r *http.Request, unit string, p period.Period) (*plan.Evaluation, error) {
	visible, err := s.subtree(r, unit)
	if err != nil {
		if zoneboard.ErrorCode(err) == zoneboard.EInvalid {
			return nil, nil
		}
		return nil, err
	}
	today, err := s.planToday(r.Context(), "")
	if err != nil {
		return nil, err
	}
	stored, err := s.Store.FindPlan(r.Context())
	if err != nil {
		return nil, err
	}
	return plan.Evaluate(r.Context(), stored, s.Engine, plan.BriefingOptions(p, today, visible))
}
