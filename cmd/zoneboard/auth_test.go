package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"zoneboard"
	"zoneboard/api"
	"zoneboard/auth"
	"zoneboard/brief"
	"zoneboard/sqlstore"
)

// demoPassword is every demo user's password in these tests.
const demoPassword = "matrix-test-password"

// browser is a signed-in browser: its session cookie and CSRF token.
type browser struct {
	name   string
	cookie *http.Cookie
	csrf   string
}

// request is one call to the server as a browser (nil: anonymous), with the CSRF header a
// page would send.
func request(t *testing.T, base string, b *browser, method, path, contentType string, body []byte) (int, []byte, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if b != nil {
		req.AddCookie(b.cookie)
		if b.csrf != "" {
			req.Header.Set("X-CSRF-Token", b.csrf)
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req) // not client: no test admin token

	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data, resp.Header
}

// signIn signs in through POST /api/v1/session.
func signIn(t *testing.T, base, name, password string) *browser {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"name": name, "password": password})
	status, data, header := request(t, base, nil, "POST", "/api/v1/session", "application/json", body)
	if status != 200 {
		t.Fatalf("sign in as %s: %d %s", name, status, data)
	}
	var answer struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal(data, &answer)
	cookie := sessionCookie(header)
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || answer.CSRF == "" {
		t.Fatalf("sign in as %s: cookie %v, csrf %q", name, cookie, answer.CSRF)
	}
	return &browser{name: name, cookie: cookie, csrf: answer.CSRF}
}

func sessionCookie(h http.Header) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == api.SessionCookie {
			return c
		}
	}
	return nil
}

// role is a signed-in user of the matrix and what it is expected to hold.
type role struct {
	user  string
	perms []zoneboard.Permission
	// scoped users see 370171-01 (the bonded zone) only
	scoped bool
}

func (r role) can(p zoneboard.Permission) bool { return slices.Contains(r.perms, p) }
func (r role) sees(unit string) bool           { return !r.scoped || unit == "370171-01" }

// endpoint is one row of the matrix: a request about a unit and who may make it.
type endpoint struct {
	method, path string
	contentType  string
	body         func(unit string) []byte
	// allowed says whether a role may make the request about the unit; nil role is anonymous.
	allowed func(r *role, unit string) bool
	// okStatus is the answer when allowed (a DELETE of nothing answers 404 once allowed).
	okStatus int
	write    bool
	// notFound: a refused read of one item answers 404, as if it did not exist.
	notFound bool
	// alsoOK is another answer of an allowed request, such as a conflict on a second try.
	alsoOK int
}

func anyone(*role, string) bool          { return true }
func signedIn(r *role, _ string) bool    { return r != nil }
func seesUnit(r *role, unit string) bool { return r != nil && r.sees(unit) }
func holds(p zoneboard.Permission) func(*role, string) bool {
	return func(r *role, _ string) bool { return r != nil && r.can(p) }
}
func writesUnit(p zoneboard.Permission) func(*role, string) bool {
	return func(r *role, unit string) bool { return r != nil && r.can(p) && r.sees(unit) }
}

// TestAuthorizationMatrix calls every endpoint as every role, about a unit in a reporter's
// scope and one outside it, and checks the answer: allowed, 401 or 403; every refused write
// leaves the database as it was.
func TestAuthorizationMatrix(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	c.stdinRun(demoPassword+"\n", "user", "add", "park-viewer", "--role", "viewer", "--scope", "370171-01", "--password-stdin")
	c.stdinRun(demoPassword+"\n", "user", "add", "matrix-target", "--role", "viewer", "--password-stdin")
	base := c.startServer(t)

	all := []zoneboard.Permission{zoneboard.PermObservationsWrite, zoneboard.PermImport, zoneboard.PermUnitsWrite, zoneboard.PermIndicatorsWrite,
		zoneboard.PermTemplatesWrite, zoneboard.PermPlansWrite, zoneboard.PermReportsWrite, zoneboard.PermUsersManage, zoneboard.PermAuditRead}
	roles := []*role{
		nil,
		{user: "admin", perms: all},
		{user: "analyst", perms: []zoneboard.Permission{zoneboard.PermImport, zoneboard.PermIndicatorsWrite, zoneboard.PermTemplatesWrite,
			zoneboard.PermPlansWrite, zoneboard.PermReportsWrite}},
		{user: "bonded-reporter", perms: []zoneboard.Permission{zoneboard.PermObservationsWrite, zoneboard.PermImport, zoneboard.PermReportsWrite}, scoped: true},
		{user: "viewer"},
		{user: "park-viewer", scoped: true},
	}
	browsers := map[string]*browser{}
	for _, r := range roles[1:] {
		browsers[r.user] = signIn(t, base, r.user, demoPassword)
		// the server's own account of the role matches the matrix's
		_, data, _ := request(t, base, browsers[r.user], "GET", "/api/v1/session", "", nil)
		var me struct {
			User struct {
				Permissions []zoneboard.Permission `json:"permissions"`
			} `json:"user"`
		}
		json.Unmarshal(data, &me)
		if !slices.Equal(me.User.Permissions, r.perms) && !(len(r.perms) == 0 && len(me.User.Permissions) == 0) {
			t.Errorf("%s holds %v, the matrix expects %v", r.user, me.User.Permissions, r.perms)
		}
	}

	// Writes that are allowed rewrite what is there, so that the matrix's order does not matter.
	stored := map[string]zoneboard.Observation{}
	db, err := sqlstore.Open(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, unit := range []string{"370171-01", "370171-02"} {
		obs, err := db.FindObservations(context.Background(), zoneboard.ObservationFilter{Units: []string{unit}, Limit: 1})
		if err != nil || len(obs) == 0 {
			t.Fatalf("no observation of %s: %v", unit, err)
		}
		stored[unit] = obs[0]
	}
	db.Close()
	observationJSON := func(unit string) []byte {
		o := stored[unit]
		b, _ := json.Marshal(map[string]any{"observations": []map[string]any{{"unit": o.Unit, "indicator": o.Indicator,
			"period": o.Period.Code(), "value": o.Value, "growth": o.Growth, "status": o.Status, "source": o.Source, "note": o.Note}}})
		return b
	}
	unitJSON := func(unit string) []byte {
		names := map[string]string{"370171-01": "综合保税区", "370171-02": "中欧制造业发展中心"}
		en := map[string]string{"370171-01": "Jinan Comprehensive Bonded Zone", "370171-02": "China-Europe Manufacturing Development Center"}
		b, _ := json.Marshal(map[string]any{"name": names[unit], "name_en": en[unit], "kind": "park", "parent": "370171"})
		return b
	}
	csvUpload := func(unit string) []byte {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.SetBoundary("matrix-boundary")
		w, _ := mw.CreateFormFile("file", "figures.csv")
		fmt.Fprintf(w, "unit,indicator,period,value,growth\n%s,gdp,2015,1,2\n", unit)
		mw.Close()
		return body.Bytes()
	}
	boundary := "multipart/form-data; boundary=matrix-boundary"
	templateText := brief.DefaultTemplateText()
	targetUser, _ := json.Marshal(map[string]any{"role": "viewer", "display_name": "", "scope": []string{}})
	token, _ := json.Marshal(map[string]any{"name": "matrix", "expires_in_days": 1})
	// The plan's items and reports of each unit.
	items := map[string]string{"370171-01": "targets/ZBQ-TRADE", "370171-02": "projects/ZO-01"}
	reports := map[string]string{"370171-01": "tasks/ZJ-SEAL/reports/2020-04", "370171-02": "projects/ZO-01/reports/2020-05"}
	planReport := func(unit string) []byte {
		if unit == "370171-01" {
			return []byte(`{"percent":30,"text":"申建材料已上报,配合开展前期评估"}`)
		}
		return []byte(`{"completed":0.44}`)
	}
	sealTask, _ := json.Marshal(zoneboard.Task{Name: "章锦综保区申建并封关验收", Goal: "G-ZBQ", LeadUnit: "370171-01", CooperatingUnits: []string{"370171"},
		Start: "2020-01-01", Deadline: "2020-12-31", Note: "报道:推进章锦综保区申建工作,年内有望封关验收",
		Milestones: []zoneboard.Milestone{{Name: "申建材料上报", Due: "2020-03-31", DoneOn: "2020-03-20"}, {Name: "获批设立", Due: "2020-06-30"},
			{Name: "围网及监管设施建成", Due: "2020-10-31"}, {Name: "封关验收", Due: "2020-12-31"}}})
	none := func(string) []byte { return nil }
	fixed := func(b []byte) func(string) []byte { return func(string) []byte { return b } }

	endpoints := []endpoint{
		{method: "GET", path: "/healthz", allowed: anyone},
		{method: "GET", path: "/api/v1/openapi.json", allowed: anyone},
		{method: "GET", path: "/api/v1/setup", allowed: anyone},
		// users exist: setting up is over, for everyone
		{method: "POST", path: "/api/v1/setup", contentType: "application/json", body: fixed([]byte(`{"token":"x","name":"someone","password":"a-long-password-1"}`)),
			allowed: anyone, okStatus: 409},
		{method: "GET", path: "/api/v1/session", allowed: signedIn},
		{method: "GET", path: "/api/v1/units", allowed: signedIn},
		{method: "GET", path: "/api/v1/groups", allowed: signedIn},
		{method: "GET", path: "/api/v1/indicators", allowed: signedIn},
		{method: "GET", path: "/api/v1/observations?unit={unit}", allowed: seesUnit},
		{method: "GET", path: "/api/v1/observations/history?unit={unit}&indicator=gdp&period=2019", allowed: seesUnit},
		{method: "GET", path: "/api/v1/query?unit={unit}&indicator=gdp&period=2019", allowed: seesUnit},
		{method: "GET", path: "/api/v1/query?unit={unit}&indicator=gdp&period=2019&format=csv", allowed: seesUnit},
		{method: "GET", path: "/api/v1/check?unit={unit}&period=2019", allowed: seesUnit},
		{method: "GET", path: "/api/v1/brief?unit={unit}&period=2019", allowed: seesUnit},
		{method: "GET", path: "/api/v1/brief?unit={unit}&period=2019&format=docx", allowed: seesUnit},
		{method: "GET", path: "/api/v1/dashboard?unit={unit}&period=2019", allowed: seesUnit},
		{method: "GET", path: "/api/v1/export?unit={unit}&format=csv", allowed: seesUnit},
		{method: "GET", path: "/api/v1/export?unit={unit}&format=xlsx", allowed: seesUnit},
		{method: "GET", path: "/api/v1/brief/template", allowed: signedIn},
		{method: "GET", path: "/api/v1/tokens", allowed: signedIn},
		{method: "GET", path: "/api/v1/users", allowed: holds(zoneboard.PermUsersManage)},
		{method: "GET", path: "/api/v1/audit?unit={unit}", allowed: holds(zoneboard.PermAuditRead)},
		{method: "GET", path: "/api/v1/audit/1", allowed: holds(zoneboard.PermAuditRead)},

		{method: "PUT", path: "/api/v1/observations", contentType: "application/json", body: observationJSON, write: true,
			allowed: writesUnit(zoneboard.PermObservationsWrite)},
		{method: "DELETE", path: "/api/v1/observations?unit={unit}&indicator=gdp&period=2015", write: true, okStatus: 404,
			allowed: writesUnit(zoneboard.PermObservationsWrite)},
		{method: "POST", path: "/api/v1/import?dry_run=true", contentType: boundary, body: csvUpload, write: true,
			allowed: func(r *role, unit string) bool {
				return r != nil && r.can(zoneboard.PermImport) && r.can(zoneboard.PermObservationsWrite) && r.sees(unit)
			}},
		{method: "PUT", path: "/api/v1/units/{unit}", contentType: "application/json", body: unitJSON, write: true, allowed: holds(zoneboard.PermUnitsWrite)},
		{method: "PUT", path: "/api/v1/groups/jinan-parks", contentType: "application/json", write: true, allowed: holds(zoneboard.PermUnitsWrite),
			body: func(unit string) []byte { return []byte(`{"name":"高新区园区","members":["` + unit + `"]}`) }},
		{method: "PUT", path: "/api/v1/indicators/gdp", contentType: "application/json", write: true, allowed: holds(zoneboard.PermIndicatorsWrite),
			body: fixed([]byte(`{"name":"地区生产总值","name_en":"Gross domestic product","unit":"亿元","frequency":"quarter","cumulative":true,` +
				`"price_basis":"real","aggregate":"sum","better":"up","decimals":1,"january_alone":true,"order":1}`))},
		{method: "PUT", path: "/api/v1/brief/template", contentType: "text/yaml", body: fixed(templateText), write: true, allowed: holds(zoneboard.PermTemplatesWrite)},
		{method: "DELETE", path: "/api/v1/brief/template", write: true, allowed: holds(zoneboard.PermTemplatesWrite)},
		{method: "PUT", path: "/api/v1/users/matrix-target", contentType: "application/json", body: fixed(targetUser), write: true, allowed: holds(zoneboard.PermUsersManage)},
		{method: "POST", path: "/api/v1/tokens", contentType: "application/json", body: fixed(token), write: true, allowed: signedIn},

		// The plan: the bonded zone's target ZBQ-TRADE and task ZJ-SEAL, 中欧's project ZO-01.
		{method: "GET", path: "/api/v1/plan", allowed: signedIn},
		{method: "GET", path: "/api/v1/plan?unit={unit}", allowed: seesUnit},
		{method: "GET", path: "/api/v1/plan/summary?by=level&unit={unit}", allowed: seesUnit},
		{method: "GET", path: "/api/v1/reminders?unit={unit}", allowed: seesUnit},
		{method: "GET", path: "/api/v1/plan/{item}", allowed: seesUnit, notFound: true},
		{method: "PUT", path: "/api/v1/plan/{report}", contentType: "application/json", body: planReport, write: true,
			allowed: writesUnit(zoneboard.PermReportsWrite)},
		{method: "PUT", path: "/api/v1/plan/tasks/ZJ-SEAL", contentType: "application/json", body: fixed(sealTask), write: true,
			allowed: holds(zoneboard.PermPlansWrite)},
		// the first allowed sign-off closes the task; the next ones find it closed (409)
		{method: "POST", path: "/api/v1/plan/tasks/LIST-HYHB/signoff", contentType: "application/json", body: fixed([]byte(`{"day":"2020-05-31"}`)),
			write: true, allowed: holds(zoneboard.PermPlansWrite), alsoOK: 409},
		{method: "GET", path: "/api/v1/export?plan=true", allowed: signedIn},
		{method: "DELETE", path: "/api/v1/plan/tasks/NO-SUCH-TASK", write: true, okStatus: 404, allowed: holds(zoneboard.PermPlansWrite)},
		{method: "DELETE", path: "/api/v1/tokens/999999", write: true, allowed: signedIn, okStatus: 404},
	}
	for _, ep := range endpoints {
		if ep.body == nil {
			ep.body = none
		}
		if ep.okStatus == 0 {
			ep.okStatus = 200
		}
		for _, r := range roles {
			for _, unit := range []string{"370171-01", "370171-02"} {
				name := "anonymous"
				var b *browser
				if r != nil {
					name, b = r.user, browsers[r.user]
				}
				path := strings.NewReplacer("{unit}", unit, "{item}", items[unit], "{report}", reports[unit]).Replace(ep.path)
				want := ep.okStatus
				switch {
				case ep.allowed(r, unit):
				case r == nil:
					want = 401
				case ep.notFound:
					want = 404
				default:
					want = 403
				}
				var before snapshot
				if ep.write && want >= 400 {
					before = c.snapshot()
				}
				status, data, _ := request(t, base, b, ep.method, path, ep.contentType, ep.body(unit))
				if status == ep.alsoOK && want == ep.okStatus {
					continue
				}
				if status != want {
					t.Errorf("%s %s as %s: %d, want %d: %.200s", ep.method, path, name, status, want, data)
					continue
				}
				if status >= 400 && !strings.Contains(string(data), `"code"`) {
					t.Errorf("%s %s as %s: %d without the error JSON: %.200s", ep.method, path, name, status, data)
				}
				if ep.write && want >= 400 {
					c.assertUnchanged(before)
				}
			}
		}
	}
}

// TestScopeLimitsWhatAReporterReads checks the content of a scoped user's reads: its units
// only, in every list.
func TestScopeLimitsWhatAReporterReads(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "bonded-reporter", demoPassword)
	get := func(path string) map[string]any {
		t.Helper()
		status, data, _ := request(t, base, b, "GET", path, "", nil)
		if status != 200 {
			t.Fatalf("GET %s: %d %s", path, status, data)
		}
		var v map[string]any
		json.Unmarshal(data, &v)
		return v
	}
	units := get("/api/v1/units")["units"].([]any)
	if len(units) != 1 || units[0].(map[string]any)["code"] != "370171-01" {
		t.Errorf("units: %v", units)
	}
	for _, o := range get("/api/v1/observations?limit=10000")["observations"].([]any) {
		if u := o.(map[string]any)["unit"]; u != "370171-01" {
			t.Fatalf("an observation of %v", u)
		}
	}
	rows := get("/api/v1/query?indicator=imports_exports&period=2019")["rows"].([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["unit"] != "370171-01" {
		t.Errorf("query rows: %v", rows)
	}
	// by name too: a unit outside the scope named by its name is refused
	status, _, _ := request(t, base, b, "GET", "/api/v1/brief?unit="+url.QueryEscape("中欧制造业发展中心")+"&period=2019", "", nil)
	if status != 403 {
		t.Errorf("a briefing of another park by name: %d", status)
	}
	status, _, _ = request(t, base, b, "GET", "/api/v1/query?indicator=gdp&period=2019&unit=370171-01&ref=370171-02", "", nil)
	if status != 403 {
		t.Errorf("another park as the reference: %d", status)
	}
	// One rule for the units above: the park's zone named as the reference gives what the
	// implied reference gives, its published figures beside the park's own, never its row.
	implied := get("/api/v1/query?indicator=imports_exports&period=2019")["rows"].([]any)
	named := get("/api/v1/query?indicator=imports_exports&period=2019&ref=370171")["rows"].([]any)
	if len(named) != 1 || named[0].(map[string]any)["unit"] != "370171-01" || named[0].(map[string]any)["ref"] != "370171" ||
		fmt.Sprint(named[0].(map[string]any)["ref_growth"]) != fmt.Sprint(implied[0].(map[string]any)["ref_growth"]) {
		t.Errorf("the zone named as the reference: %v, implied %v", named, implied)
	}
	if status, _, _ := request(t, base, b, "GET", "/api/v1/query?indicator=gdp&period=2019&unit=370171", "", nil); status != 403 {
		t.Errorf("the zone's own row for its park's reporter: %d", status)
	}
	// The workbook's units and groups are what /units and /groups show.
	status, data, _ := request(t, base, b, "GET", "/api/v1/export?format=xlsx", "", nil)
	if status != 200 {
		t.Fatalf("export: %d", status)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range wb.GetSheetList() {
		rows, _ := wb.GetRows(sheet)
		for _, row := range rows {
			for _, cell := range row {
				if cell == "370102" || cell == "370171-02" || cell == "历下区" {
					t.Errorf("the scoped export's sheet %s names %s", sheet, cell)
				}
			}
		}
	}
	for _, g := range get("/api/v1/groups")["groups"].([]any) {
		for _, m := range g.(map[string]any)["members"].([]any) {
			if m != "370171-01" {
				t.Errorf("group %v shows member %v", g.(map[string]any)["code"], m)
			}
		}
	}
	d := get("/api/v1/dashboard?unit=370171-01&period=2019")
	for _, chart := range d["peers"].([]any) {
		for _, bar := range chart.(map[string]any)["rows"].([]any) {
			if u := bar.(map[string]any)["unit"]; u != "370171-01" {
				t.Errorf("the dashboard's peer chart shows %v", u)
			}
		}
	}
	status, data, _ = request(t, base, b, "GET", "/api/v1/export?format=csv", "", nil)
	if status != 200 || strings.Contains(string(data), "370171-02") || !strings.Contains(string(data), "370171-01") {
		t.Errorf("export: %d %.300s", status, data)
	}
}

// TestTokens checks that a token works until it is revoked or expires, and that its secret is
// stored only as a hash.
func TestTokens(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "bonded-reporter", demoPassword)
	status, data, _ := request(t, base, b, "POST", "/api/v1/tokens", "application/json", []byte(`{"name":"月报脚本","expires_in_days":30}`))
	if status != 200 {
		t.Fatalf("create a token: %d %s", status, data)
	}
	var created struct {
		Secret string `json:"secret"`
		Token  struct {
			ID int64 `json:"id"`
		} `json:"token"`
	}
	json.Unmarshal(data, &created)
	withToken := func(secret, path string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := withToken(created.Secret, "/api/v1/units"); s != 200 {
		t.Fatalf("a new token: %d", s)
	}
	// the token acts as its user: scoped like it
	if s := withToken(created.Secret, "/api/v1/observations?unit=370171-02"); s != 403 {
		t.Errorf("the reporter's token reading another park: %d", s)
	}
	// the list never shows the secret
	_, list, _ := request(t, base, b, "GET", "/api/v1/tokens", "", nil)
	if strings.Contains(string(list), created.Secret) || !strings.Contains(string(list), created.Secret[:10]) {
		t.Errorf("the token list shows the secret or not its prefix: %s", list)
	}
	// another user may not revoke it
	other := signIn(t, base, "viewer", demoPassword)
	if s, _, _ := request(t, base, other, "DELETE", "/api/v1/tokens/"+strconv.FormatInt(created.Token.ID, 10), "", nil); s != 404 {
		t.Errorf("another user revoking the token: %d", s)
	}
	if s, d, _ := request(t, base, b, "DELETE", "/api/v1/tokens/"+strconv.FormatInt(created.Token.ID, 10), "", nil); s != 200 {
		t.Fatalf("revoke: %d %s", s, d)
	}
	if s := withToken(created.Secret, "/api/v1/units"); s != 401 {
		t.Errorf("a revoked token: %d", s)
	}
	// An expired token: written straight into the store with a past expiry.
	db, err := sqlstore.Open(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	secret, hash, _ := auth.NewSecret(auth.TokenPrefix)
	if _, err := db.CreateToken(context.Background(), zoneboard.Token{User: "viewer", Name: "old", Prefix: secret[:10], Hash: hash,
		ExpiresAt: time.Now().Add(-time.Minute)}, zoneboard.AuditNote{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s := withToken(secret, "/api/v1/units"); s != 401 {
		t.Errorf("an expired token: %d", s)
	}
	for _, bad := range []string{"zbt_guess", "not-a-token", strings.Repeat("x", 5000)} {
		if s := withToken(bad, "/api/v1/units"); s != 401 {
			t.Errorf("token %.20q: %d", bad, s)
		}
	}
	// A token may not make another token.
	req, _ := http.NewRequest("POST", base+"/api/v1/tokens", strings.NewReader(`{"name":"child"}`))
	req.Header.Set("Authorization", "Bearer "+withTokenSecret(t, base, b))
	if resp, err := http.DefaultTransport.RoundTrip(req); err != nil || resp.StatusCode != 403 {
		t.Errorf("a token creating a token: %v %v", resp.StatusCode, err)
	}
	// too long a life, or none
	for _, body := range []string{`{"name":"x","expires_in_days":400}`, `{"name":"x","expires_in_days":0}`, `{"name":"","expires_in_days":5}`} {
		if s, _, _ := request(t, base, b, "POST", "/api/v1/tokens", "application/json", []byte(body)); s != 400 {
			t.Errorf("token %s: %d, want 400", body, s)
		}
	}
	// A disabled user's token stops at once.
	status, data, _ = request(t, base, b, "POST", "/api/v1/tokens", "application/json", []byte(`{"name":"again"}`))
	json.Unmarshal(data, &created)
	c.mustRun("user", "disable", "bonded-reporter")
	if s := withToken(created.Secret, "/api/v1/units"); s != 401 {
		t.Errorf("the token of a disabled user: %d", s)
	}
	if s, _, _ := request(t, base, b, "GET", "/api/v1/units", "", nil); s != 401 {
		t.Errorf("the session of a disabled user: %d", s)
	}
}

// TestSignInThrottlingAndPasswords checks wrong passwords, throttling, and that passwords and
// secrets never reach the server's log.
func TestSignInThrottlingAndPasswords(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	attempt := func(name, password string) (int, []byte, http.Header) {
		body, _ := json.Marshal(map[string]string{"name": name, "password": password})
		return request(t, base, nil, "POST", "/api/v1/session", "application/json", body)
	}
	// A wrong password and an unknown name get the same answer.
	s1, d1, _ := attempt("viewer", "wrong-password-1")
	s2, d2, _ := attempt("nobody-at-all", "wrong-password-1")
	if s1 != 401 || s2 != 401 || string(d1) != string(d2) {
		t.Errorf("wrong password %d %s; unknown name %d %s", s1, d1, s2, d2)
	}
	for i := 0; i < auth.MaxFailuresPerName-1; i++ {
		if s, _, _ := attempt("viewer", "wrong-password-"+strconv.Itoa(i)); s != 401 {
			t.Fatalf("failure %d: %d", i+2, s)
		}
	}
	// Throttled now, even with the right password; the answer says how long to wait.
	s, d, h := attempt("viewer", demoPassword)
	if s != 429 || h.Get("Retry-After") == "" || !strings.Contains(string(d), "too_many_requests") {
		t.Errorf("after %d failures: %d %s (Retry-After %q)", auth.MaxFailuresPerName, s, d, h.Get("Retry-After"))
	}
	// Another user is not locked out by them.
	if s, d, _ := attempt("analyst", demoPassword); s != 200 {
		t.Errorf("another user: %d %s", s, d)
	}
	// The failures are in the audit log; the password is nowhere.
	out := c.mustRun("audit", "--action", "session.login_failed", "--format", "json")
	if !strings.Contains(out, `"target": "viewer"`) || strings.Contains(out, "wrong-password") || strings.Contains(out, demoPassword) {
		t.Errorf("audit of failures: %s", out)
	}
	// Passwords: too short, or the name itself.
	admin := signIn(t, base, "admin", demoPassword)
	for _, pw := range []string{"short", "newuser-newuser"} {
		body, _ := json.Marshal(map[string]any{"role": "viewer", "password": pw})
		if s, d, _ := request(t, base, admin, "PUT", "/api/v1/users/newuser", "application/json", body); s != 400 {
			t.Errorf("password %q: %d %s", pw, s, d)
		}
	}
	// Changing one's password needs the current one and ends the other sessions.
	first := signIn(t, base, "analyst", demoPassword)
	second := signIn(t, base, "analyst", demoPassword)
	if s, _, _ := request(t, base, first, "PUT", "/api/v1/session/password", "application/json", []byte(`{"current":"wrong","new":"a-brand-new-password"}`)); s != 403 {
		t.Errorf("change with a wrong current password: %d", s)
	}
	body, _ := json.Marshal(map[string]string{"current": demoPassword, "new": "a-brand-new-password"})
	if s, d, _ := request(t, base, first, "PUT", "/api/v1/session/password", "application/json", body); s != 200 {
		t.Fatalf("change password: %d %s", s, d)
	}
	if s, _, _ := request(t, base, first, "GET", "/api/v1/units", "", nil); s != 200 {
		t.Errorf("the session that changed the password: %d", s)
	}
	if s, _, _ := request(t, base, second, "GET", "/api/v1/units", "", nil); s != 401 {
		t.Errorf("another session after the change: %d", s)
	}
	// The server's log holds neither the passwords nor any secret.
	if log := c.serverLog(); strings.Contains(log, demoPassword) || strings.Contains(log, "a-brand-new-password") || strings.Contains(log, first.cookie.Value) {
		t.Errorf("the server log holds a secret:\n%s", log)
	}
}

// TestCrossSiteRequestsAndSessionFixation checks what another site can make a browser do.
func TestCrossSiteRequestsAndSessionFixation(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "admin", demoPassword)
	write := []byte(`{"observations":[{"unit":"370171","indicator":"gdp","period":"2019","value":1}]}`)
	before := c.snapshot()
	for _, tt := range []struct {
		name   string
		header map[string]string
		csrf   string
	}{
		{"no CSRF token", nil, "-"},
		{"a wrong CSRF token", nil, "forged"},
		{"another site's origin", map[string]string{"Origin": "http://evil.example"}, ""},
		{"a cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, ""},
	} {
		req, _ := http.NewRequest("PUT", base+"/api/v1/observations", bytes.NewReader(write))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(b.cookie)
		switch tt.csrf {
		case "":
			req.Header.Set("X-CSRF-Token", b.csrf)
		case "-":
		default:
			req.Header.Set("X-CSRF-Token", tt.csrf)
		}
		for k, v := range tt.header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 403 || !strings.Contains(string(data), `"forbidden"`) {
			t.Errorf("%s: %d %s", tt.name, resp.StatusCode, data)
		}
	}
	c.assertUnchanged(before)

	// Session fixation: a session id planted before sign-in is never the one signed in.
	planted := &http.Cookie{Name: api.SessionCookie, Value: "zbs_planted-by-an-attacker"}
	body, _ := json.Marshal(map[string]string{"name": "viewer", "password": demoPassword})
	req, _ := http.NewRequest("POST", base+"/api/v1/session", bytes.NewReader(body))
	req.AddCookie(planted)
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := sessionCookie(resp.Header)
	if resp.StatusCode != 200 || got == nil || got.Value == planted.Value {
		t.Fatalf("sign-in with a planted cookie: %d, cookie %v", resp.StatusCode, got)
	}
	if s, _, _ := request(t, base, &browser{cookie: planted}, "GET", "/api/v1/units", "", nil); s != 401 {
		t.Errorf("the planted session id: %d", s)
	}
	// Signing in as someone else ends the session the browser had.
	s, _, h := request(t, base, b, "POST", "/api/v1/session", "application/json", body)
	if s != 200 || sessionCookie(h).Value == b.cookie.Value {
		t.Errorf("second sign-in in one browser: %d", s)
	}
	if s, _, _ := request(t, base, b, "GET", "/api/v1/units", "", nil); s != 401 {
		t.Errorf("the admin's session after the browser signed in as the viewer: %d", s)
	}
	// Signing out ends the session on the server, not only in the browser.
	v := signIn(t, base, "viewer", demoPassword)
	if s, _, h := request(t, base, v, "DELETE", "/api/v1/session", "", nil); s != 200 || sessionCookie(h).MaxAge >= 0 {
		t.Errorf("sign out: %d", s)
	}
	if s, _, _ := request(t, base, v, "GET", "/api/v1/units", "", nil); s != 401 {
		t.Errorf("a signed-out session: %d", s)
	}
}

// TestReporterCannotWidenItsOwnRights checks that a reporter cannot change its role or scope
// by any door.
func TestReporterCannotWidenItsOwnRights(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "bonded-reporter", demoPassword)
	admin := signIn(t, base, "admin", demoPassword)
	before := c.snapshot()
	for _, tt := range []struct{ method, path, body string }{
		{"PUT", "/api/v1/users/bonded-reporter", `{"role":"admin","scope":[]}`},
		{"PUT", "/api/v1/users/bonded-reporter", `{"role":"reporter","scope":["370171"]}`},
		{"PUT", "/api/v1/session/password", `{"current":"` + demoPassword + `","new":"another-password-1","role":"admin"}`},
		{"PUT", "/api/v1/units/370171-02", `{"name":"中欧制造业发展中心","kind":"park","parent":"370171-01"}`},
		{"POST", "/api/v1/setup", `{"token":"","name":"bonded-reporter","password":"another-password-1"}`},
	} {
		s, d, _ := request(t, base, b, tt.method, tt.path, "application/json", []byte(tt.body))
		if s < 400 {
			t.Errorf("%s %s %s: %d %s", tt.method, tt.path, tt.body, s, d)
		}
	}
	c.assertUnchanged(before)
	// An import whose file defines units is refused whole, even with observations in scope.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "units.csv")
	io.WriteString(w, "code,name,kind,parent\n370171-01,综合保税区,park,370171\n370171-02,中欧制造业发展中心,park,370171-01\n")
	mw.Close()
	if s, d, _ := request(t, base, b, "POST", "/api/v1/import", mw.FormDataContentType(), body.Bytes()); s != 403 {
		t.Errorf("a reporter importing units: %d %s", s, d)
	}
	c.assertUnchanged(before)
	// An admin may not demote itself; another admin must.
	if s, _, _ := request(t, base, admin, "PUT", "/api/v1/users/admin", "application/json", []byte(`{"role":"viewer"}`)); s != 403 {
		t.Errorf("an admin demoting itself: %d", s)
	}
	c.assertUnchanged(before)
}

// TestHostileNames sends path traversal in uploaded file names and SQL injection strings in
// every filter and name: each is answered, never with a server error, and nothing changes.
func TestHostileNames(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	admin := signIn(t, base, "admin", demoPassword)
	before := c.snapshot()
	hostile := []string{`' OR '1'='1`, `1; DROP TABLE observations; --`, `%`, `_`, `370171' --`, `"); DELETE FROM users; --`, `\`, "\x00"}
	for _, h := range hostile {
		q := url.QueryEscape(h)
		for _, path := range []string{
			"/api/v1/units?code=" + q, "/api/v1/units?parent=" + q,
			"/api/v1/observations?unit=" + q, "/api/v1/observations?indicator=" + q,
			"/api/v1/observations/history?unit=" + q + "&indicator=" + q + "&period=2019",
			"/api/v1/query?indicator=" + q + "&period=2019", "/api/v1/query?indicator=gdp&period=2019&unit=" + q,
			"/api/v1/query?indicator=gdp&period=2019&group=" + q, "/api/v1/query?indicator=gdp&period=2019&ref=" + q,
			"/api/v1/check?unit=" + q, "/api/v1/brief?unit=" + q + "&period=2019", "/api/v1/dashboard?unit=" + q + "&period=2019",
			"/api/v1/export?unit=" + q, "/api/v1/audit?actor=" + q, "/api/v1/audit?action=" + q, "/api/v1/audit?unit=" + q,
			"/api/v1/tokens?user=" + q,
		} {
			s, d, _ := request(t, base, admin, "GET", path, "", nil)
			if s >= 500 || !json.Valid(d) && s != 200 {
				t.Errorf("GET %s: %d %.200s", path, s, d)
			}
		}
		for _, w := range []struct{ method, path, body string }{
			{"PUT", "/api/v1/users/" + url.PathEscape(h), `{"role":"viewer","password":"a-long-enough-password"}`},
			{"PUT", "/api/v1/units/" + url.PathEscape(h), `{"name":"x","kind":"park","parent":"370171"}`},
		} {
			s, d, _ := request(t, base, admin, w.method, w.path, "application/json", []byte(w.body))
			if s >= 500 || (s == 200 && w.method != "POST") {
				t.Errorf("%s %s: %d %.200s", w.method, w.path, s, d)
			}
		}
	}
	for _, h := range hostile {
		body, _ := json.Marshal(map[string]string{"name": h, "password": "x"})
		if s, d, _ := request(t, base, nil, "POST", "/api/v1/session", "application/json", body); s != 401 {
			t.Errorf("sign in as %q: %d %s", h, s, d)
		}
	}
	// The audit log's unit filter matches codes literally: "%" finds nothing.
	_, d, _ := request(t, base, admin, "GET", "/api/v1/audit?unit=%25", "", nil)
	if !strings.Contains(string(d), `"total":0`) {
		t.Errorf("audit filtered by %%: %.200s", d)
	}
	// A file name with a path is reduced to its base name: it labels messages, never a path.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", `../../../etc/cron.d/figures.csv`)
	io.WriteString(part, "unit,indicator,period,value,growth\n370171,gdp,2019,1150.2,10.5\n")
	part, _ = mw.CreateFormFile("file", `..\..\windows\bad.csv`)
	io.WriteString(part, "unit,indicator,period,value,growth\n370171,nope,2019,1,1\n")
	mw.Close()
	s, d, _ := request(t, base, admin, "POST", "/api/v1/import", mw.FormDataContentType(), body.Bytes())
	if s != 400 || strings.Contains(string(d), "..") || !strings.Contains(string(d), `"file":"bad.csv"`) {
		t.Errorf("upload with paths in its names: %d %s", s, d)
	}
	c.assertUnchanged(before)
	// The tables are all still there and whole.
	out := c.mustRun("export", "--format", "csv")
	if strings.Count(out, "\n") != len(before.Observations)+1 {
		t.Errorf("the export has %d lines for %d observations", strings.Count(out, "\n"), len(before.Observations))
	}
}

// TestAuditLogRecordsWritesAndIsReadOnly checks that an edit through the API is in the log with
// who, from where, and the value before and after, and that the log cannot be changed.
func TestAuditLogRecordsWritesAndIsReadOnly(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "bonded-reporter", demoPassword)
	s, d, _ := request(t, base, b, "PUT", "/api/v1/observations", "application/json",
		[]byte(`{"observations":[{"unit":"370171-01","indicator":"imports_exports","period":"2019","value":71.9,"growth":37.3}]}`))
	if s != 200 {
		t.Fatalf("edit: %d %s", s, d)
	}
	admin := signIn(t, base, "admin", demoPassword)
	_, d, _ = request(t, base, admin, "GET", "/api/v1/audit?actor=bonded-reporter&action=observations.write&unit=370171-01", "", nil)
	var list struct {
		Entries []zoneboard.AuditEntry `json:"entries"`
		Total   int                    `json:"total"`
	}
	json.Unmarshal(d, &list)
	if list.Total != 1 || list.Entries[0].Address != "127.0.0.1" || list.Entries[0].Source != "API PUT /api/v1/observations" {
		t.Fatalf("audit: %s", d)
	}
	_, d, _ = request(t, base, admin, "GET", "/api/v1/audit/"+strconv.FormatInt(list.Entries[0].ID, 10), "", nil)
	var detail struct {
		Observations []struct {
			Unit   string                   `json:"unit"`
			Period string                   `json:"period"`
			Before *zoneboard.FigureVersion `json:"before"`
			After  *zoneboard.FigureVersion `json:"after"`
		} `json:"observations"`
	}
	json.Unmarshal(d, &detail)
	if len(detail.Observations) != 1 || *detail.Observations[0].Before.Value != 71.6 || *detail.Observations[0].After.Value != 71.9 {
		t.Errorf("audit detail: %s", d)
	}
	// The history of the observation names the reporter.
	_, d, _ = request(t, base, admin, "GET", "/api/v1/observations/history?unit=370171-01&indicator=imports_exports&period=2019", "", nil)
	if !strings.Contains(string(d), `"recorded_by":"bonded-reporter"`) || !strings.Contains(string(d), fmt.Sprintf(`"audit_id":%d`, list.Entries[0].ID)) ||
		!strings.Contains(string(d), fmt.Sprintf(`"replaced_audit_id":%d`, list.Entries[0].ID)) {
		t.Errorf("history does not link to the audit entry %d: %s", list.Entries[0].ID, d)
	}
	// Days bound the log, both included; a day that does not parse says so.
	today := time.Now().Format("2006-01-02")
	if _, d, _ := request(t, base, admin, "GET", "/api/v1/audit?actor=bonded-reporter&from="+today+"&to="+today, "", nil); !strings.Contains(string(d), `"total":`) ||
		strings.Contains(string(d), `"total":0`) {
		t.Errorf("today's entries: %s", d)
	}
	if s, d, _ := request(t, base, admin, "GET", "/api/v1/audit?from=2026-13-01", "", nil); s != 400 || !strings.Contains(string(d), "2026-13-01") {
		t.Errorf("a bad day: %d %s", s, d)
	}
	// No endpoint changes the log, and the database refuses to.
	for _, method := range []string{"PUT", "DELETE", "POST"} {
		if s, _, _ := request(t, base, admin, method, "/api/v1/audit/1", "application/json", []byte(`{}`)); s != 405 {
			t.Errorf("%s an audit entry: %d", method, s)
		}
	}
	raw, err := sql.Open("sqlite", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{`UPDATE audit_log SET actor = 'someone else'`, `DELETE FROM audit_log`} {
		if _, err := raw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "the audit log cannot be changed") {
			t.Errorf("%s: %v", stmt, err)
		}
	}
}

// TestUsersFromTheCommandLine checks 'zoneboard user' and that a new database has no open door.
func TestUsersFromTheCommandLine(t *testing.T) {
	c := newCLI(t)
	c.mustRun("migrate")
	// no users: the API refuses everyone, and serve prints a one-time setup link
	base, log := c.startServerWithoutAdmin(t)
	if s, _, _ := request(t, base, nil, "GET", "/api/v1/units", "", nil); s != 401 {
		t.Errorf("a new database's API: %d", s)
	}
	i := strings.Index(log, "/setup#")
	if i < 0 {
		t.Fatalf("serve printed no setup link:\n%s", log)
	}
	token := strings.Fields(log[i+len("/setup#"):])[0]
	if s, _, _ := request(t, base, nil, "POST", "/api/v1/setup", "application/json", []byte(`{"token":"wrong","name":"boss","password":"a-long-enough-password"}`)); s != 403 {
		t.Errorf("setup with a wrong token: %d", s)
	}
	s, d, h := request(t, base, nil, "POST", "/api/v1/setup", "application/json",
		[]byte(`{"token":"`+token+`","name":"boss","display_name":"主任","password":"a-long-enough-password"}`))
	if s != 200 || sessionCookie(h) == nil || !strings.Contains(string(d), `"role":"admin"`) {
		t.Fatalf("setup: %d %s", s, d)
	}
	if s, _, _ := request(t, base, nil, "POST", "/api/v1/setup", "application/json",
		[]byte(`{"token":"`+token+`","name":"boss2","password":"a-long-enough-password"}`)); s != 409 {
		t.Errorf("a second setup: %d", s)
	}

	_, errText, status := c.run("user", "add", "park1", "--role", "reporter", "--scope", "nowhere")
	if status != 1 || !strings.Contains(errText, "数据范围：“nowhere”不是已知的单位编码") {
		t.Errorf("a scope of no unit: %d %s", status, errText)
	}
	_, errText, status = c.run("user", "add", "park1", "--role", "reporter")
	if status != 1 || !strings.Contains(errText, "填报员需要数据范围") {
		t.Errorf("a reporter without a scope: %d %s", status, errText)
	}
	_, errText, status = c.run("--lang", "en", "user", "add", "a b", "--role", "viewer")
	if status != 1 || !strings.Contains(errText, "may hold only letters") {
		t.Errorf("a name with a space: %d %s", status, errText)
	}
	out := c.mustRun("user", "add", "reader", "--role", "viewer", "--display-name", "读者")
	password := strings.TrimSpace(out[strings.Index(out, "密码：")+len("密码："):])
	signIn(t, base, "reader", password)
	c.stdinRun("a-chosen-password\n", "user", "passwd", "reader", "--password-stdin")
	signIn(t, base, "reader", "a-chosen-password")
	list := c.mustRun("user", "list")
	for _, want := range []string{"boss", "主任", "admin", "reader", "读者", "viewer"} {
		if !strings.Contains(list, want) {
			t.Errorf("user list lacks %q:\n%s", want, list)
		}
	}
	tokenOut := c.mustRun("user", "token", "reader", "--name", "script", "--days", "7")
	secret := strings.TrimSpace(tokenOut[strings.LastIndex(strings.TrimSpace(tokenOut), "\n")+1:])
	if !strings.HasPrefix(secret, auth.TokenPrefix) {
		t.Fatalf("token output: %s", tokenOut)
	}
	audit := c.mustRun("audit")
	for _, want := range []string{"setup", "user.create", "user.password", "token.create", "cli:tester"} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, audit)
		}
	}
	if strings.Contains(audit, secret) || strings.Contains(audit, "a-chosen-password") || strings.Contains(audit, password) {
		t.Errorf("the audit log holds a secret:\n%s", audit)
	}
	c.mustRun("user", "disable", "reader")
	body, _ := json.Marshal(map[string]string{"name": "reader", "password": "a-chosen-password"})
	if s, _, _ := request(t, base, nil, "POST", "/api/v1/session", "application/json", body); s != 401 {
		t.Errorf("a disabled user signing in: %d", s)
	}
}

// TestThrottleHoldsUnderBurstsAndSpraying sends a burst of wrong passwords at once, and
// sprays guesses over many names with a sign-in of one's own in between: neither gets more
// tries than the limits.
func TestThrottleHoldsUnderBurstsAndSpraying(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	attempt := func(name, password string) int {
		body, _ := json.Marshal(map[string]string{"name": name, "password": password})
		s, _, _ := request(t, base, nil, "POST", "/api/v1/session", "application/json", body)
		return s
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := attempt("viewer", "a-wrong-password")
			mu.Lock()
			statuses[s]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[401] != auth.MaxFailuresPerName || statuses[429] != 30-auth.MaxFailuresPerName {
		t.Errorf("a burst of 30 wrong passwords: %v, want %d refused as wrong and the rest throttled", statuses, auth.MaxFailuresPerName)
	}
	// Spraying: one guess at each of many names, with the attacker's own sign-in between.
	throttled := 0
	for i := 0; i < 30; i++ {
		if i == 10 {
			if s := attempt("analyst", demoPassword); s != 200 {
				t.Fatalf("own sign-in: %d", s)
			}
		}
		if attempt(fmt.Sprintf("someone-%d", i), "guess") == 429 {
			throttled++
		}
	}
	// The address has 5 failures from the burst; 15 more of the spray reach the limit of 20.
	if want := 30 - (auth.MaxFailuresPerAddress - auth.MaxFailuresPerName); throttled != want {
		t.Errorf("spraying 30 names: %d throttled, want %d", throttled, want)
	}
}

// withTokenSecret creates a token for a signed-in browser and returns its secret.
func withTokenSecret(t *testing.T, base string, b *browser) string {
	t.Helper()
	s, d, _ := request(t, base, b, "POST", "/api/v1/tokens", "application/json", []byte(`{"name":"parent"}`))
	if s != 200 {
		t.Fatalf("create a token: %d %s", s, d)
	}
	var v struct {
		Secret string `json:"secret"`
	}
	json.Unmarshal(d, &v)
	return v.Secret
}

// TestBehindAProxy believes the proxy's headers only when told to: the client's address in the
// audit log and the Secure cookie over HTTPS.
func TestBehindAProxy(t *testing.T) {
	for _, behind := range []bool{false, true} {
		c := newCLI(t)
		c.mustRun("demo", "--load-only", "--password", demoPassword)
		if behind {
			c.serveFlags = []string{"--behind-proxy"}
		}
		base := c.startServer(t)
		body, _ := json.Marshal(map[string]string{"name": "viewer", "password": demoPassword})
		req, _ := http.NewRequest("POST", base+"/api/v1/session", bytes.NewReader(body))
		req.Header.Set("X-Forwarded-For", "198.51.100.9, 203.0.113.7")
		req.Header.Set("X-Forwarded-Proto", "https")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookie := sessionCookie(resp.Header)
		audit := c.mustRun("audit", "--action", "session.login", "--format", "json")
		if behind != strings.Contains(audit, `"address": "203.0.113.7"`) || cookie == nil || cookie.Secure != behind {
			t.Errorf("behind a proxy %v: cookie %v, audit %s", behind, cookie, audit)
		}
	}
}

// Loading the demo again (after an upgrade, say) keeps the passwords its users have; only
// --password sets new ones.
func TestDemoLoadedTwiceKeepsPasswords(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	out := c.mustRun("demo", "--load-only")
	if !strings.Contains(out, "密码未变") {
		t.Errorf("the second load does not say the passwords are kept:\n%s", out)
	}
	base := c.startServer(t)
	signIn(t, base, "admin", demoPassword)
}

// 'zoneboard audit --verify' checks the log end to end, and reports the first entry changed
// behind the program's back with exit status 1.
func TestAuditVerify(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	out := c.mustRun("audit", "--verify", "--lang", "en")
	if !strings.Contains(out, "audit log intact") || !strings.Contains(out, "chain head: ") {
		t.Fatalf("an untouched log: %s", out)
	}
	// the head printed now finds, later, entries cut from the end, which leave a chain that holds
	head := strings.Fields(out[strings.Index(out, "chain head: ")+len("chain head: "):])[0]
	raw, err := sql.Open("sqlite", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{`DROP TRIGGER audit_log_no_delete`, `DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	if out := c.mustRun("audit", "--verify"); !strings.Contains(out, "审计日志完好") {
		t.Errorf("a log cut at its end still holds as a chain: %s", out)
	}
	if _, errText, status := c.run("audit", "--verify", "--lang", "en", "--head", head); status != 1 || !strings.Contains(errText, "entries were cut from the end") {
		t.Errorf("a log cut at its end, checked against the recorded head: exit %d, %s", status, errText)
	}
	var id int64
	raw.QueryRow(`SELECT MIN(id) + 1 FROM audit_log`).Scan(&id)
	for _, stmt := range []string{`DROP TRIGGER audit_log_no_update`, fmt.Sprintf(`UPDATE audit_log SET actor = 'someone else' WHERE id = %d`, id)} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	_, errText, status := c.run("audit", "--verify")
	if status != 1 || !strings.Contains(errText, fmt.Sprintf("审计日志在第%d条", id)) || !strings.Contains(errText, "someone else") {
		t.Errorf("a changed entry: exit %d, %s", status, errText)
	}
}

// Credentials stay dead: disabling a user revokes its tokens for good (enabling it again
// does not revive them), and a new password revokes an admin's tokens unless kept.
func TestCredentialsStayDead(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	token := func(user string) string {
		out := strings.TrimSpace(c.mustRun("user", "token", user, "--name", "script"))
		return out[strings.LastIndex(out, "\n")+1:]
	}
	base := c.startServer(t)
	status := func(secret string) int {
		req, _ := http.NewRequest("GET", base+"/api/v1/units", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	reporter, admin, kept := token("bonded-reporter"), token("admin"), token("viewer")
	for _, secret := range []string{reporter, admin, kept} {
		if got := status(secret); got != 200 {
			t.Fatalf("a new token: %d", got)
		}
	}
	c.mustRun("user", "disable", "bonded-reporter")
	c.mustRun("user", "enable", "bonded-reporter")
	if got := status(reporter); got != 401 {
		t.Errorf("the token of a user disabled and enabled again: %d, want 401", got)
	}
	if out := c.stdinRun(demoPassword+"-new\n", "user", "passwd", "admin", "--password-stdin"); !strings.Contains(out, "1 token(s) of admin revoked") {
		t.Errorf("an admin's new password: %s", out)
	}
	if got := status(admin); got != 401 {
		t.Errorf("an admin's token after a new password: %d, want 401", got)
	}
	c.stdinRun(demoPassword+"-new\n", "user", "passwd", "viewer", "--password-stdin")
	if got := status(kept); got != 200 {
		t.Errorf("a viewer's token after a new password (kept by default): %d, want 200", got)
	}
	c.stdinRun(demoPassword+"-newer\n", "user", "passwd", "viewer", "--password-stdin", "--tokens", "revoke")
	if got := status(kept); got != 401 {
		t.Errorf("a viewer's token after --tokens revoke: %d, want 401", got)
	}
}
