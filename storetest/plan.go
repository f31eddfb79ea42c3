package storetest

import (
	"strings"
	"testing"

	"zoneboard"
	"zoneboard/period"
)

// testPlan checks that the plan is stored whole, checked for references, replaced by code and
// month, and that each record's writes are in its history.
func testPlan(t *testing.T, open Opener) {
	s := open(t)
	mustApply(t, s, Base())
	note := zoneboard.AuditNote{Actor: "analyst", Action: zoneboard.ActionPlanWrite}
	plan := zoneboard.PlanBatch{Actor: "analyst", Audit: note,
		Goals: []zoneboard.Goal{{Code: "G", Name: "发展目标", Unit: "370171"}, {Code: "G1", Name: "子目标", Parent: "G", Unit: "370171"}},
		Targets: []zoneboard.Target{{Code: "T", Name: "地区生产总值", Goal: "G1", Indicator: "gdp", Unit: "370171", Measure: zoneboard.MeasureLevel,
			Deadline: period.Year(2020), Value: zoneboard.Float(1200)}},
		Tasks: []zoneboard.Task{{Code: "K", Name: "任务", Goal: "G", LeadUnit: "370171", Deadline: "2020-12-31",
			Milestones: []zoneboard.Milestone{{Name: "节点", Due: "2020-06-30"}}}},
		Projects:       []zoneboard.Project{{Code: "P", Name: "项目", Goal: "G1", Unit: "370171", Year: 2020, AnnualPlan: zoneboard.Float(10)}},
		ProjectReports: []zoneboard.ProjectReport{{Project: "P", Month: "2020-01", Completed: zoneboard.Float(1)}},
		TaskReports:    []zoneboard.TaskReport{{Task: "K", Month: "2020-01", Percent: zoneboard.Float(10), Text: "启动"}},
	}
	// A dry run writes nothing.
	dry := plan
	dry.DryRun = true
	if r, err := s.ApplyPlan(ctx, dry); err != nil || r.Goals.Created != 2 {
		t.Fatalf("dry run: %+v %v", r, err)
	}
	if p, _ := s.FindPlan(ctx); len(p.Goals) != 0 {
		t.Fatal("a dry run wrote the plan")
	}
	r, err := s.ApplyPlan(ctx, plan)
	if err != nil || r.Goals.Created != 2 || r.Targets.Created != 1 || r.ProjectReports.Created != 1 {
		t.Fatalf("apply: %+v %v", r, err)
	}
	p, err := s.FindPlan(ctx)
	if err != nil || len(p.Goals) != 2 || len(p.Targets) != 1 || p.Targets[0].Deadline != period.Year(2020) || len(p.Tasks[0].Milestones) != 1 ||
		p.ProjectReports[0].ReportedBy != "analyst" || *p.TaskReports[0].Percent != 10 {
		t.Fatalf("stored plan: %+v %v", p, err)
	}
	// Writing the same again changes nothing and audits nothing.
	_, before, _ := s.FindAudit(ctx, zoneboard.AuditFilter{Action: zoneboard.ActionPlanWrite})
	if r, err := s.ApplyPlan(ctx, plan); err != nil || r.Changed() {
		t.Errorf("the same plan again: %+v %v", r, err)
	}
	// A month's report replaces that month's, and the project's history has both writes.
	mustPlan(t, s, zoneboard.PlanBatch{Actor: "park", Audit: zoneboard.AuditNote{Actor: "park", Action: zoneboard.ActionReportWrite},
		ProjectReports: []zoneboard.ProjectReport{{Project: "P", Month: "2020-01", Completed: zoneboard.Float(1.5)}}})
	p, _ = s.FindPlan(ctx)
	if len(p.ProjectReports) != 1 || *p.ProjectReports[0].Completed != 1.5 || p.ProjectReports[0].ReportedBy != "park" {
		t.Errorf("the replaced report: %+v", p.ProjectReports)
	}
	history, n, _ := s.FindAudit(ctx, zoneboard.AuditFilter{Target: zoneboard.PlanTarget("project", "P")})
	if n != 3 || history[0].Actor != "park" || history[0].Before == nil {
		t.Errorf("the project's history: %d entries %+v", n, history)
	}
	if _, after, _ := s.FindAudit(ctx, zoneboard.AuditFilter{Action: zoneboard.ActionPlanWrite}); after != before {
		t.Errorf("writing the same plan again was audited: %d → %d entries", before, after)
	}
	// References that exist nowhere are refused, and nothing of the batch is written.
	for name, bad := range map[string]zoneboard.PlanBatch{
		"unknown unit":      {Goals: []zoneboard.Goal{{Code: "X", Name: "x", Unit: "nowhere"}}},
		"unknown parent":    {Goals: []zoneboard.Goal{{Code: "X", Name: "x", Parent: "nowhere"}}},
		"goal cycle":        {Goals: []zoneboard.Goal{{Code: "G", Name: "x", Parent: "G1"}}},
		"unknown indicator": {Targets: []zoneboard.Target{{Code: "X", Indicator: "nope", Unit: "370171", Deadline: period.Year(2020)}}},
		"unknown project":   {ProjectReports: []zoneboard.ProjectReport{{Project: "nope", Month: "2020-01"}}},
		"unknown task":      {TaskReports: []zoneboard.TaskReport{{Task: "nope", Month: "2020-01"}}},
	} {
		bad.Actor = "analyst"
		bad.Projects = append(bad.Projects, zoneboard.Project{Code: "NEW", Name: "新项目", Unit: "370171", Year: 2020})
		if _, err := s.ApplyPlan(ctx, bad); zoneboard.ErrorCode(err) != zoneboard.EInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	if p, _ := s.FindPlan(ctx); len(p.Projects) != 1 {
		t.Errorf("a refused batch wrote %d projects", len(p.Projects)-1)
	}
	// Deleting: a goal with something under it is refused; a project goes with its reports,
	// which its audit entry keeps.
	del := zoneboard.AuditNote{Actor: "analyst"}
	if err := s.DeletePlanItem(ctx, "goal", "G1", del); zoneboard.ErrorCode(err) != zoneboard.EConflict {
		t.Errorf("deleting a goal with a target and a project under it: %v", err)
	}
	if err := s.DeletePlanItem(ctx, "project", "nope", del); zoneboard.ErrorCode(err) != zoneboard.ENotFound {
		t.Errorf("deleting no project: %v", err)
	}
	if err := s.DeletePlanItem(ctx, "project", "P", del); err != nil {
		t.Fatal(err)
	}
	p, _ = s.FindPlan(ctx)
	if len(p.Projects) != 0 || len(p.ProjectReports) != 0 {
		t.Errorf("after deleting the project: %+v %+v", p.Projects, p.ProjectReports)
	}
	entries, _, _ := s.FindAudit(ctx, zoneboard.AuditFilter{Target: zoneboard.PlanTarget("project", "P"), Action: zoneboard.ActionPlanDelete})
	if len(entries) != 1 || !strings.Contains(string(entries[0].Before), "项目") || !strings.Contains(string(entries[0].Before), "1.5") {
		t.Errorf("the deletion's audit entry: %+v", entries)
	}
}

func mustPlan(t *testing.T, s zoneboard.Store, b zoneboard.PlanBatch) {
	t.Helper()
	if _, err := s.ApplyPlan(ctx, b); err != nil {
		t.Fatal(err)
	}
}
