package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"zoneboard"
	"zoneboard/period"
	"zoneboard/storetest"
)

// BenchmarkFindPlanProvince reads a province's plan, as every plan request does: 2,000 targets,
// 2,000 tasks with 12 reports each, 5,000 projects with 12 monthly reports each.
func BenchmarkFindPlanProvince(b *testing.B) {
	ctx := context.Background()
	db := open(&testing.T{}, filepath.Join(b.TempDir(), "plan.db"))
	defer db.Close()
	if _, err := db.ApplyBatch(ctx, storetest.Base()); err != nil {
		b.Fatal(err)
	}
	batch := zoneboard.PlanBatch{Actor: "bench"}
	for i := 0; i < 2000; i++ {
		batch.Targets = append(batch.Targets, zoneboard.Target{Code: fmt.Sprintf("T%d", i), Indicator: "gdp", Unit: "370171",
			Measure: zoneboard.MeasureLevel, Deadline: period.Year(2020), Value: zoneboard.Float(150)})
		batch.Tasks = append(batch.Tasks, zoneboard.Task{Code: fmt.Sprintf("K%d", i), Name: "任务", LeadUnit: "370171", Deadline: "2020-12-31",
			Milestones: []zoneboard.Milestone{{Name: "节点", Due: "2020-06-30"}}})
		for m := 1; m <= 12; m++ {
			batch.TaskReports = append(batch.TaskReports, zoneboard.TaskReport{Task: fmt.Sprintf("K%d", i), Month: fmt.Sprintf("2020-%02d", m),
				Percent: zoneboard.Float(float64(8 * m)), Text: "按计划推进"})
		}
	}
	for i := 0; i < 5000; i++ {
		batch.Projects = append(batch.Projects, zoneboard.Project{Code: fmt.Sprintf("P%d", i), Name: "项目", Unit: "370171", Year: 2020,
			Level: "city", TotalInvestment: zoneboard.Float(10), AnnualPlan: zoneboard.Float(4)})
		for m := 1; m <= 12; m++ {
			batch.ProjectReports = append(batch.ProjectReports, zoneboard.ProjectReport{Project: fmt.Sprintf("P%d", i), Month: fmt.Sprintf("2020-%02d", m),
				Completed: zoneboard.Float(0.3), Progress: "主体施工"})
		}
	}
	if _, err := db.ApplyPlan(ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := db.FindPlan(ctx)
		if err != nil || len(p.ProjectReports) != 60000 {
			b.Fatal(err, len(p.ProjectReports))
		}
	}
}
