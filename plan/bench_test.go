package plan_test

import (
	"context"
	"fmt"
	"testing"

	"zoneboard"
	"zoneboard/engine"
	"zoneboard/period"
	"zoneboard/plan"
)

// figures answers every target with a year's monthly year-to-date figures.
type figures struct{}

func (figures) Query(_ context.Context, q engine.Query) ([]engine.Row, error) {
	rows := make([]engine.Row, 12)
	for m := 1; m <= 12; m++ {
		rows[m-1] = engine.Row{Unit: q.Units[0], Indicator: q.Indicators[0], Period: period.YearToDate(2020, m), Value: float64(10 * m), Growth: 5}
	}
	return rows, nil
}

func (figures) FindIndicators(context.Context, zoneboard.IndicatorFilter) ([]zoneboard.Indicator, error) {
	return []zoneboard.Indicator{{Code: "x", Cumulative: true}}, nil
}

// province is a large plan: 100 goals, 2,000 targets, 2,000 tasks with 4 milestones and 12
// reports each, and 5,000 projects with 12 monthly reports each.
func province() zoneboard.Plan {
	var p zoneboard.Plan
	for g := 0; g < 100; g++ {
		p.Goals = append(p.Goals, zoneboard.Goal{Code: fmt.Sprintf("G%d", g), Name: "目标", Unit: fmt.Sprintf("U%d", g%150)})
	}
	for i := 0; i < 2000; i++ {
		goal, unit := fmt.Sprintf("G%d", i%100), fmt.Sprintf("U%d", i%150)
		p.Targets = append(p.Targets, zoneboard.Target{Code: fmt.Sprintf("T%d", i), Goal: goal, Indicator: "x", Unit: unit,
			Measure: zoneboard.MeasureLevel, Deadline: period.Year(2020), Value: zoneboard.Float(150)})
		task := zoneboard.Task{Code: fmt.Sprintf("K%d", i), Goal: goal, LeadUnit: unit, Deadline: "2020-12-31"}
		for m := 3; m <= 12; m += 3 {
			task.Milestones = append(task.Milestones, zoneboard.Milestone{Name: "节点", Due: fmt.Sprintf("2020-%02d-28", m)})
		}
		p.Tasks = append(p.Tasks, task)
		for m := 1; m <= 12; m++ {
			p.TaskReports = append(p.TaskReports, zoneboard.TaskReport{Task: task.Code, Month: fmt.Sprintf("2020-%02d", m), Percent: zoneboard.Float(float64(8 * m))})
		}
	}
	for i := 0; i < 5000; i++ {
		pr := zoneboard.Project{Code: fmt.Sprintf("P%d", i), Goal: fmt.Sprintf("G%d", i%100), Unit: fmt.Sprintf("U%d", i%150), Year: 2020,
			Level: []string{"province", "city", "district"}[i%3], Industry: fmt.Sprintf("I%d", i%20),
			TotalInvestment: zoneboard.Float(10), AnnualPlan: zoneboard.Float(4), PlannedStart: "2020-03-31", ActualStart: "2020-03-15"}
		p.Projects = append(p.Projects, pr)
		for m := 1; m <= 12; m++ {
			p.ProjectReports = append(p.ProjectReports, zoneboard.ProjectReport{Project: pr.Code, Month: fmt.Sprintf("2020-%02d", m), Completed: zoneboard.Float(0.3)})
		}
	}
	return p
}

// BenchmarkEvaluateProvince judges a province's whole plan: what GET /api/v1/plan does beside
// reading the plan and the figures.
func BenchmarkEvaluateProvince(b *testing.B) {
	p := province()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.Evaluate(context.Background(), p, figures{}, plan.Options{Today: "2020-06-30", Month: "2020-06", Within: 7}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRemindersProvince lists a province's reminders.
func BenchmarkRemindersProvince(b *testing.B) {
	p := province()
	b.ReportAllocs()
	for b.Loop() {
		plan.Reminders(p, "2020-06-20", 14, nil)
	}
}
