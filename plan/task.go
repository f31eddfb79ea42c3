package plan

import (
	"sort"
	"time"

	"zoneboard"
)

// TaskProgress is a task judged on a day.
type TaskProgress struct {
	Task zoneboard.Task `json:"task"`
	// Percent and Report are from the latest monthly report.
	Percent *float64              `json:"percent"`
	Report  *zoneboard.TaskReport `json:"report"`
	// DaysLeft is the days from today to the deadline (negative: overdue).
	DaysLeft          int                   `json:"days_left"`
	OverdueMilestones []zoneboard.Milestone `json:"overdue_milestones"`
	NextMilestone     *zoneboard.Milestone  `json:"next_milestone"`
	Status            string                `json:"status"`
}

// days counts the days from one day string to another.
func days(from, to string) int {
	a, err1 := time.Parse("2006-01-02", from)
	b, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}

// EvaluateTask judges a task on a day: done once signed off; overdue past its deadline or a
// milestone's; due soon within `within` days of either.
func EvaluateTask(t zoneboard.Task, reports []zoneboard.TaskReport, today string, within int) TaskProgress {
	tp := TaskProgress{Task: t, DaysLeft: days(today, t.Deadline), OverdueMilestones: []zoneboard.Milestone{}}
	// What was known on the day: reports of its month and before, milestones done by then, a
	// sign-off by then.
	for i := range reports {
		r := reports[i]
		if r.Task == t.Code && r.Month <= today[:min(7, len(today))] && (tp.Report == nil || r.Month > tp.Report.Month) {
			tp.Report = &r
		}
	}
	if tp.Report != nil {
		tp.Percent = tp.Report.Percent
	}
	milestones := append([]zoneboard.Milestone(nil), t.Milestones...)
	sort.SliceStable(milestones, func(i, j int) bool { return milestones[i].Due < milestones[j].Due })
	for i := range milestones {
		m := milestones[i]
		if m.DoneOn != "" && m.DoneOn <= today {
			continue
		}
		if m.Due < today {
			tp.OverdueMilestones = append(tp.OverdueMilestones, m)
		} else if tp.NextMilestone == nil {
			tp.NextMilestone = &m
		}
	}
	switch {
	case t.SignedOffOn != "" && t.SignedOffOn <= today:
		tp.Status = StatusDone
	case t.Deadline < today || len(tp.OverdueMilestones) > 0:
		tp.Status = StatusOverdue
	case tp.DaysLeft <= within || tp.NextMilestone != nil && days(today, tp.NextMilestone.Due) <= within:
		tp.Status = StatusDueSoon
	default:
		tp.Status = StatusOpen
	}
	return tp
}
