package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"zoneboard/ui"
)

// tokens holds, by server address, the API token of the admin that startServer creates, which
// client sends with every request that names no Authorization of its own.
var tokens sync.Map

// client is the tests' HTTP client: signed in as the server's test admin.
var client = &http.Client{Transport: asTestAdmin{}}

type asTestAdmin struct{}

func (asTestAdmin) RoundTrip(r *http.Request) (*http.Response, error) {
	if token, ok := tokens.Load(r.URL.Host); ok && r.Header.Get("Authorization") == "" && r.Header.Get("Cookie") == "" {
		r = r.Clone(r.Context())
		r.Header.Set("Authorization", "Bearer "+token.(string))
	}
	return http.DefaultTransport.RoundTrip(r)
}

// startServer runs 'zoneboard serve' on a random port with an admin whose token client sends,
// and returns the base URL.
func (c *cli) startServer(t *testing.T) string {
	if _, errText, status := c.run("user", "add", "test-admin", "--role", "admin"); status != 0 && !strings.Contains(errText, "exists already") {
		t.Fatalf("cannot add the test admin: %s", errText)
	}
	printed := strings.TrimSpace(c.mustRun("user", "token", "test-admin", "--name", "tests"))
	token := printed[strings.LastIndex(printed, "\n")+1:]
	base, _ := c.startServerWithoutAdmin(t)
	tokens.Store(strings.TrimPrefix(base, "http://"), token)
	return base
}

// startServerWithoutAdmin runs 'zoneboard serve' on a random port and returns its base URL
// and what it printed on starting.
func (c *cli) startServerWithoutAdmin(t *testing.T) (string, string) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	c.log = &syncBuffer{}
	m := &Main{Stdout: c.log, Stderr: c.log, Getenv: func(k string) string {
		if k == "ZONEBOARD_DB" {
			return c.db
		}
		return ""
	}, Ready: func(addr string) { ready <- addr }}
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, c.serveFlags...)) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve ended: %v\n%s", err, c.log.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	// the setup link is printed after the server listens
	time.Sleep(50 * time.Millisecond)
	return "http://" + addr, c.log.String()
}

// serverLog is what the last server started printed.
func (c *cli) serverLog() string { return c.log.String() }

// syncBuffer is a buffer that a server goroutine writes while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func getJSON(t *testing.T, url string, wantStatus int) map[string]any {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d: %s", url, resp.StatusCode, wantStatus, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q", url, ct)
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, body)
	}
	return v
}

func TestServeAnswersHealthAndTheAPI(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)

	if got := getJSON(t, base+"/healthz", 200); got["status"] != "ok" {
		t.Errorf("/healthz = %v", got)
	}
	obs := getJSON(t, base+"/api/v1/observations?unit=370171&indicator=gdp&period=2019年", 200)["observations"].([]any)
	if len(obs) != 1 {
		t.Fatalf("%d observations, want 1", len(obs))
	}
	o := obs[0].(map[string]any)
	if o["value"] != 1150.2 || o["growth"] != 10.5 || o["period"] != "2019" || o["unit"] != "370171" {
		t.Errorf("observation = %v", o)
	}
	units := getJSON(t, base+"/api/v1/units?parent=3701", 200)["units"].([]any)
	if len(units) != 16 {
		t.Errorf("%d children of 3701, want 16", len(units))
	}
	groups := getJSON(t, base+"/api/v1/groups", 200)["groups"].([]any)
	if len(groups) != 2 {
		t.Errorf("%d groups, want 2", len(groups))
	}
	history := getJSON(t, base+"/api/v1/observations/history?unit=370171&indicator=gdp&period=2019", 200)
	if history["current"] == nil || len(history["earlier"].([]any)) != 0 {
		t.Errorf("history = %v", history)
	}

	for _, tt := range []struct {
		path   string
		status int
		code   string
	}{
		{"/api/v1/observations?period=2020-Q5", 400, "invalid"},
		{"/api/v1/observations?limit=-1", 400, "invalid"},
		{"/api/v1/observations?limit=abc", 400, "invalid"},
		{"/api/v1/observations/history?unit=nope&indicator=gdp&period=2019", 404, "not_found"},
		{"/api/v1/nothing-here", 404, "not_found"},
	} {
		got := getJSON(t, base+tt.path, tt.status)
		e, _ := got["error"].(map[string]any)
		if e == nil || e["code"] != tt.code || e["message"] == "" {
			t.Errorf("%s: %v, want error code %s", tt.path, got, tt.code)
		}
	}
	resp, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ui.Built() {
		if !strings.Contains(string(page), "<div id=\"app\"") {
			t.Errorf("the root page is not the web UI:\n%s", page)
		}
	} else if !strings.Contains(string(page), "make build") {
		t.Errorf("the root page does not say how to build the UI:\n%s", page)
	}
}

// TestQueryAPISeesAWriteAtOnce queries over HTTP, imports a correction from another command
// while the server runs, and expects the very next query to show it.
func TestQueryAPISeesAWriteAtOnce(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	rows := getJSON(t, base+"/api/v1/query?indicator=gdp&period=2019&unit=370171", 200)["rows"].([]any)
	if len(rows) != 1 {
		t.Fatalf("%d rows", len(rows))
	}
	row := rows[0].(map[string]any)
	want := map[string]any{"value": 1150.2, "growth": 10.5, "ref_growth": 7.0, "multiple": 1.5, "rank_by_growth": 1.0, "peers": 16.0, "growth_source": "reported"}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %v, want %v", k, row[k], v)
		}
	}
	keys := []string{}
	for k := range row {
		keys = append(keys, k)
	}
	if len(keys) != 16 {
		t.Errorf("a row has %d fields, want the 16 columns: %v", len(keys), keys)
	}
	c.mustRun("import", c.file("fix.csv", header+"370171,gdp,2019,1150.3,10.6\n"))
	row = getJSON(t, base+"/api/v1/query?indicator=gdp&period=2019&unit=370171", 200)["rows"].([]any)[0].(map[string]any)
	if row["value"] != 1150.3 || row["growth"] != 10.6 {
		t.Errorf("after the import: value %v, growth %v; want 1150.3 and 10.6", row["value"], row["growth"])
	}
	for _, path := range []string{"/api/v1/query?period=2019", "/api/v1/query?indicator=gdp", "/api/v1/query?indicator=gdp&period=2019&unit=nobody",
		"/api/v1/query?indicator=gdp&period=2019&extra=bogus", "/api/v1/query?indicator=gdp&period=2019-Q9"} {
		e := getJSON(t, base+path, 400)["error"].(map[string]any)
		if e["code"] != "invalid" {
			t.Errorf("%s: %v", path, e)
		}
	}
	checks := getJSON(t, base+"/api/v1/check?indicator=gdp&period=2019&unit=3701", 200)["checks"].([]any)
	if len(checks) != 1 || checks[0].(map[string]any)["published"] != 9443.4 {
		t.Errorf("check = %v", checks)
	}
}

func TestBriefAPI(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	b := getJSON(t, base+"/api/v1/brief?unit=370171&period=2019", 200)
	if !strings.Contains(b["lead"].(string), "地区生产总值实现1150.2亿元") || b["title"] != "济南高新区2019年经济运行简报" {
		t.Errorf("briefing = %v", b)
	}
	for format, want := range map[string]string{"text": "text/plain", "md": "text/markdown", "html": "text/html",
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} {
		resp, err := client.Get(base + "/api/v1/brief?unit=370171&period=2020-Q1&lang=en&format=" + format)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want) || len(body) < 500 {
			t.Errorf("%s: status %d, type %q, %d bytes", format, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	}
	// Without a period, the briefing and the dashboard open on the latest period with the
	// headline figure, cumulative (2020年, not 2020年12月), and their lead is written.
	for _, path := range []string{"/api/v1/brief?unit=370171", "/api/v1/dashboard?unit=370171"} {
		got := getJSON(t, base+path, 200)
		if got["period"] != "2020" || !strings.HasPrefix(fmt.Sprint(got["lead"]), "2020年，济南高新区地区生产总值实现1291.5亿元") {
			t.Errorf("%s: period %v, lead %v", path, got["period"], got["lead"])
		}
	}
	for _, path := range []string{"/api/v1/brief?period=2020", "/api/v1/brief?unit=370171&period=2019&format=pdf",
		"/api/v1/brief?unit=370171&period=2019&lang=fr", "/api/v1/brief?unit=nobody&period=2019"} {
		if e := getJSON(t, base+path, 400)["error"].(map[string]any); e["code"] != "invalid" {
			t.Errorf("%s: %v", path, e)
		}
	}
}
