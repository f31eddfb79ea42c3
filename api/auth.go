package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zoneboard"
	"zoneboard/auth"
	"zoneboard/msg"
)

// SessionCookie holds a signed-in browser's session secret.
const SessionCookie = "zoneboard_session"

// csrfHeader carries the session's CSRF token on every write a browser sends: another site can
// make a browser send the cookie, but cannot read the token to send with it.
const csrfHeader = "X-CSRF-Token"

// guard says who may call an endpoint: anyone, any signed-in user, or one holding a permission.
type guard struct {
	public     bool
	permission zoneboard.Permission
}

var (
	public   = guard{public: true}
	signedIn = guard{}
)

func needs(p zoneboard.Permission) guard { return guard{permission: p} }

type accessKey struct{}

// byTokenKey marks a request made with an API token rather than a signed-in browser.
type byTokenKey struct{}

// accessOf returns the signed-in user's rights; handlers behind a non-public guard always
// have one.
func accessOf(r *http.Request) *zoneboard.Access {
	a, _ := r.Context().Value(accessKey{}).(*zoneboard.Access)
	return a
}

// clientAddress is the client's network address, for the audit log and throttling. A proxy's
// forwarding headers are not believed: anyone can write them.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// note is the audit note of a write made through this request.
func note(r *http.Request, action string) zoneboard.AuditNote {
	return zoneboard.AuditNote{Actor: accessOf(r).User.Name, Address: clientAddress(r), Source: "API " + r.Method + " " + r.URL.Path, Action: action}
}

// authenticate finds the caller of a request, by bearer token or session cookie, checks the
// endpoint's guard and, for a browser's writes, the CSRF token.
func (s *Server) authenticate(g guard, next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		if g.public {
			next(rw, r)
			return
		}
		var access *zoneboard.Access
		var err error
		// A refused access (403) is evidence, like a failed sign-in: it goes to the audit log.
		w := &statusRecorder{ResponseWriter: rw}
		defer func() {
			if w.status == http.StatusForbidden {
				s.recordRefusal(r, access)
			}
		}()
		byToken := false
		if header := r.Header.Get("Authorization"); header != "" {
			byToken = true
			secret, ok := strings.CutPrefix(header, "Bearer ")
			if !ok {
				s.writeError(w, r, zoneboard.Fail(zoneboard.EUnauthorized, "api.authorization_header"))
				return
			}
			access, err = s.Auth.Token(r.Context(), strings.TrimSpace(secret))
		} else if cookie, cerr := r.Cookie(SessionCookie); cerr == nil && cookie.Value != "" {
			var sess zoneboard.Session
			sess, access, err = s.Auth.Session(r.Context(), cookie.Value)
			if err == nil && !safeMethod(r.Method) && !auth.Equal(r.Header.Get(csrfHeader), sess.CSRFToken) {
				err = zoneboard.Fail(zoneboard.EForbidden, "api.csrf", "header", csrfHeader)
			}
		} else {
			err = zoneboard.Fail(zoneboard.EUnauthorized, "api.sign_in_first")
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if g.permission != "" {
			if err := access.Require(g.permission); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		ctx := context.WithValue(r.Context(), accessKey{}, access)
		if byToken {
			ctx = context.WithValue(ctx, byTokenKey{}, true)
		}
		// A read sees the engine as it is when the request arrives, refreshed once; a write
		// reads the engine after writing, so it refreshes on each read.
		if safeMethod(r.Method) && s.Engine != nil {
			if ctx, err = s.Engine.Refreshed(ctx); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		next(w, r.WithContext(ctx))
	}
}

// statusRecorder remembers the status a handler answered with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's own writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recordRefusal writes a refused request to the audit log: who, from where, what was asked.
// A failure to record is logged and does not change the answer already sent.
func (s *Server) recordRefusal(r *http.Request, access *zoneboard.Access) {
	actor := "anonymous"
	if access != nil {
		actor = access.User.Name
	}
	// What was asked is kept short: a refused caller must not fill the log, which nobody may
	// shorten, with a long query string.
	asked := capText(r.Method+" "+r.URL.RequestURI(), 300)
	n := zoneboard.AuditNote{Actor: actor, Address: clientAddress(r), Source: capText("API "+r.Method+" "+r.URL.Path, 300), Action: zoneboard.ActionAccessDenied}
	if err := s.Store.RecordAudit(context.WithoutCancel(r.Context()), n, "refused: "+asked, nil, nil); err != nil && s.Logger != nil {
		s.Logger.Error("cannot record a refused request", "path", r.URL.Path, "err", err)
	}
}

func safeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// userJSON is a user as the API shows it, with what it may do.
func userJSON(a *zoneboard.Access) map[string]any {
	u := a.User
	return map[string]any{"name": u.Name, "display_name": u.DisplayName, "role": u.Role, "scope": nonNil(u.Scope),
		"scope_units": a.ScopeUnits(), "permissions": nonNil(a.Permissions()), "disabled": u.Disabled,
		"created_at": u.CreatedAt, "last_login_at": u.LastLoginAt}
}

// setSessionCookie gives the browser its session: HttpOnly keeps it from scripts, SameSite
// from other sites' requests, and Secure from plain HTTP when the server, or its proxy,
// speaks TLS.
func setSessionCookie(w http.ResponseWriter, r *http.Request, secret string, maxAge int) {
	secure := r.TLS != nil || r.Context().Value(secureKey{}) != nil
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteStrictMode, MaxAge: maxAge})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	// A session the browser brought is ended, never carried over to the new user.
	if cookie, err := r.Cookie(SessionCookie); err == nil && cookie.Value != "" {
		s.Auth.Logout(r.Context(), cookie.Value)
	}
	secret, sess, access, err := s.Auth.Login(r.Context(), strings.TrimSpace(req.Name), req.Password, clientAddress(r))
	if err != nil {
		var throttled *auth.ThrottledError
		if errors.As(err, &throttled) {
			w.Header().Set("Retry-After", strconv.Itoa(int(throttled.RetryAfter/time.Second)))
		}
		s.writeError(w, r, err)
		return
	}
	setSessionCookie(w, r, secret, 0)
	writeJSON(w, http.StatusOK, map[string]any{"user": userJSON(access), "csrf_token": sess.CSRFToken})
}

func (s *Server) currentSession(w http.ResponseWriter, r *http.Request) {
	cookie, err := r.Cookie(SessionCookie)
	if err != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EUnauthorized, "api.not_signed_in"))
		return
	}
	sess, access, err := s.Auth.Session(r.Context(), cookie.Value)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": userJSON(access), "csrf_token": sess.CSRFToken})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if cookie, err := r.Cookie(SessionCookie); err == nil {
		if err := s.Auth.Logout(r.Context(), cookie.Value); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := s.Store.RecordAudit(r.Context(), note(r, zoneboard.ActionLogout), "signed out", nil, nil); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	setSessionCookie(w, r, "", -1)
	writeJSON(w, http.StatusOK, map[string]any{"signed_out": true})
}

// changePassword changes the signed-in user's own password and ends its other sessions.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Current string `json:"current"`
		New     string `json:"new"`
		// RevokeTokens ends the user's API tokens too; absent, it does for an admin, whose
		// tokens can do the most harm if the old password leaked.
		RevokeTokens *bool `json:"revoke_tokens"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	a := accessOf(r)
	user, hash, err := s.Store.FindUser(r.Context(), a.User.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !auth.CheckPassword(hash, req.Current) {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EForbidden, "api.current_password_wrong"))
		return
	}
	if err := zoneboard.ValidatePassword(user.Name, req.New); err != nil {
		s.writeError(w, r, err)
		return
	}
	newHash, err := auth.HashPassword(req.New)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Store.SaveUser(r.Context(), user, newHash, note(r, zoneboard.ActionUserPassword)); err != nil {
		s.writeError(w, r, err)
		return
	}
	keep := ""
	if cookie, err := r.Cookie(SessionCookie); err == nil {
		keep = auth.HashSecret(cookie.Value)
	}
	if err := s.Store.DeleteSessions(r.Context(), user.Name, keep); err != nil {
		s.writeError(w, r, err)
		return
	}
	revoked, err := s.revokeAfterPassword(r, user, req.RevokeTokens)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changed": true, "tokens_revoked": revoked})
}

func (s *Server) setupNeeded(w http.ResponseWriter, r *http.Request) {
	n, err := s.Store.CountUsers(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"needed": n == 0})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Token       string `json:"token"`
		Name        string `json:"name"`
		DisplayName string `json:"display_name"`
		Password    string `json:"password"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	secret, sess, access, err := s.Auth.Setup(r.Context(), req.Token, zoneboard.User{Name: strings.TrimSpace(req.Name),
		DisplayName: strings.TrimSpace(req.DisplayName)}, req.Password, clientAddress(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	setSessionCookie(w, r, secret, 0)
	writeJSON(w, http.StatusOK, map[string]any{"user": userJSON(access), "csrf_token": sess.CSRFToken})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	users, err := s.Store.FindUsers(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]map[string]any, len(users))
	for i, u := range users {
		access, err := s.Auth.Access(r.Context(), u)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		out[i] = userJSON(access)
		out[i]["disabled"] = u.Disabled
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}

// putUser creates or changes a user. An admin may not demote or disable itself, so that the
// last admin cannot lock everyone out by mistake; another admin must.
func (s *Server) putUser(w http.ResponseWriter, r *http.Request) {
	var req struct {
		DisplayName string   `json:"display_name"`
		Role        string   `json:"role"`
		Scope       []string `json:"scope"`
		Disabled    bool     `json:"disabled"`
		Password    string   `json:"password"`
		// RevokeTokens, with a new password: end the user's API tokens too (default: for an
		// admin).
		RevokeTokens *bool `json:"revoke_tokens"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	role, ok := zoneboard.ParseRole(req.Role)
	if !ok {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "user.role", "role", msg.Quoted(req.Role)))
		return
	}
	u := zoneboard.User{Name: r.PathValue("name"), DisplayName: strings.TrimSpace(req.DisplayName), Role: role, Scope: req.Scope, Disabled: req.Disabled}
	units, err := s.Engine.FindUnits(r.Context(), zoneboard.UnitFilter{})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	known := map[string]bool{}
	for _, unit := range units {
		known[unit.Code] = true
	}
	if err := u.Validate(func(code string) bool { return known[code] }); err != nil {
		s.writeError(w, r, err)
		return
	}
	me := accessOf(r).User.Name
	if u.Name == me && (u.Role != zoneboard.RoleAdmin || u.Disabled) {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EForbidden, "api.demote_self"))
		return
	}
	hash := ""
	if req.Password != "" {
		if err := zoneboard.ValidatePassword(u.Name, req.Password); err != nil {
			s.writeError(w, r, err)
			return
		}
		var err error
		if hash, err = auth.HashPassword(req.Password); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	action := ""
	if hash != "" {
		action = zoneboard.ActionUserPassword
	}
	if _, _, err := s.Store.FindUser(r.Context(), u.Name); zoneboard.ErrorCode(err) == zoneboard.ENotFound {
		if hash == "" {
			s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.new_user_password", "length", zoneboard.MinPasswordLength))
			return
		}
		action = zoneboard.ActionUserCreate
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	created, err := s.Store.SaveUser(r.Context(), u, hash, note(r, action))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// A changed password or a disabled user ends the user's sessions at once.
	if !created && (hash != "" || u.Disabled) {
		if err := s.Store.DeleteSessions(r.Context(), u.Name, ""); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if !created && hash != "" {
		if _, err := s.revokeAfterPassword(r, u, req.RevokeTokens); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	saved, _, err := s.Store.FindUser(r.Context(), u.Name)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	access, err := s.Auth.Access(r.Context(), saved)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body := userJSON(access)
	body["disabled"] = saved.Disabled
	writeJSON(w, http.StatusOK, map[string]any{"user": body, "created": created})
}

// tokenOwner is whose tokens a request lists or revokes: the caller's own, or with ?user= and
// the right to manage users, another's.
func tokenOwner(r *http.Request) (string, error) {
	a := accessOf(r)
	other := r.URL.Query().Get("user")
	if other == "" || other == a.User.Name {
		return a.User.Name, nil
	}
	if err := a.Require(zoneboard.PermUsersManage); err != nil {
		return "", err
	}
	return other, nil
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	owner, err := tokenOwner(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	tokens, err := s.Store.FindTokens(r.Context(), owner)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": nonNil(tokens)})
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name          string `json:"name"`
		ExpiresInDays *int   `json:"expires_in_days"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeError(w, r, err)
		return
	}
	// A token may not make tokens: one that leaked could otherwise renew itself for ever, and
	// revoking it would leave its children working.
	if r.Context().Value(byTokenKey{}) != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EForbidden, "api.token_creates_token"))
		return
	}
	days := 90
	if req.ExpiresInDays != nil {
		days = *req.ExpiresInDays
	}
	token, secret, err := s.Auth.CreateToken(r.Context(), accessOf(r).User.Name, req.Name, days, note(r, zoneboard.ActionTokenCreate))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": token, "secret": secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.token_id", "id", msg.Quoted(r.PathValue("id"))))
		return
	}
	owner := accessOf(r).User.Name
	if accessOf(r).Can(zoneboard.PermUsersManage) {
		owner = "" // an admin may revoke anyone's token
	}
	if err := s.Store.RevokeToken(r.Context(), id, owner, note(r, zoneboard.ActionTokenRevoke)); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"revoked": true})
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := zoneboard.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Unit: q.Get("unit")}
	var err error
	if f.From, f.To, err = zoneboard.DayRange(q.Get("from"), q.Get("to")); err != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.parameter_error", "error", err))
		return
	}
	if f.Limit, err = intParam(r, "limit", 50, 1, 1000); err != nil {
		s.writeError(w, r, err)
		return
	}
	if f.Offset, err = intParam(r, "offset", 0, 0, 1<<31); err != nil {
		s.writeError(w, r, err)
		return
	}
	entries, total, err := s.Store.FindAudit(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": nonNil(entries), "total": total})
}

// auditEntry answers one entry with the observations its write changed, before and after.
func (s *Server) auditEntry(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, r, zoneboard.Fail(zoneboard.EInvalid, "api.audit_id", "id", msg.Quoted(r.PathValue("id"))))
		return
	}
	entries, _, err := s.Store.FindAudit(r.Context(), zoneboard.AuditFilter{Limit: 1, Offset: 0, ID: id})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(entries) == 0 {
		s.writeError(w, r, zoneboard.Fail(zoneboard.ENotFound, "api.audit_not_found", "id", id))
		return
	}
	changes, total, err := s.Store.AuditObservations(r.Context(), id, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	unitNames, indicatorNames, err := s.names(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]map[string]any, len(changes))
	for i, c := range changes {
		out[i] = map[string]any{"unit": c.Unit, "unit_name": unitNames[c.Unit], "indicator": c.Indicator,
			"indicator_name": indicatorNames[c.Indicator], "period": c.Period.Code(), "before": c.Before, "after": c.After}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entry": entries[0], "observations": out, "observations_total": total})
}

// names maps unit and indicator codes to their names.
func (s *Server) names(ctx context.Context) (units, indicators map[string]string, err error) {
	us, err := s.Engine.FindUnits(ctx, zoneboard.UnitFilter{})
	if err != nil {
		return nil, nil, err
	}
	is, err := s.Engine.FindIndicators(ctx, zoneboard.IndicatorFilter{})
	if err != nil {
		return nil, nil, err
	}
	units, indicators = make(map[string]string, len(us)), make(map[string]string, len(is))
	for _, u := range us {
		units[u.Code] = u.Name
	}
	for _, i := range is {
		indicators[i.Code] = i.Name
	}
	return units, indicators, nil
}

// revokeAfterPassword revokes a user's tokens after its password changed, when asked, or by
// default when the user is an admin.
func (s *Server) revokeAfterPassword(r *http.Request, u zoneboard.User, asked *bool) (int, error) {
	revoke := u.Role == zoneboard.RoleAdmin
	if asked != nil {
		revoke = *asked
	}
	if !revoke {
		return 0, nil
	}
	return s.Store.RevokeTokens(r.Context(), u.Name, note(r, zoneboard.ActionTokenRevoke))
}

// capText keeps at most n bytes of s, cut at a character boundary, marking the cut.
func capText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
