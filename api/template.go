package api

import (
	"context"
	"errors"
	"io"
	"net/http"

	"zoneboard"
	"zoneboard/brief"
)

// maxTemplate bounds a briefing template; the built-in one is a few kilobytes.
const maxTemplate = 256 << 10

// template is the briefing template in force: the one saved in the application, else the
// server's own (nil: the built-in one).
func (s *Server) template(ctx context.Context) (*brief.Template, error) {
	return brief.SavedTemplate(ctx, s.Store, s.BriefTemplate)
}

func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request) {
	text, err := s.Store.Setting(r.Context(), brief.TemplateSetting)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := []byte(text)
	if text == "" {
		body = brief.DefaultTemplateText()
	}
	w.Header().Set("Content-Type", "text/yaml; charset=utf-8")
	w.Write(body)
}

// putTemplate saves a briefing template after checking that it parses.
func (s *Server) putTemplate(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxTemplate))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.writeError(w, r, zoneboard.Fail(zoneboard.ETooLarge, "api.template_too_large", "max", maxTemplate>>10))
			return
		}
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.template_unreadable", "error", err))
		return
	}
	if len(data) == 0 {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.template_empty"))
		return
	}
	if _, err := brief.ParseTemplate(data); err != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.template_invalid", "error", err))
		return
	}
	if err := s.Store.SaveSetting(r.Context(), brief.TemplateSetting, string(data), note(r, zoneboard.ActionTemplateWrite)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"saved": true})
}

func (s *Server) deleteTemplate(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.SaveSetting(r.Context(), brief.TemplateSetting, "", note(r, zoneboard.ActionTemplateWrite)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"saved": true})
}
