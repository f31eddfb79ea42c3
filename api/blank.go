package api

import (
	"bytes"
	"net/http"
	"net/url"

	"zoneboard"
	"zoneboard/ingest"
)

// blankTemplates lists the kinds of file the importer reads, each with its blank template.
func (s *Server) blankTemplates(w http.ResponseWriter, r *http.Request) {
	type entry struct {
		ingest.Template
		File string `json:"file"`
	}
	lang := r.URL.Query().Get("lang")
	out := make([]entry, len(ingest.Templates))
	for i, t := range ingest.Templates {
		out[i] = entry{Template: t, File: t.FileName(lang)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"templates": out})
}

// blankTemplate answers a blank xlsx template of one kind of import file (?lang=zh|en).
func (s *Server) blankTemplate(w http.ResponseWriter, r *http.Request) {
	t, ok := ingest.TemplateNamed(r.PathValue("kind"))
	if !ok {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.ENotFound, "%q is not a kind of import file: ask for one of %s", r.PathValue("kind"), ingest.TemplateNames()))
		return
	}
	lang := r.URL.Query().Get("lang")
	switch lang {
	case "", "zh":
		lang = "zh"
	case "en":
	default:
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter lang: %q is neither zh nor en", lang))
		return
	}
	var out bytes.Buffer
	if err := ingest.WriteBlank(&out, t, lang); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	// The plain name is for the few clients that cannot read the UTF-8 one.
	w.Header().Set("Content-Disposition", `attachment; filename="`+t.FileName("en")+`"; filename*=UTF-8''`+url.PathEscape(t.FileName(lang)))
	w.Write(out.Bytes())
}
