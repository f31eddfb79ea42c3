package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// TestDemoPlan checks the demo's plan as the seed states it, through the CLI.
func TestDemoPlan(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	tree := c.mustRun("plan", "tree")
	for _, want := range []string{"综合保税区:一线进出口额倍增", "一线进出口额倍增", "章锦综保区申建并封关验收", "稼轩文化城",
		"大健康产业销售收入突破万亿", "千亿级核电高端装备产业集群", "人力资本产业千亿级", "金现代信息产业股份有限公司创业板上市"} {
		if !strings.Contains(tree, want) {
			t.Errorf("the plan tree lacks %q:\n%s", want, tree)
		}
	}
	// 中欧制造业发展中心: 16 infrastructure projects of nearly 10 billion yuan.
	out := c.mustRun("plan", "projects", "--by", "industry", "--unit", "370171-02", "--format", "csv")
	if !strings.Contains(out, "基础设施,,16,97.6,38.4,") {
		t.Errorf("the infrastructure projects of 中欧制造业发展中心:\n%s", out)
	}
	// 一线进出口额: 80亿元 from about 40, 100 the stretch; judged at the end of May 2020.
	out = c.mustRun("plan", "targets", "--format", "csv")
	if !strings.Contains(out, "ZBQ-TRADE,一线进出口额倍增,370171-01,first_line_trade,level,2020,2020-01..05,34.5,,80,43.125,41.66") {
		t.Errorf("the bonded zone's target:\n%s", out)
	}
	brief := c.mustRun("brief", "--unit", "370171-02", "--period", "2020-01..05")
	for _, want := range []string{"重点项目和目标任务推进情况", "基础设施项目16个，总投资近100亿元"} {
		if !strings.Contains(brief, want) {
			t.Errorf("the park's briefing lacks %q:\n%s", want, brief)
		}
	}
}

// TestProjectReportByItsParksReporter enters a month's report as the park's reporter through
// the API, sees the completion change on the project and in the briefing, and is refused for
// another park's project.
func TestProjectReportByItsParksReporter(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "zo-reporter", demoPassword)
	project := func() map[string]any {
		t.Helper()
		s, d, _ := request(t, base, b, "GET", "/api/v1/plan/projects/ZO-01?month=2020-06", "", nil)
		if s != 200 {
			t.Fatalf("project: %d %s", s, d)
		}
		var v map[string]any
		json.Unmarshal(d, &v)
		return v["project"].(map[string]any)
	}
	before := project()
	if before["cumulative"] == nil || before["month"] != nil {
		t.Fatalf("before the June report: %v", before)
	}
	s, d, _ := request(t, base, b, "PUT", "/api/v1/plan/projects/ZO-01/reports/2020-06", "application/json",
		[]byte(`{"completed": 1.5, "progress": "主体施工过半"}`))
	if s != 200 {
		t.Fatalf("report: %d %s", s, d)
	}
	after := project()
	if after["month"].(float64) != 1.5 || after["cumulative"].(float64)-before["cumulative"].(float64) < 1.49 || after["progress"] != "主体施工过半" {
		t.Errorf("after the June report: %v (before %v)", after, before)
	}
	// The briefing of the park at June states the new sum.
	s, d, _ = request(t, base, b, "GET", "/api/v1/brief?unit=370171-02&period=2020-H1&format=text", "", nil)
	if s != 200 || !strings.Contains(string(d), "完成投资") {
		t.Errorf("briefing: %d %s", s, d)
	}
	// Another park's project is not this reporter's.
	before2 := c.snapshot()
	if s, _, _ := request(t, base, b, "PUT", "/api/v1/plan/projects/FUNENG/reports/2020-06", "application/json", []byte(`{"completed": 1}`)); s != 403 {
		t.Errorf("a report on another park's project: %d", s)
	}
	// Nor may a reporter change the project itself.
	if s, _, _ := request(t, base, b, "PUT", "/api/v1/plan/projects/ZO-01", "application/json", []byte(`{"name":"x","unit":"370171-02","year":2020}`)); s != 403 {
		t.Errorf("a reporter changing a project: %d", s)
	}
	c.assertUnchanged(before2)
	// The report is in the project's history.
	_, d, _ = request(t, base, b, "GET", "/api/v1/plan/projects/ZO-01", "", nil)
	if !strings.Contains(string(d), `"actor":"zo-reporter"`) {
		t.Errorf("the project's history lacks the report: %.500s", d)
	}
}

// TestRemindersAreDelivered sends the demo's reminders to a webhook and through SMTP, both
// local test servers, and checks what they received.
func TestRemindersAreDelivered(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)

	var mu sync.Mutex
	var posts []map[string]any
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v map[string]any
		json.NewDecoder(r.Body).Decode(&v)
		mu.Lock()
		posts = append(posts, v)
		mu.Unlock()
	}))
	defer hook.Close()
	smtpAddr, mails := fakeSMTP(t)
	recipients := c.file("recipients.csv", "unit,email\n370171-01,zbq@example.org\n370171-02,zo@example.org\n")

	out := c.mustRun("remind", "--today", "2020-06-25", "--within", "7", "--webhook", hook.URL,
		"--smtp", "smtp://"+smtpAddr, "--from", "duban@example.org", "--recipients", recipients)
	// ZJ-SEAL's milestone 获批设立 is due on 2020-06-30: five days ahead; LIST-HYHB's 注册 was due on 2020-05-31.
	for _, want := range []string{"ZJ-SEAL", "获批设立", "2020-06-30", "LIST-HYHB", "注册"} {
		if !strings.Contains(out, want) {
			t.Errorf("remind lacks %q:\n%s", want, out)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	var bonded map[string]any
	for _, p := range posts {
		if p["unit"] == "370171-01" {
			bonded = p
		}
	}
	if bonded == nil || !strings.Contains(bonded["subject"].(string), "【督办提醒】综合保税区") || !strings.Contains(bonded["text"].(string), "获批设立") {
		t.Fatalf("the webhook got %v", posts)
	}
	found := false
	for _, m := range *mails {
		if strings.Contains(m.to, "zbq@example.org") && strings.Contains(m.body, "获批设立") && strings.Contains(m.subject, "=?utf-8?b?") {
			found = true
		}
	}
	if !found {
		t.Errorf("no e-mail to the bonded zone about its milestone: %+v", *mails)
	}
	// A server that fails is reported, not ignored.
	_, errText, status := c.run("remind", "--today", "2020-06-25", "--webhook", "http://127.0.0.1:1/nowhere")
	if status != 1 || !strings.Contains(errText, "个单位的提醒未能发送") {
		t.Errorf("a dead webhook: %d %s", status, errText)
	}
}

type receivedMail struct{ to, subject, body string }

// fakeSMTP runs a minimal SMTP server on this machine that keeps what it receives.
func fakeSMTP(t *testing.T) (string, *[]receivedMail) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var mails []receivedMail
	var mu sync.Mutex
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func(conn net.Conn) {
				defer conn.Close()
				r := bufio.NewReader(conn)
				say := func(s string) { io.WriteString(conn, s+"\r\n") }
				say("220 test ESMTP")
				var m receivedMail
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					cmd := strings.ToUpper(strings.TrimSpace(line))
					switch {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						say("250 test")
					case strings.HasPrefix(cmd, "RCPT TO"):
						m.to += line
						say("250 ok")
					case strings.HasPrefix(cmd, "MAIL FROM"):
						say("250 ok")
					case cmd == "DATA":
						say("354 go on")
						var data strings.Builder
						for {
							l, err := r.ReadString('\n')
							if err != nil || l == ".\r\n" {
								break
							}
							data.WriteString(l)
						}
						head, body, _ := strings.Cut(data.String(), "\r\n\r\n")
						for _, h := range strings.Split(head, "\r\n") {
							if strings.HasPrefix(h, "Subject: ") {
								m.subject = strings.TrimPrefix(h, "Subject: ")
							}
						}
						decoded, _ := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\r\n", ""))
						m.body = string(decoded)
						mu.Lock()
						mails = append(mails, m)
						mu.Unlock()
						m = receivedMail{}
						say("250 queued")
					case cmd == "QUIT":
						say("221 bye")
						return
					default:
						say("250 ok")
					}
				}
			}(conn)
		}
	}()
	return ln.Addr().String(), &mails
}

// TestReporterImportsItsParksLedger uploads a park's monthly ledger as its reporter: the
// projects it names unchanged are no write of projects, the months are its reports; a ledger
// that changes a project is refused whole.
func TestReporterImportsItsParksLedger(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "zo-reporter", demoPassword)
	upload := func(name, content string) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("file", name)
		io.WriteString(w, content)
		mw.Close()
		s, d, _ := request(t, base, b, "POST", "/api/v1/import", mw.FormDataContentType(), body.Bytes())
		return s, string(d)
	}
	s, d := upload("2020年6月台账.csv", "项目编号,项目名称,年度,6月\nZO-01,中欧制造业发展中心中欧大道(一期)道路工程,2020,0.61\nZO-02,中欧制造业发展中心中欧大道(二期)道路工程,2020,0.4\n")
	if s != 200 || !strings.Contains(d, `"project_reports":{"created":2`) {
		t.Fatalf("the park's June ledger: %d %s", s, d)
	}
	before := c.snapshot()
	s, d = upload("改名.csv", "项目编号,项目名称,年度,6月\nZO-01,改了名字的项目,2020,0.61\n")
	if s != 403 {
		t.Errorf("a ledger renaming a project: %d %s", s, d)
	}
	s, d = upload("别的园区.csv", "项目编号,项目名称,年度,6月\nFUNENG,富能高功率半导体,2020,1\n")
	if s != 403 {
		t.Errorf("a ledger of another park's project: %d %s", s, d)
	}
	c.assertUnchanged(before)
}

// TestPlanWritesThroughTheAPI checks a form's plan writes: the address's code is the record's,
// the record is checked as an imported row, and an item's history is its own.
func TestPlanWritesThroughTheAPI(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "admin", demoPassword)
	put := func(path, body string) (int, string) {
		s, d, _ := request(t, base, b, "PUT", path, "application/json", []byte(body))
		return s, string(d)
	}
	before := c.snapshot()
	if s, d := put("/api/v1/plan/tasks/T1", `{"code":"OTHER","name":"x","lead_unit":"370171","deadline":"2020-12-31"}`); s != 400 ||
		!strings.Contains(d, "请求体中的编码“OTHER”与地址中的“T1”不一致") {
		t.Errorf("a body's code unlike the address's, in Chinese by default: %d %s", s, d)
	}
	for _, tt := range []struct{ path, body, want string }{
		{"/api/v1/plan/tasks/T1", `{"code":"OTHER","name":"x","lead_unit":"370171","deadline":"2020-12-31"}`, "is not the address's"},
		{"/api/v1/plan/tasks/T1", `{"name":"x","lead_unit":"370171","deadline":"2020/13/40"}`, "2020/13/40"},
		{"/api/v1/plan/tasks/T1", `{"name":"x","lead_unit":"nowhere","deadline":"2020-12-31"}`, "nowhere"},
		{"/api/v1/plan/projects/P1", `{"name":"x","unit":"370171","year":2020,"planned_start":"1"}`, "is not a day"},
		{"/api/v1/plan/projects/P1", `{"name":"x","unit":"370171","year":2020,"annual_plan":-1}`, "-1"},
		{"/api/v1/plan/targets/X1", `{"indicator":"gdp","unit":"370171","deadline":"2020","target":7,"floor":9,"measure":"growth"}`, "floor"},
		{"/api/v1/plan/tasks/bad%20code", `{"name":"x","lead_unit":"370171","deadline":"2020-12-31"}`, "bad code"},
	} {
		if s, d := put(tt.path+"?lang=en", tt.body); s != 400 || !strings.Contains(d, tt.want) {
			t.Errorf("PUT %s %s: %d %s, want 400 naming %s", tt.path, tt.body, s, d, tt.want)
		}
	}
	c.assertUnchanged(before)
	// A task coded like a user: its history holds the task's writes only, not the user's sign-ins.
	if s, d := put("/api/v1/plan/tasks/admin", `{"name":"名为admin的任务","lead_unit":"370171","deadline":"2020-12-31"}`); s != 200 {
		t.Fatalf("a task coded admin: %d %s", s, d)
	}
	_, d, _ := request(t, base, b, "GET", "/api/v1/plan/tasks/admin?today=2020-06-01", "", nil)
	if !strings.Contains(string(d), `"target":"task:admin"`) || strings.Contains(string(d), "session.login") {
		t.Errorf("the task's history: %.600s", d)
	}
	// Deleting it keeps it in the log.
	if s, d, _ := request(t, base, b, "DELETE", "/api/v1/plan/tasks/admin", "", nil); s != 200 {
		t.Fatalf("delete: %d %s", s, d)
	}
	if out := c.mustRun("audit", "--action", "plan.delete"); !strings.Contains(out, "task:admin") {
		t.Errorf("the deletion is not in the log:\n%s", out)
	}
}

// TestSignOffChangesOnlyTheSignOff signs a task off through the API: only its sign-off
// changes, by the caller, once.
func TestSignOffChangesOnlyTheSignOff(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only", "--password", demoPassword)
	base := c.startServer(t)
	b := signIn(t, base, "analyst", demoPassword)
	before := c.plan()
	if s, d, _ := request(t, base, b, "POST", "/api/v1/plan/tasks/ZJ-SEAL/signoff", "application/json", []byte(`{"day":"2020-12-20"}`)); s != 200 {
		t.Fatalf("sign-off: %d %s", s, d)
	}
	after := c.plan()
	for i, task := range after.Tasks {
		want := before.Tasks[i]
		if task.Code == "ZJ-SEAL" {
			want.SignedOffOn, want.SignedOffBy = "2020-12-20", "analyst"
		}
		if !reflect.DeepEqual(task, want) {
			t.Errorf("task %s after the sign-off: %+v, want %+v", task.Code, task, want)
		}
	}
	if s, _, _ := request(t, base, b, "POST", "/api/v1/plan/tasks/ZJ-SEAL/signoff", "application/json", nil); s != 409 {
		t.Errorf("a second sign-off: %d", s)
	}
	if s, _, _ := request(t, base, b, "POST", "/api/v1/plan/tasks/NO-SUCH/signoff", "application/json", nil); s != 404 {
		t.Errorf("signing off no task: %d", s)
	}
	if out := c.mustRun("audit", "--action", "task.sign_off"); !strings.Contains(out, "task:ZJ-SEAL") || !strings.Contains(out, "analyst") {
		t.Errorf("the sign-off is not in the log:\n%s", out)
	}
}
