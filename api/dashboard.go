package api

import (
	"net/http"

	"zoneboard"
	"zoneboard/dashboard"
	"zoneboard/msg"
)

// dashboardView answers GET /api/v1/dashboard?unit=&period=&lang=.
func (s *Server) dashboardView(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := unitAndPeriod(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	lang := q.Get("lang")
	if lang != "" && lang != "zh" && lang != "en" {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_choice", "name", "lang", "text", msg.Quoted(lang), "choices", "zh, en"))
		return
	}
	if err := s.requireUnits(r, q.Get("unit")); err != nil {
		s.writeError(w, r, err)
		return
	}
	template, err := s.template(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b := &dashboard.Builder{Engine: s.Engine, Store: s.Engine, Template: template, Visible: visible(r)}
	d, err := b.Build(r.Context(), q.Get("unit"), p, lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}
