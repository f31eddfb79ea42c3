package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/brief"
	"zoneboard/sqlstore"
	"zoneboard/storetest"
)

// cli runs zoneboard commands against one database in a temporary directory.
type cli struct {
	t   *testing.T
	dir string
	db  string
	// stdin is the next command's standard input
	stdin string
	// log is what the last server started printed
	log *syncBuffer
	// serveFlags are added to the next 'serve'
	serveFlags []string
	// lang is $ZONEBOARD_LANG of the commands; empty leaves the default, Chinese.
	lang string
}

func newCLI(t *testing.T) *cli {
	dir := t.TempDir()
	return &cli{t: t, dir: dir, db: filepath.Join(dir, "zoneboard.db")}
}

// run runs one command and returns its standard output, standard error and exit status.
func (c *cli) run(args ...string) (stdout, stderr string, status int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: func(k string) string {
		switch k {
		case "ZONEBOARD_DB":
			return c.db
		case "USER":
			return "tester"
		case "ZONEBOARD_LANG":
			return c.lang
		}
		return ""
	}}
	m.Stdin = strings.NewReader(c.stdin)
	c.stdin = ""
	status = m.Exit(m.Run(context.Background(), args))
	return out.String(), errb.String(), status
}

// stdinRun runs a command that must succeed with input on its standard input.
func (c *cli) stdinRun(input string, args ...string) string {
	c.t.Helper()
	c.stdin = input
	return c.mustRun(args...)
}

// mustRun runs a command that must succeed.
func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	out, errText, status := c.run(args...)
	if status != 0 {
		c.t.Fatalf("zoneboard %s: exit %d\n%s", strings.Join(args, " "), status, errText)
	}
	return out
}

// file writes a file into the test directory and returns its path.
func (c *cli) file(name, content string) string {
	c.t.Helper()
	path := filepath.Join(c.dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		c.t.Fatal(err)
	}
	return path
}

// snapshot is everything the store holds, to prove that a refused command changed nothing.
type snapshot struct {
	Units        []zoneboard.Unit
	Indicators   []zoneboard.Indicator
	Groups       []zoneboard.Group
	Observations []zoneboard.Observation
	Users        []zoneboard.User
	Tokens       []zoneboard.Token
	Template     string
	Plan         zoneboard.Plan
}

func (c *cli) snapshot() snapshot {
	c.t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	var s snapshot
	if s.Units, err = db.FindUnits(ctx, zoneboard.UnitFilter{}); err != nil {
		c.t.Fatal(err)
	}
	if s.Indicators, err = db.FindIndicators(ctx, zoneboard.IndicatorFilter{}); err != nil {
		c.t.Fatal(err)
	}
	if s.Groups, err = db.FindGroups(ctx); err != nil {
		c.t.Fatal(err)
	}
	if s.Observations, err = db.FindObservations(ctx, zoneboard.ObservationFilter{}); err != nil {
		c.t.Fatal(err)
	}
	if s.Users, err = db.FindUsers(ctx); err != nil {
		c.t.Fatal(err)
	}
	// Signing in notes the time: that is not a change of the data.
	for i := range s.Users {
		s.Users[i].LastLoginAt = nil
	}
	if s.Tokens, err = db.FindTokens(ctx, ""); err != nil {
		c.t.Fatal(err)
	}
	// A token's last use is noted as it is used: that is not a change.
	for i := range s.Tokens {
		s.Tokens[i].LastUsedAt = nil
	}
	if s.Template, err = db.Setting(ctx, brief.TemplateSetting); err != nil {
		c.t.Fatal(err)
	}
	if s.Plan, err = db.FindPlan(ctx); err != nil {
		c.t.Fatal(err)
	}
	return s
}

func (c *cli) assertUnchanged(before snapshot) {
	c.t.Helper()
	after := c.snapshot()
	if !reflect.DeepEqual(before, after) {
		c.t.Errorf("the database changed: %d→%d units, %d→%d observations", len(before.Units), len(after.Units),
			len(before.Observations), len(after.Observations))
	}
}

func TestDemoLoadsAndExportsTheSeedFigures(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("demo", "--load-only")
	if !strings.Contains(out, "（新增3951条）") {
		t.Errorf("first load: %q", out)
	}
	out = c.mustRun("demo", "--load-only")
	if !strings.Contains(out, "（新增0条）") {
		t.Errorf("loading twice changed something: %q", out)
	}
	csv := c.mustRun("export", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if lines[0] != "unit,indicator,period,value,growth,status,source,note" {
		t.Errorf("header = %q", lines[0])
	}
	if len(lines) != 3952 {
		t.Errorf("%d lines, want the header and 3951 observations", len(lines))
	}
	if !strings.Contains(csv, "\n370171,gdp,2019,1150.2,10.5,final,") {
		t.Error("the export lacks 济南高新区's 2019 GDP of 1150.2, growing 10.5%")
	}
	filtered := c.mustRun("export", "--unit", "济南高新区", "--indicator", "gdp", "--period", "2019年,2020年")
	if got := strings.Count(filtered, "\n"); got != 3 {
		t.Errorf("filtered export has %d lines, want 3:\n%s", got, filtered)
	}
}

func TestUsageErrorsExitWithTwo(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{}, {"nonsense"}, {"import"}, {"export", "--format", "pdf"}, {"history", "--unit", "x"}, {"import", "--no-such-flag", "a.csv"}} {
		if _, _, status := c.run(args...); status != 2 {
			t.Errorf("zoneboard %v: exit %d, want 2", args, status)
		}
	}
}

func TestHistoryShowsEveryVersion(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	c.mustRun("import", c.file("fix.csv", "unit,indicator,period,value,growth,status,source\n370171,gdp,2019,1150.3,10.5,revised,年鉴\n"))
	out := c.mustRun("history", "--unit", "370171", "--indicator", "地区生产总值", "--period", "2019年")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("history has %d lines, want a title, a header and two versions:\n%s", len(lines), out)
	}
	if !strings.HasPrefix(lines[2], "current  1150.3") || !strings.Contains(lines[2], "tester import:fix.csv") {
		t.Errorf("current version: %q", lines[2])
	}
	if !strings.HasPrefix(lines[3], "-1       1150.2") || !strings.Contains(lines[3], "demo import:observations_2019.csv") {
		t.Errorf("earlier version: %q", lines[3])
	}
	if _, errText, status := c.run("history", "--unit", "370171", "--indicator", "gdp", "--period", "2018"); status != 1 || !strings.Contains(errText, "没有单位370171、指标gdp在2018年的数据") {
		t.Errorf("history of a missing observation: exit %d, %q", status, errText)
	}
}

// TestDemoOnPostgres runs the demo, an export, a refused import and the history on PostgreSQL.
func TestDemoOnPostgres(t *testing.T) {
	c := newCLI(t)
	c.db = storetest.PostgresDSN(t)
	c.mustRun("demo", "--load-only")
	if out := c.mustRun("demo", "--load-only"); !strings.Contains(out, "（新增0条）") {
		t.Errorf("loading twice changed something: %q", out)
	}
	if csv := c.mustRun("export"); !strings.Contains(csv, "\n370171,gdp,2019,1150.2,10.5,final,") {
		t.Error("the export lacks 济南高新区's 2019 GDP")
	}
	before := c.snapshot()
	if _, errText, status := c.run("import", c.file("bad.csv", header+"370171,gdp,2021,1300,6\n370171,gdp,2021,abc,6\n")); status != 1 ||
		!strings.Contains(errText, "文件 bad.csv，第3行，D列（value）") {
		t.Errorf("exit %d: %s", status, errText)
	}
	c.assertUnchanged(before)
	c.mustRun("import", c.file("fix.csv", header+"370171,gdp,2019,1150.3,10.5\n"))
	if out := c.mustRun("history", "--unit", "370171", "--indicator", "gdp", "--period", "2019"); !strings.Contains(out, "-1       1150.2") {
		t.Errorf("history:\n%s", out)
	}
}

func TestQueryOnTheDemoStatesTheSeed(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	rows := func(args ...string) []map[string]string {
		t.Helper()
		out := c.mustRun(append([]string{"query", "--format", "csv"}, args...)...)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		header := strings.Split(lines[0], ",")
		var result []map[string]string
		for _, line := range lines[1:] {
			cells := strings.Split(line, ",")
			row := map[string]string{}
			for i, name := range header {
				row[name] = cells[i]
			}
			result = append(result, row)
		}
		return result
	}
	gdp := rows("--indicator", "gdp", "--period", "2019", "--unit", "370171")
	if len(gdp) != 1 {
		t.Fatalf("%d rows", len(gdp))
	}
	for name, want := range map[string]string{"value": "1150.2", "growth": "10.5", "ref_growth": "7", "multiple": "1.5", "rank_by_growth": "1", "peers": "16"} {
		if gdp[0][name] != want {
			t.Errorf("GDP 2019: %s = %q, want %q", name, gdp[0][name], want)
		}
	}
	online := rows("--indicator", "online_retail", "--period", "2020-Q1", "--unit", "370171")[0]
	if online["rank_by_value"] != "1" || online["rank_by_growth"] != "1" || online["gap_pp"] != "22.7" || online["multiple"] != "" {
		t.Errorf("online retail 2020-Q1: %v", online)
	}
	trade := rows("--indicator", "imports_exports", "--period", "2020-Q1", "--unit", "370171")[0]
	if !strings.HasPrefix(trade["share_of_ref"], "52.40") || !strings.HasPrefix(trade["multiple"], "2.30") {
		t.Errorf("imports and exports 2020-Q1: %v", trade)
	}
	table := c.mustRun("query", "--indicator", "地区生产总值", "--period", "2019年", "--unit", "济南高新区")
	if !strings.Contains(table, "1150.2") || !strings.Contains(table, "12.2") {
		t.Errorf("the table format lacks the rounded figures:\n%s", table)
	}
}
