package main

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBlankTemplatesImportAsTheyAre writes the blank template of every kind of import file,
// in Chinese and in English, and checks what a person opening it sees (the headers, the other
// language in the header's comment, drop-down lists for fixed values) and that the template
// with its example row passes 'zoneboard import --dry-run' against the demo without a problem.
func TestBlankTemplatesImportAsTheyAre(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	before := c.snapshot()

	list := c.mustRun("template")
	kinds := []string{"observations", "units", "indicators", "groups", "goals", "targets", "tasks", "milestones",
		"task_reports", "projects", "project_reports", "ledger"}
	for _, k := range kinds {
		if !strings.Contains(list, "  "+k+" ") {
			t.Errorf("'zoneboard template' does not list %s:\n%s", k, list)
		}
	}
	// the first header in each language, and a column with a drop-down list and its values
	want := map[string]struct {
		zh, en, listColumnZh string
		listZh, listEn       string
	}{
		"observations":    {"单位", "unit", "状态", "初步,正式,修订", "preliminary,final,revised"},
		"units":           {"代码", "code", "类型", "国家,省,市,区,县,功能区,园区,企业,部门,其他", "country,province,city,district,county,zone,park,enterprise,department,other"},
		"indicators":      {"代码", "code", "频率", "月度,季度,年度", "month,quarter,year"},
		"groups":          {"分组", "group", "", "", ""},
		"goals":           {"目标编号", "goal", "", "", ""},
		"targets":         {"指标目标编号", "target", "口径", "总量,增速", "level,growth"},
		"tasks":           {"任务编号", "task", "", "", ""},
		"milestones":      {"任务编号", "task", "", "", ""},
		"task_reports":    {"任务编号", "task", "", "", ""},
		"projects":        {"项目编号", "project", "滞后", "是,否", "yes,no"},
		"project_reports": {"项目编号", "project", "", "", ""},
		"ledger":          {"项目编号", "project", "级别", "省级,市级,区级", "province,city,district"},
	}
	for _, kind := range kinds {
		for _, lang := range []string{"zh", "en"} {
			t.Run(kind+"/"+lang, func(t *testing.T) {
				c.t = t
				path := filepath.Join(c.dir, kind+"_"+lang+".xlsx")
				out := c.mustRun("template", kind, "-o", path, "--lang", lang)
				if !strings.Contains(out, "wrote "+path) {
					t.Errorf("output: %s", out)
				}
				f, err := excelize.OpenFile(path)
				if err != nil {
					t.Fatalf("the template does not open: %v", err)
				}
				defer f.Close()
				sheet := f.GetSheetName(0)
				rows, _ := f.GetRows(sheet)
				if len(rows) != 2 {
					t.Fatalf("%d rows, want the header and one example: %v", len(rows), rows)
				}
				w := want[kind]
				first, other := w.zh, w.en
				if lang == "en" {
					first, other = w.en, w.zh
				}
				if rows[0][0] != first {
					t.Errorf("the first header is %q, want %q", rows[0][0], first)
				}
				comments, _ := f.GetComments(sheet)
				if len(comments) == 0 || !strings.HasPrefix(commentText(comments[0]), other) {
					t.Errorf("the first header's comment = %v, want it to begin with %q", comments, other)
				}
				if kind == "ledger" && !contains(rows[0], "12月") {
					t.Errorf("the ledger has no month columns: %v", rows[0])
				}
				if w.listColumnZh != "" {
					values := w.listZh
					if lang == "en" {
						values = w.listEn
					}
					dvs, _ := f.GetDataValidations(sheet)
					found := false
					for _, dv := range dvs {
						if strings.Trim(dv.Formula1, `"`) == values {
							found = true
						}
					}
					if !found {
						var got []string
						for _, dv := range dvs {
							got = append(got, dv.Sqref+" "+dv.Formula1)
						}
						t.Errorf("no drop-down list of %s; the lists are %v", values, got)
					}
				}
				out, errText, status := c.run("import", "--dry-run", path)
				if status != 0 {
					t.Fatalf("the template with its example row is refused (exit %d):\n%s", status, errText)
				}
				if !strings.Contains(out, "新增1") && !strings.Contains(out, "修改1") {
					t.Errorf("the example row imports nothing:\n%s", out)
				}
			})
		}
	}
	c.t = t
	c.assertUnchanged(before)
	if _, errText, status := c.run("template", "budget"); status != 2 || !strings.Contains(errText, "observations, units") {
		t.Errorf("an unknown kind: exit %d, %s", status, errText)
	}
}

func commentText(c excelize.Comment) string {
	text := c.Text
	for _, p := range c.Paragraph {
		text += p.Text
	}
	return text
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestAPIBlankTemplates downloads a template through the API as the import page links it.
func TestAPIBlankTemplates(t *testing.T) {
	c := newCLI(t)
	c.mustRun("demo", "--load-only")
	base := c.startServer(t)
	api := base + "/api/v1"

	list := getJSON(t, api+"/templates", 200)["templates"].([]any)
	if len(list) != 12 || list[0].(map[string]any)["kind"] != "observations" || list[0].(map[string]any)["name"] != "观测值" {
		t.Errorf("templates = %v", list)
	}
	for _, lang := range []string{"zh", "en"} {
		resp, err := client.Get(api + "/templates/targets?lang=" + lang)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Disposition"), "targets_template.xlsx") {
			t.Fatalf("GET templates/targets?lang=%s: %d %v", lang, resp.StatusCode, resp.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("the template does not open: %v", err)
		}
		rows, _ := f.GetRows(f.GetSheetName(0))
		want := map[string]string{"zh": "指标目标编号", "en": "target"}[lang]
		if len(rows) != 2 || rows[0][0] != want {
			t.Errorf("lang %s: rows = %v", lang, rows)
		}
		f.Close()
		v := upload(t, api+"/import?dry_run=true", map[string][]byte{"targets.xlsx": body}, 200)
		if created := v["report"].(map[string]any)["result"].(map[string]any)["plan"].(map[string]any)["targets"].(map[string]any)["created"]; created != 1.0 {
			t.Errorf("the uploaded template: %v", v)
		}
	}
	if v := getJSON(t, api+"/templates/budget", 404); errorCode(v) != "not_found" {
		t.Errorf("an unknown kind: %v", v)
	}
	if v := getJSON(t, api+"/templates/units?lang=fr", 400); errorCode(v) != "invalid" {
		t.Errorf("an unknown language: %v", v)
	}
}
