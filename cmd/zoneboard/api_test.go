package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// send makes a request and decodes the JSON answer, checking the status.
func send(t *testing.T, method, url, contentType string, body io.Reader, wantStatus int) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, wantStatus, data)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s %s: the answer is not JSON: %s", method, url, data)
	}
	return v
}

func errorCode(v map[string]any) string {
	e, _ := v["error"].(map[string]any)
	if e == nil || e["message"] == "" {
		return ""
	}
	code, _ := e["code"].(string)
	return code
}

func upload(t *testing.T, url string, files map[string][]byte, wantStatus int) map[string]any {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, data := range files {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
	}
	mw.Close()
	return send(t, "POST", url, mw.FormDataContentType(), &body, wantStatus)
}

// TestAPIWrites writes, edits and deletes through the API and checks that every refused
// request answers the error JSON and changes nothing.
func TestAPIWrites(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	api := base + "/api/v1"
	before := c.snapshot()

	refused := []struct {
		name, method, path, contentType, body string
		status                                int
		code                                  string
	}{
		{"MalformedJSON", "PUT", "/observations", "application/json", `{"observations": [`, 400, "invalid"},
		{"EmptyBody", "PUT", "/observations", "application/json", ``, 400, "invalid"},
		{"UnknownField", "PUT", "/observations", "application/json", `{"observations": [], "dryrun": true}`, 400, "invalid"},
		{"WrongType", "PUT", "/observations", "application/json", `{"observations": [{"unit": "370171", "indicator": "gdp", "period": "2021", "value": "abc"}]}`, 400, "invalid"},
		{"UnknownUnit", "PUT", "/observations", "application/json", `{"observations": [{"unit": "nobody", "indicator": "gdp", "period": "2021", "value": 1}]}`, 400, "invalid"},
		{"BadPeriod", "PUT", "/observations", "application/json", `{"observations": [{"unit": "370171", "indicator": "gdp", "period": "2020-Q5", "value": 1}]}`, 400, "invalid"},
		{"GrowthBelowMinusHundred", "PUT", "/observations", "application/json", `{"observations": [{"unit": "370171", "indicator": "gdp", "period": "2021", "value": 1, "growth": -101}]}`, 400, "invalid"},
		{"TrailingData", "PUT", "/observations", "application/json", `{"observations": []} {}`, 400, "invalid"},
		{"OversizedBody", "PUT", "/observations", "application/json", `{"observations": [` + strings.Repeat(`{"unit": "370171"},`, 600000) + `{}]}`, 413, "too_large"},
		{"UnitWithBadKind", "PUT", "/units/X1", "application/json", `{"name": "某园区", "kind": "campus", "parent": "370171"}`, 400, "invalid"},
		{"UnitWithUnknownParent", "PUT", "/units/X1", "application/json", `{"name": "某园区", "kind": "park", "parent": "nowhere"}`, 400, "invalid"},
		{"GroupWithUnknownMember", "PUT", "/groups/g1", "application/json", `{"name": "组", "members": ["nobody"]}`, 400, "invalid"},
		{"GroupWithoutMembers", "PUT", "/groups/g1", "application/json", `{"name": "组", "members": []}`, 400, "invalid"},
		{"IndicatorWithBadFrequency", "PUT", "/indicators/x1", "application/json", `{"name": "指标", "frequency": "weekly"}`, 400, "invalid"},
		{"IndicatorWithBadFormula", "PUT", "/indicators/x1", "application/json", `{"name": "指标", "frequency": "year", "formula": "gdp / nothing"}`, 400, "invalid"},
		{"DeleteMissing", "DELETE", "/observations?unit=370171&indicator=gdp&period=2030", "", ``, 404, "not_found"},
		{"DeleteWithoutKey", "DELETE", "/observations?unit=370171", "", ``, 400, "invalid"},
		{"ImportWithoutFile", "POST", "/import", "application/json", `{}`, 400, "invalid"},
		{"ExportBadFormat", "GET", "/export?format=pdf", "", ``, 400, "invalid"},
		{"QueryBadFormat", "GET", "/query?indicator=gdp&period=2019&format=pdf", "", ``, 400, "invalid"},
		{"DashboardUnknownUnit", "GET", "/dashboard?unit=nobody&period=2019", "", ``, 400, "invalid"},
		{"DashboardWithoutUnit", "GET", "/dashboard?period=2020", "", ``, 400, "invalid"},
		{"WrongMethod", "POST", "/units", "application/json", `{}`, 405, ""},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, api+tt.path, strings.NewReader(tt.body))
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tt.status, data)
			}
			if tt.code != "" {
				var v map[string]any
				if err := json.Unmarshal(data, &v); err != nil || errorCode(v) != tt.code {
					t.Errorf("answer %s, want the error JSON with code %s", data, tt.code)
				}
			}
		})
	}
	c.t = t
	c.assertUnchanged(before)

	// The problems of a refused write name the record and the field.
	v := send(t, "PUT", api+"/observations", "application/json", strings.NewReader(
		`{"observations": [{"unit": "370171", "indicator": "gdp", "period": "2021", "value": 1300, "growth": 6}, {"unit": "370171", "indicator": "gdp", "period": "2021-Q1", "value": -5}]}`), 400)
	problems := v["error"].(map[string]any)["problems"].([]any)
	if len(problems) != 1 || problems[0].(map[string]any)["row"] != 2.0 || problems[0].(map[string]any)["column"] != "value" {
		t.Errorf("problems = %v", problems)
	}

	// A dry run counts and writes nothing; a write keeps the previous version.
	write := `{"observations": [{"unit": "370171", "indicator": "gdp", "period": "2019", "value": 1150.3, "growth": 10.5, "status": "revised", "source": "年鉴"}], "dry_run": true}`
	v = send(t, "PUT", api+"/observations", "application/json", strings.NewReader(write), 200)
	if v["dry_run"] != true || v["result"].(map[string]any)["observations"].(map[string]any)["updated"] != 1.0 {
		t.Errorf("dry run = %v", v)
	}
	c.assertUnchanged(before)
	send(t, "PUT", api+"/observations", "application/json", strings.NewReader(strings.Replace(write, `"dry_run": true`, `"dry_run": false`, 1)), 200)
	h := getJSON(t, api+"/observations/history?unit=370171&indicator=gdp&period=2019", 200)
	if h["current"].(map[string]any)["value"] != 1150.3 || len(h["earlier"].([]any)) != 1 || h["current"].(map[string]any)["recorded_by"] != "test-admin" {
		t.Errorf("history = %v", h)
	}
	if row := getJSON(t, api+"/query?indicator=gdp&period=2019&unit=370171", 200)["rows"].([]any)[0].(map[string]any); row["value"] != 1150.3 {
		t.Errorf("the query does not show the write: %v", row)
	}

	// Definitions.
	u := send(t, "PUT", api+"/units/370171-08", "application/json", strings.NewReader(`{"name": "新园区", "name_en": "New Park", "kind": "park", "parent": "370171"}`), 200)
	if u["unit"].(map[string]any)["parent"] != "370171" || u["result"].(map[string]any)["created"] != 1.0 {
		t.Errorf("unit = %v", u)
	}
	g := send(t, "PUT", api+"/groups/jngx_parks", "application/json", strings.NewReader(`{"name": "济南高新区各园区", "members": ["370171-01", "370171-08"]}`), 200)
	if len(g["group"].(map[string]any)["members"].([]any)) != 2 {
		t.Errorf("group = %v", g)
	}
	ind := send(t, "PUT", api+"/indicators/gdp_per_capita", "application/json", strings.NewReader(
		`{"name": "人均地区生产总值", "unit": "元", "frequency": "year", "aggregate": "none", "decimals": 0, "formula": "gdp * 10000 / population"}`), 400)
	if errorCode(ind) != "invalid" {
		t.Errorf("a formula over an unknown indicator: %v", ind)
	}
	ind = send(t, "PUT", api+"/indicators/patents", "application/json", strings.NewReader(
		`{"name": "发明专利授权量", "name_en": "Invention patents granted", "unit": "件", "frequency": "year", "cumulative": true, "decimals": 0}`), 200)
	if ind["indicator"].(map[string]any)["frequency"] != "year" {
		t.Errorf("indicator = %v", ind)
	}

	// Delete keeps the history and disappears from the query.
	send(t, "DELETE", api+"/observations?unit=370102&indicator=gdp&period=2019", "", nil, 200)
	if row := getJSON(t, api+"/query?indicator=gdp&period=2019&unit=370171", 200)["rows"].([]any)[0].(map[string]any); row["peers"] != 15.0 {
		t.Errorf("after deleting a peer's figure: peers %v, want 15", row["peers"])
	}
}

func TestAPIImportAndExport(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	api := base + "/api/v1"
	before := c.snapshot()

	bad := []byte("unit,indicator,period,value,growth\n370171,gdp,2021,1300,6\n370171,gdp,2021-Q1,abc,1\n")
	v := upload(t, api+"/import?dry_run=true", map[string][]byte{"../../etc/bad.csv": bad}, 400)
	problems := v["error"].(map[string]any)["problems"].([]any)
	p := problems[0].(map[string]any)
	if len(problems) != 1 || p["file"] != "bad.csv" || p["row"] != 3.0 || p["column_letter"] != "D" || !strings.Contains(p["message"].(string), `"abc" is not a number`) {
		t.Errorf("problems = %v", problems)
	}
	upload(t, api+"/import", map[string][]byte{"bad.csv": bad}, 400)
	c.assertUnchanged(before)
	if len(bytes.Repeat([]byte("x"), 1)) > 0 {
		huge := bytes.Repeat([]byte("370171,gdp,2021,1300,6\n"), (65<<20)/23)
		if v := upload(t, api+"/import", map[string][]byte{"huge.csv": huge}, 413); errorCode(v) != "too_large" {
			t.Errorf("an oversized upload: %v", v)
		}
	}
	c.assertUnchanged(before)

	good := []byte("unit,indicator,period,value,growth\n370171,gdp,2021,1400,7.5\n")
	v = upload(t, api+"/import?dry_run=true", map[string][]byte{"good.csv": good}, 200)
	if r := v["report"].(map[string]any); r["dry_run"] != true || r["result"].(map[string]any)["observations"].(map[string]any)["created"] != 1.0 {
		t.Errorf("dry run report = %v", v)
	}
	c.assertUnchanged(before)
	upload(t, api+"/import", map[string][]byte{"good.csv": good}, 200)
	if len(c.snapshot().Observations) != len(before.Observations)+1 {
		t.Error("the import did not write the observation")
	}

	resp, err := client.Get(api + "/export?format=csv&unit=370171&indicator=gdp&period=2021")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "370171,gdp,2021,1400,7.5") || !strings.Contains(resp.Header.Get("Content-Disposition"), "observations.csv") {
		t.Errorf("export: %s", body)
	}
	resp, err = client.Get(api + "/query?indicator=gdp,online_retail&period=2020-Q1&group=jinan16&format=xlsx")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	wb, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the query workbook does not open: %v", err)
	}
	rows, _ := wb.GetRows("query")
	if len(rows) != 33 || rows[0][0] != "unit" || rows[0][15] != "peers" {
		t.Errorf("the query workbook has %d rows: %v", len(rows), rows[0])
	}

	spec := getJSON(t, api+"/openapi.json", 200)
	paths := spec["paths"].(map[string]any)
	for _, path := range []string{"/api/v1/dashboard", "/api/v1/import", "/api/v1/session", "/api/v1/setup", "/api/v1/users/{name}",
		"/api/v1/tokens/{id}", "/api/v1/audit", "/api/v1/audit/{id}", "/api/v1/brief/template"} {
		if paths[path] == nil {
			t.Errorf("the OpenAPI document lacks %s", path)
		}
	}
	d := getJSON(t, api+"/dashboard?unit=370171&period=2019", 200)
	cards := d["cards"].([]any)
	gdp := cards[0].(map[string]any)
	if gdp["indicator"] != "gdp" || gdp["value"] != 1150.2 || gdp["rank_by_growth"] != 1.0 || !strings.Contains(d["lead"].(string), "1150.2亿元") {
		t.Errorf("dashboard = %v", d)
	}
	if peers := d["peers"].([]any)[0].(map[string]any)["rows"].([]any); len(peers) != 16 {
		t.Errorf("the peers chart has %d bars, want 16", len(peers))
	}
	if trend := d["trend"].([]any)[0].(map[string]any)["points"].([]any); len(trend) != 4 {
		t.Errorf("GDP's trend through 2019 has %d points, want the four quarters' year-to-date", len(trend))
	}
}

// TestQueryAPIRefusesHugeQueriesBeforeComputing asks for millions of rows with a long URL of
// repeated names and a group of everything: it is refused at once.
func TestQueryAPIRefusesHugeQueriesBeforeComputing(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	periods := strings.Repeat("2019,", 3000) + "2020"
	start := time.Now()
	v := getJSON(t, base+"/api/v1/query?indicator="+strings.Repeat("gdp,", 3000)+"gdp&period="+periods+"&unit=370171", 200)
	if rows := v["rows"].([]any); len(rows) != 2 {
		t.Errorf("repeated names gave %d rows, want 2", len(rows))
	}
	var many []string
	for y := 1900; y < 2200; y++ {
		many = append(many, strconv.Itoa(y), strconv.Itoa(y)+"-H1", strconv.Itoa(y)+"-H2")
		for q := 1; q <= 4; q++ {
			many = append(many, strconv.Itoa(y)+"-Q"+strconv.Itoa(q))
		}
		for m := 1; m <= 12; m++ {
			many = append(many, strconv.Itoa(y)+"-"+strconv.Itoa(m))
		}
	}
	v = getJSON(t, base+"/api/v1/query?indicator=gdp,retail_sales,online_retail,imports_exports&period="+strings.Join(many, ",")+"&format=csv", 400)
	if errorCode(v) != "invalid" || !strings.Contains(v["error"].(map[string]any)["message"].(string), "more than the 200000 allowed") {
		t.Errorf("a huge query: %v", v)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("answering took %s", took)
	}
}
