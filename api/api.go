// Package api serves zoneboard's JSON API under /api/v1 and the health check. Handlers parse
// the request, call one service method and write the result; errors leave through writeError
// as {"error": {"code", "message"}} with the matching status, and internal details go to the log.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"zoneboard"
	"zoneboard/auth"
	"zoneboard/brief"
	"zoneboard/engine"
	"zoneboard/ingest"
	"zoneboard/period"
)

// Server holds what the handlers need.
type Server struct {
	Store  zoneboard.Store
	Engine *engine.Engine
	Auth   *auth.Service
	// BriefTemplate is the briefing template a server was started with (--template); nil means
	// the built-in one. A template saved by a user in the application takes precedence.
	BriefTemplate *brief.Template
	Logger        *slog.Logger
	// Root serves everything outside /api and /healthz: the web UI, or a page that says how
	// to build it.
	Root http.Handler
	// BehindProxy says a reverse proxy on this machine or the intranet forwards every
	// request: the client's address is the last of X-Forwarded-For, and X-Forwarded-Proto
	// https makes the session cookie Secure. Without a proxy, anyone could write those headers.
	BehindProxy bool
}

// Handler returns the routes. Every endpoint names who may call it; reads are further limited
// to the units of the caller's scope inside the handlers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	handle := func(method, path string, g guard, h http.HandlerFunc) {
		mux.HandleFunc(method+" "+path, s.authenticate(g, h))
	}
	handle("GET", "/healthz", public, s.health)
	handle("GET", "/api/v1/openapi.json", public, s.openAPI)
	handle("POST", "/api/v1/session", public, s.login)
	handle("GET", "/api/v1/session", public, s.currentSession)
	handle("DELETE", "/api/v1/session", signedIn, s.logout)
	handle("PUT", "/api/v1/session/password", signedIn, s.changePassword)
	handle("GET", "/api/v1/setup", public, s.setupNeeded)
	handle("POST", "/api/v1/setup", public, s.setup)

	handle("GET", "/api/v1/units", signedIn, s.listUnits)
	handle("GET", "/api/v1/groups", signedIn, s.listGroups)
	handle("GET", "/api/v1/indicators", signedIn, s.listIndicators)
	handle("GET", "/api/v1/observations", signedIn, s.listObservations)
	handle("GET", "/api/v1/observations/history", signedIn, s.observationHistory)
	handle("GET", "/api/v1/query", signedIn, s.query)
	handle("GET", "/api/v1/check", signedIn, s.check)
	handle("GET", "/api/v1/brief", signedIn, s.briefing)
	handle("GET", "/api/v1/brief/template", signedIn, s.getTemplate)
	handle("PUT", "/api/v1/brief/template", needs(zoneboard.PermTemplatesWrite), s.putTemplate)
	handle("DELETE", "/api/v1/brief/template", needs(zoneboard.PermTemplatesWrite), s.deleteTemplate)
	handle("GET", "/api/v1/dashboard", signedIn, s.dashboardView)
	handle("GET", "/api/v1/export", signedIn, s.export)

	handle("PUT", "/api/v1/observations", needs(zoneboard.PermObservationsWrite), s.putObservations)
	handle("DELETE", "/api/v1/observations", needs(zoneboard.PermObservationsWrite), s.deleteObservation)
	handle("PUT", "/api/v1/units/{code}", needs(zoneboard.PermUnitsWrite), s.putUnit)
	handle("PUT", "/api/v1/groups/{code}", needs(zoneboard.PermUnitsWrite), s.putGroup)
	handle("PUT", "/api/v1/indicators/{code}", needs(zoneboard.PermIndicatorsWrite), s.putIndicator)
	handle("POST", "/api/v1/import", needs(zoneboard.PermImport), s.importFiles)
	handle("GET", "/api/v1/templates", signedIn, s.blankTemplates)
	handle("GET", "/api/v1/templates/{kind}", signedIn, s.blankTemplate)

	handle("GET", "/api/v1/plan", signedIn, s.planView)
	handle("GET", "/api/v1/plan/summary", signedIn, s.planSummary)
	handle("GET", "/api/v1/plan/{kind}/{code}", signedIn, s.planItem)
	handle("PUT", "/api/v1/plan/{kind}/{code}", needs(zoneboard.PermPlansWrite), s.planWrite)
	handle("DELETE", "/api/v1/plan/{kind}/{code}", needs(zoneboard.PermPlansWrite), s.planDelete)
	handle("PUT", "/api/v1/plan/{kind}/{code}/reports/{month}", needs(zoneboard.PermReportsWrite), s.reportWrite)
	handle("POST", "/api/v1/plan/tasks/{code}/signoff", needs(zoneboard.PermPlansWrite), s.signOff)
	handle("GET", "/api/v1/reminders", signedIn, s.reminders)

	handle("GET", "/api/v1/users", needs(zoneboard.PermUsersManage), s.listUsers)
	handle("PUT", "/api/v1/users/{name}", needs(zoneboard.PermUsersManage), s.putUser)
	handle("GET", "/api/v1/tokens", signedIn, s.listTokens)
	handle("POST", "/api/v1/tokens", signedIn, s.createToken)
	handle("DELETE", "/api/v1/tokens/{id}", signedIn, s.revokeToken)
	handle("GET", "/api/v1/audit", needs(zoneboard.PermAuditRead), s.listAudit)
	handle("GET", "/api/v1/audit/{id}", needs(zoneboard.PermAuditRead), s.auditEntry)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if allowed := allowedMethods(mux, r); len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": map[string]string{"code": "method_not_allowed",
				"message": r.Method + " is not allowed on " + r.URL.Path + "; use " + strings.Join(allowed, " or ")}})
			return
		}
		s.writeError(w, r, zoneboard.Errorf(zoneboard.ENotFound, "no API endpoint %s %s", r.Method, r.URL.Path))
	})
	if s.Root != nil {
		mux.Handle("/", s.Root)
	}
	// Browsers say where a request comes from; a write from another site is refused before
	// any handler sees it, whatever cookies it carries.
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EForbidden, "a request from another site may not change anything here"))
	}))
	handler := securityHeaders(csrf.Handler(mux))
	if s.BehindProxy {
		handler = forwarded(handler)
	}
	return handler
}

type secureKey struct{}

// forwarded takes the client's address and scheme from the headers a reverse proxy adds: the
// last address of X-Forwarded-For is the one the proxy saw.
func forwarded(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if list := r.Header.Values("X-Forwarded-For"); len(list) > 0 {
			hops := strings.Split(list[len(list)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(hops[len(hops)-1])); ip != nil {
				r.RemoteAddr = net.JoinHostPort(ip.String(), "0")
			}
		}
		if strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
			r = r.WithContext(context.WithValue(r.Context(), secureKey{}, true))
		}
		next.ServeHTTP(w, r)
	})
}

// allowedMethods lists the methods that have an endpoint at the request's path: the answer
// to a request that has none for its own method.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allowed []string
	for _, method := range []string{"GET", "POST", "PUT", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := mux.Handler(probe); strings.HasPrefix(pattern, method+" ") {
			allowed = append(allowed, method)
		}
	}
	return allowed
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		// The UI loads its own scripts only; Element Plus sets inline styles and charts draw
		// from data: and blob: images.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
			"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'")
		next.ServeHTTP(w, r)
	})
}

// health answers /healthz: "ok", or "degraded" with the reason when the database cannot be
// written now (a full disk, a read-only file). Reads still work then, so the status stays
// 200 and a proxy keeps sending readers; writers get 503 until the database takes writes again.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	if ws, ok := s.Store.(interface{ WriteTrouble() string }); ok {
		if trouble := ws.WriteTrouble(); trouble != "" {
			writeJSON(w, http.StatusOK, map[string]string{"status": "degraded", "writes": "unavailable", "reason": trouble})
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "writes": "ok"})
}

func (s *Server) listUnits(w http.ResponseWriter, r *http.Request) {
	units, err := s.Store.FindUnits(r.Context(), zoneboard.UnitFilter{Codes: list(r, "code"), Parent: r.URL.Query().Get("parent")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a := accessOf(r)
	seen := units[:0]
	for _, u := range units {
		if a.Sees(u.Code) {
			seen = append(seen, u)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"units": nonNil(seen)})
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) {
	groups, err := s.Store.FindGroups(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A scoped caller sees the groups it has members in, with those members only.
	a := accessOf(r)
	if !a.AllUnits() {
		seen := groups[:0]
		for _, g := range groups {
			var members []string
			for _, m := range g.Members {
				if a.Sees(m) {
					members = append(members, m)
				}
			}
			if len(members) > 0 {
				g.Members = members
				seen = append(seen, g)
			}
		}
		groups = seen
	}
	writeJSON(w, http.StatusOK, map[string]any{"groups": nonNil(groups)})
}

func (s *Server) listIndicators(w http.ResponseWriter, r *http.Request) {
	indicators, err := s.Store.FindIndicators(r.Context(), zoneboard.IndicatorFilter{Codes: list(r, "code")})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"indicators": nonNil(indicators)})
}

// maxPageSize bounds one page of observations.
const maxPageSize = 10000

func (s *Server) listObservations(w http.ResponseWriter, r *http.Request) {
	filter := zoneboard.ObservationFilter{Indicators: list(r, "indicator"), Limit: 1000}
	var err error
	if filter.Units, err = scopeUnits(r, list(r, "unit")); err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, code := range list(r, "period") {
		p, err := period.Parse(code)
		if err != nil {
			s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter period: %v", err))
			return
		}
		filter.Periods = append(filter.Periods, p)
	}
	if filter.Limit, err = intParam(r, "limit", 1000, 1, maxPageSize); err != nil {
		s.writeError(w, r, err)
		return
	}
	if filter.Offset, err = intParam(r, "offset", 0, 0, 1<<31); err != nil {
		s.writeError(w, r, err)
		return
	}
	observations, err := s.Store.FindObservations(r.Context(), filter)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"observations": nonNil(observations), "limit": filter.Limit, "offset": filter.Offset})
}

func (s *Server) observationHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := period.Parse(q.Get("period"))
	if err != nil {
		s.writeError(w, r, zoneboard.Errorf(zoneboard.EInvalid, "parameter period: %v", err))
		return
	}
	if err := accessOf(r).RequireUnit(q.Get("unit")); err != nil {
		s.writeError(w, r, err)
		return
	}
	current, earlier, err := s.Store.ObservationHistory(r.Context(), zoneboard.ObservationKey{Unit: q.Get("unit"), Indicator: q.Get("indicator"), Period: p})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"current": current, "earlier": nonNil(earlier)})
}

func list(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func intParam(r *http.Request, name string, fallback, lo, hi int) (int, error) {
	text := r.URL.Query().Get(name)
	if text == "" {
		return fallback, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < lo || n > hi {
		return 0, zoneboard.Errorf(zoneboard.EInvalid, "parameter %s: %q is not a whole number from %d to %d", name, text, lo, hi)
	}
	return n, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

var statusOf = map[string]int{
	zoneboard.EInvalid:         http.StatusBadRequest,
	zoneboard.ENotFound:        http.StatusNotFound,
	zoneboard.EConflict:        http.StatusConflict,
	zoneboard.EUnauthorized:    http.StatusUnauthorized,
	zoneboard.EForbidden:       http.StatusForbidden,
	zoneboard.ETooLarge:        http.StatusRequestEntityTooLarge,
	zoneboard.ETooManyRequests: http.StatusTooManyRequests,
	zoneboard.EUnavailable:     http.StatusServiceUnavailable,
	zoneboard.EInternal:        http.StatusInternalServerError,
}

// writeError writes the error JSON; an internal error's details go to the log only. An
// import's validation error carries its problems, each with its file, sheet, row and column.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := zoneboard.ErrorCode(err)
	if code == zoneboard.EInternal && s.Logger != nil {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := map[string]any{"code": code, "message": zoneboard.ErrorMessage(err)}
	var invalid *ingest.ValidationError
	if errors.As(err, &invalid) {
		problems := make([]map[string]any, len(invalid.Problems))
		for i, p := range invalid.Problems {
			problems[i] = map[string]any{"file": p.File, "sheet": p.Sheet, "row": p.Row, "column": p.Header,
				"column_letter": p.ColumnLetter(), "message": p.Message}
		}
		body["problems"] = problems
		body["omitted"] = invalid.Omitted
	}
	writeJSON(w, statusOf[code], map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
