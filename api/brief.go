package api

import (
	"net/http"

	"zoneboard"
	"zoneboard/brief"
	"zoneboard/period"
)

// briefing answers GET /api/v1/brief with the parameters of 'zoneboard brief': unit, period,
// ref, peers, lang (zh, en) and format (text, md, html, docx, or json for the briefing's parts).
func (s *Server) briefing(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := unitAndPeriod(r)
	if err != nil {
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
	writer := &brief.Writer{Engine: s.Engine, Units: s.Engine, Indicators: s.Engine, Groups: s.Engine}
	b, err := writer.Write(r.Context(), s.BriefTemplate, brief.Request{Unit: q.Get("unit"), Period: p, Ref: q.Get("ref"),
		Peers: q.Get("peers"), Lang: q.Get("lang")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format == "json" {
		writeJSON(w, http.StatusOK, b)
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

// unitAndPeriod checks the unit and period parameters that a briefing and a dashboard need.
func unitAndPeriod(r *http.Request) (period.Period, error) {
	q := r.URL.Query()
	if q.Get("unit") == "" || q.Get("period") == "" {
		return period.Period{}, zoneboard.Errorf(zoneboard.EInvalid, "parameters unit and period are required")
	}
	p, err := period.Parse(q.Get("period"))
	if err != nil {
		return period.Period{}, zoneboard.Errorf(zoneboard.EInvalid, "parameter period: %v", err)
	}
	return p, nil
}
