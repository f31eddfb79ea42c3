package plan

import (
	"fmt"
	"sort"
	"strings"

	"zoneboard"
)

// Reminder is one thing a unit must be reminded of: a task's deadline, a milestone, or a
// project's planned start or operation, overdue or due within the window.
type Reminder struct {
	Unit     string `json:"unit"`
	Kind     string `json:"kind"` // task, milestone, project_start, project_operation
	Code     string `json:"code"`
	Name     string `json:"name"`
	Detail   string `json:"detail"` // the milestone's name
	Due      string `json:"due"`
	DaysLeft int    `json:"days_left"`
	Overdue  bool   `json:"overdue"`
}

// UnitReminders is what one responsible unit is reminded of, the overdue first.
type UnitReminders struct {
	Unit      string     `json:"unit"`
	UnitName  string     `json:"unit_name"`
	Reminders []Reminder `json:"reminders"`
}

// Reminders lists, per responsible unit, what is overdue or due within `within` days of
// today: the tasks not signed off (to their lead and cooperating units), their open
// milestones, and the projects not started or not operating by their planned dates (to
// their responsible unit, else their unit).
func Reminders(p zoneboard.Plan, today string, within int, visible func(string) bool) []UnitReminders {
	byUnit := map[string][]Reminder{}
	add := func(r Reminder, units ...string) {
		r.DaysLeft = days(today, r.Due)
		r.Overdue = r.Due < today
		if r.DaysLeft > within {
			return
		}
		done := map[string]bool{}
		for _, u := range units {
			if u == "" || done[u] || visible != nil && !visible(u) {
				continue
			}
			done[u] = true
			r.Unit = u
			byUnit[u] = append(byUnit[u], r)
		}
	}
	for _, t := range p.Tasks {
		if t.SignedOffOn != "" && t.SignedOffOn <= today {
			continue
		}
		units := append([]string{t.LeadUnit}, t.CooperatingUnits...)
		if t.Deadline != "" {
			add(Reminder{Kind: "task", Code: t.Code, Name: t.Name, Due: t.Deadline}, units...)
		}
		for _, m := range t.Milestones {
			if (m.DoneOn == "" || m.DoneOn > today) && m.Due != "" {
				add(Reminder{Kind: "milestone", Code: t.Code, Name: t.Name, Detail: m.Name, Due: m.Due}, units...)
			}
		}
	}
	for _, pr := range p.Projects {
		unit := pr.ResponsibleUnit
		if unit == "" {
			unit = pr.Unit
		}
		if pr.PlannedStart != "" && (pr.ActualStart == "" || pr.ActualStart > today) {
			add(Reminder{Kind: "project_start", Code: pr.Code, Name: pr.Name, Due: pr.PlannedStart}, unit)
		}
		if pr.PlannedOperation != "" && (pr.ActualOperation == "" || pr.ActualOperation > today) {
			add(Reminder{Kind: "project_operation", Code: pr.Code, Name: pr.Name, Due: pr.PlannedOperation}, unit)
		}
	}
	units := make([]string, 0, len(byUnit))
	for u := range byUnit {
		units = append(units, u)
	}
	sort.Strings(units)
	out := make([]UnitReminders, len(units))
	for i, u := range units {
		rs := byUnit[u]
		sort.SliceStable(rs, func(a, b int) bool {
			if rs[a].Due != rs[b].Due {
				return rs[a].Due < rs[b].Due
			}
			return rs[a].Code < rs[b].Code
		})
		out[i] = UnitReminders{Unit: u, Reminders: rs}
	}
	return out
}

var reminderKinds = map[string]string{"task": "重点任务", "milestone": "任务节点", "project_start": "项目开工", "project_operation": "项目投产"}

// Describe writes a unit's reminders as a message for its people: a subject that counts what
// is overdue and what is due soon, and a line per item.
func Describe(u UnitReminders) (subject, body string) {
	overdue, soon := 0, 0
	var b strings.Builder
	name := u.UnitName
	if name == "" {
		name = u.Unit
	}
	fmt.Fprintf(&b, "%s:\n\n", name)
	for _, r := range u.Reminders {
		what := r.Name
		if r.Detail != "" {
			what += "(" + r.Detail + ")"
		}
		if r.Overdue {
			overdue++
			fmt.Fprintf(&b, "· 已逾期%d天 %s %s %s,时限%s\n", -r.DaysLeft, reminderKinds[r.Kind], r.Code, what, r.Due)
		} else {
			soon++
			fmt.Fprintf(&b, "· %d天后到期 %s %s %s,时限%s\n", r.DaysLeft, reminderKinds[r.Kind], r.Code, what, r.Due)
		}
	}
	b.WriteString("\n请及时推进并在系统中填报进展。\n")
	return fmt.Sprintf("【督办提醒】%s:逾期%d项,即将到期%d项", name, overdue, soon), b.String()
}
