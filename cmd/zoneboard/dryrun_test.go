package main

import (
	"fmt"
	"strings"
	"testing"
)

// lines returns the output's lines with each run of spaces made one, so that a test names a
// table row without counting the padding.
func lines(out string) []string {
	var out2 []string
	for _, l := range strings.Split(out, "\n") {
		out2 = append(out2, strings.Join(strings.Fields(l), " "))
	}
	return out2
}

func hasLine(t *testing.T, out, want string) {
	t.Helper()
	for _, l := range lines(out) {
		if l == want {
			return
		}
	}
	t.Errorf("the output lacks the line %q:\n%s", want, out)
}

const changingFile = "unit,indicator,period,value,growth,status,source\n" +
	// 齐鲁软件园's stored 7.2 (18%) becomes 7.9; the growth stays
	"370171-06,budget_revenue,2019-01..02,7.9,18,final,示例数据(illustrative)\n" +
	// a new observation
	"370171-06,budget_revenue,2031,5,1.5,final,示例数据(illustrative)\n" +
	// as stored: neither listed nor counted as a change
	"370171-06,budget_revenue,2019-Q1,9.8,16.6,final,示例数据(illustrative)\n"

// TestImportDryRunListsOldAndNew checks that a dry run lists, after the counts, each
// observation that would change, old → new, by code and name, and each new one, and the
// definitions that would change; that --changes pages the list; and that nothing is written.
func TestImportDryRunListsOldAndNew(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()
	observations := c.file("budget.csv", changingFile)
	units := c.file("units.csv", "code,name,kind,parent\n370102,历下区(更名),district,3701\n370171-99,新园区,park,370171\n")

	out := c.mustRun("import", "--lang", "en", "--dry-run", units, observations)
	hasLine(t, out, "observations: 1 new, 1 changed, 1 unchanged")
	hasLine(t, out, "observations that would change (2 of 2, old → new):")
	hasLine(t, out, "unit indicator period value growth also")
	hasLine(t, out, "370171-06 齐鲁软件园 budget_revenue 一般公共预算收入 (亿元) 2019-01..02 7.2 → 7.9 18%")
	hasLine(t, out, "370171-06 齐鲁软件园 budget_revenue 一般公共预算收入 (亿元) 2031 (new) 5 (new) 1.5%")
	hasLine(t, out, "definitions that would change:")
	hasLine(t, out, "unit 370102 历下区(更名) (changed)")
	hasLine(t, out, "unit 370171-99 新园区 (new)")
	if strings.Contains(out, "2019-Q1") {
		t.Errorf("an observation that stays as it is is listed:\n%s", out)
	}
	// The counts come first, then the list.
	if strings.Index(out, "observations: 1 new") > strings.Index(out, "observations that would change") {
		t.Errorf("the list comes before the counts:\n%s", out)
	}
	c.assertUnchanged(before)

	out = c.mustRun("import", "--lang", "en", "--dry-run", "--changes", "1", observations)
	hasLine(t, out, "observations that would change (1 of 2, old → new):")
	hasLine(t, out, "… 1 more: --changes all lists them")
	if strings.Contains(out, "2031") {
		t.Errorf("--changes 1 lists the second change:\n%s", out)
	}
	out = c.mustRun("import", "--lang", "en", "--dry-run", "--changes", "0", observations)
	if strings.Contains(out, "would change (") {
		t.Errorf("--changes 0 lists changes:\n%s", out)
	}
	if _, errText, status := c.run("import", "--dry-run", "--changes", "some", observations); status != 2 || !strings.Contains(errText, "--changes") {
		t.Errorf("--changes some: exit %d, %s", status, errText)
	}
	// A status or note that changes is said too: a figure that stays does not hide it.
	status := c.file("status.csv", "unit,indicator,period,value,growth,status,source\n370171-06,budget_revenue,2019-01..02,7.2,18,revised,示例数据(illustrative)\n")
	out = c.mustRun("import", "--lang", "en", "--dry-run", status)
	hasLine(t, out, `370171-06 齐鲁软件园 budget_revenue 一般公共预算收入 (亿元) 2019-01..02 7.2 18% status "final" → "revised"`)
	c.assertUnchanged(before)

	// A real import says its counts; the list only when asked.
	out = c.mustRun("import", "--lang", "en", observations)
	if strings.Contains(out, "observations that") {
		t.Errorf("an import lists changes unasked:\n%s", out)
	}
	out = c.mustRun("import", "--lang", "en", "--dry-run", observations)
	hasLine(t, out, "observations: 0 new, 0 changed, 3 unchanged")
	if strings.Contains(out, "observations that") {
		t.Errorf("a dry run after the import still lists changes:\n%s", out)
	}
}

// TestAPIImportDryRunPagesTheChanges checks that a dry run through the API answers a page of
// the observations that would change, old and new with names, and their total, and writes
// nothing.
func TestAPIImportDryRunPagesTheChanges(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	api := base + "/api/v1"
	before := c.snapshot()
	files := map[string][]byte{"budget.csv": []byte(changingFile)}

	v := upload(t, api+"/import?dry_run=true", files, 200)
	changes := v["changes"].(map[string]any)
	if changes["total"] != 2.0 || changes["listed"] != 2.0 || changes["offset"] != 0.0 || changes["limit"] != 50.0 {
		t.Errorf("changes = %v", changes)
	}
	list := changes["observations"].([]any)
	if len(list) != 2 {
		t.Fatalf("%d changes listed, want 2: %v", len(list), list)
	}
	first := list[0].(map[string]any)
	was, now := first["before"].(map[string]any), first["after"].(map[string]any)
	if first["unit"] != "370171-06" || first["unit_name"] != "齐鲁软件园" || first["indicator"] != "budget_revenue" ||
		first["indicator_name"] != "一般公共预算收入" || first["measure"] != "亿元" || first["period"] != "2019-01..02" ||
		was["value"] != 7.2 || now["value"] != 7.9 || was["growth"] != 18.0 || now["growth"] != 18.0 {
		t.Errorf("the changed observation = %v", first)
	}

	v = upload(t, api+"/import?dry_run=true&offset=1&limit=1", files, 200)
	changes = v["changes"].(map[string]any)
	list = changes["observations"].([]any)
	if changes["total"] != 2.0 || len(list) != 1 {
		t.Fatalf("the second page = %v", changes)
	}
	second := list[0].(map[string]any)
	if second["period"] != "2031" || second["before"] != nil || second["after"].(map[string]any)["value"] != 5.0 {
		t.Errorf("the new observation = %v", second)
	}
	v = upload(t, api+"/import?dry_run=true&offset=5", files, 200)
	if list := v["changes"].(map[string]any)["observations"].([]any); len(list) != 0 {
		t.Errorf("a page past the end lists %v", list)
	}
	upload(t, api+"/import?dry_run=true&limit=-1", files, 400)
	c.assertUnchanged(before)

	units := map[string][]byte{"units.csv": []byte("code,name,kind,parent\n370171-99,新园区,park,370171\n")}
	v = upload(t, api+"/import?dry_run=true", units, 200)
	defs := v["report"].(map[string]any)["result"].(map[string]any)["definitions"].([]any)
	if len(defs) != 1 || defs[0].(map[string]any)["name"] != "新园区" || defs[0].(map[string]any)["created"] != true {
		t.Errorf("definitions = %v", defs)
	}
	c.assertUnchanged(before)

	upload(t, api+"/import", files, 200)
	v = upload(t, api+"/import?dry_run=true", files, 200)
	if changes := v["changes"].(map[string]any); changes["total"] != 0.0 || len(changes["observations"].([]any)) != 0 {
		t.Errorf("after the import, a dry run still lists %v", changes)
	}
}

// TestImportDryRunListsAtMostTenThousand checks that a dry run of more changes than a report
// keeps says how many it does not list.
func TestImportDryRunListsAtMostTenThousand(t *testing.T) {
	c := newCLI(t)
	var rows strings.Builder
	rows.WriteString("unit,indicator,period,value\n")
	n := 0
	for unit := 1; n < 10_005; unit++ {
		for year := 1901; year <= 2100 && n < 10_005; year++ {
			for m := 1; m <= 12 && n < 10_005; m++ {
				fmt.Fprintf(&rows, "u%d,x,%d-%02d,%d\n", unit, year, m, n)
				n++
			}
		}
	}
	defs := c.file("defs.csv", "code,name,kind\nu1,甲,city\nu2,乙,city\nu3,丙,city\nu4,丁,city\nu5,戊,city\n")
	indicators := c.file("indicators.csv", "code,name,frequency,cumulative\nx,某指标,month,no\n")
	observations := c.file("many.csv", rows.String())
	out := c.mustRun("import", "--lang", "en", "--dry-run", "--changes", "all", defs, indicators, observations)
	hasLine(t, out, "observations that would change (10000 of 10005, old → new):")
	hasLine(t, out, "… 5 more, not listed: a report lists at most 10000")
	out = c.mustRun("import", "--lang", "en", "--dry-run", defs, indicators, observations)
	hasLine(t, out, "observations that would change (50 of 10005, old → new):")
	hasLine(t, out, "… 9955 more: --changes all lists them")
}
