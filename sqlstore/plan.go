package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"zoneboard"
	"zoneboard/msg"
)

// Kinds of plan records in plan_items and plan_reports.
const (
	kindGoal    = "goal"
	kindTarget  = "target"
	kindTask    = "task"
	kindProject = "project"
)

// FindPlan reads the whole plan, each kind ordered by code and reports by item and month. The
// plan last read is kept with its version and handed out again, copied, while the version
// has not moved; another server's write moves it too.
func (db *DB) FindPlan(ctx context.Context) (zoneboard.Plan, error) {
	var version int64
	if err := db.read.QueryRowContext(ctx, `SELECT version FROM plan_version WHERE id = 1`).Scan(&version); err != nil {
		return zoneboard.Plan{}, fmt.Errorf("store: unable to read the plan's version: %w", err)
	}
	db.planCache.Lock()
	defer db.planCache.Unlock()
	if db.planCache.plan == nil || db.planCache.version != version {
		// The version is read again inside the same snapshot as the plan, so that the plan
		// kept is never newer or older than the version it is kept under.
		tx, err := db.read.BeginTx(ctx, &sql.TxOptions{Isolation: db.snapshotIsolation(), ReadOnly: true})
		if err != nil {
			return zoneboard.Plan{}, fmt.Errorf("store: unable to read the plan: %w", err)
		}
		defer tx.Rollback()
		if err := tx.QueryRowContext(ctx, `SELECT version FROM plan_version WHERE id = 1`).Scan(&version); err != nil {
			return zoneboard.Plan{}, fmt.Errorf("store: unable to read the plan's version: %w", err)
		}
		p, err := db.findPlan(ctx, tx)
		if err != nil {
			return p, err
		}
		db.planCache.plan, db.planCache.version = &p, version
	}
	return clonePlan(*db.planCache.plan), nil
}

// clonePlan copies a plan down to its lists, so that a caller may change what it was given.
func clonePlan(p zoneboard.Plan) zoneboard.Plan {
	out := zoneboard.Plan{Goals: slices.Clone(p.Goals), Targets: slices.Clone(p.Targets), Tasks: slices.Clone(p.Tasks),
		Projects: slices.Clone(p.Projects), TaskReports: slices.Clone(p.TaskReports), ProjectReports: slices.Clone(p.ProjectReports)}
	for i := range out.Targets {
		out.Targets[i].ResponsibleUnits = slices.Clone(out.Targets[i].ResponsibleUnits)
	}
	for i := range out.Tasks {
		out.Tasks[i].CooperatingUnits = slices.Clone(out.Tasks[i].CooperatingUnits)
		out.Tasks[i].Milestones = slices.Clone(out.Tasks[i].Milestones)
	}
	for i := range out.TaskReports {
		out.TaskReports[i].Links = slices.Clone(out.TaskReports[i].Links)
	}
	return out
}

func (db *DB) findPlan(ctx context.Context, q queryer) (zoneboard.Plan, error) {
	var p zoneboard.Plan
	rows, err := q.QueryContext(ctx, `SELECT kind, body FROM plan_items ORDER BY kind, code`)
	if err != nil {
		return p, fmt.Errorf("store: unable to read the plan: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, body string
		if err := rows.Scan(&kind, &body); err != nil {
			return p, fmt.Errorf("store: unable to read the plan: %w", err)
		}
		switch kind {
		case kindGoal:
			err = appendJSON(&p.Goals, body)
		case kindTarget:
			err = appendJSON(&p.Targets, body)
		case kindTask:
			err = appendJSON(&p.Tasks, body)
		case kindProject:
			err = appendJSON(&p.Projects, body)
		}
		if err != nil {
			return p, err
		}
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	reports, err := q.QueryContext(ctx, `SELECT kind, body, reported_by, reported_at FROM plan_reports ORDER BY kind, item, month`)
	if err != nil {
		return p, fmt.Errorf("store: unable to read the reports: %w", err)
	}
	defer reports.Close()
	for reports.Next() {
		var kind, body, by string
		var at time.Time
		if err := reports.Scan(&kind, &body, &by, &at); err != nil {
			return p, fmt.Errorf("store: unable to read a report: %w", err)
		}
		switch kind {
		case kindTask:
			var r zoneboard.TaskReport
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				return p, fmt.Errorf("store: a task report does not read: %w", err)
			}
			r.ReportedBy, r.ReportedAt = by, at
			p.TaskReports = append(p.TaskReports, r)
		case kindProject:
			var r zoneboard.ProjectReport
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				return p, fmt.Errorf("store: a project report does not read: %w", err)
			}
			r.ReportedBy, r.ReportedAt = by, at
			p.ProjectReports = append(p.ProjectReports, r)
		}
	}
	return p, reports.Err()
}

func appendJSON[T any](list *[]T, body string) error {
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		return fmt.Errorf("store: a plan record does not read: %w", err)
	}
	*list = append(*list, v)
	return nil
}

// auditPlanRecord writes the audit entry of one plan record created or changed, so that each
// goal, target, task and project has its own history, whatever batch changed it. The entry's
// target is KIND:CODE (project:ZO-01), which no user name or unit code can be.
func (db *DB) auditPlanRecord(ctx context.Context, tx queryer, b zoneboard.PlanBatch, kind, code, month string, before, after any, units ...string) error {
	note := b.Audit
	if note.Actor == "" {
		note.Actor = b.Actor
	}
	if note.Action == "" {
		note.Action = zoneboard.ActionPlanWrite
	}
	note.Target = zoneboard.PlanTarget(kind, code)
	verb := "created"
	if before != nil {
		verb = "changed"
	}
	summary := kind + " " + code + " " + verb
	if month != "" {
		summary = kind + " " + code + ": report of " + month + " " + verb
	}
	var kept []string
	for _, u := range units {
		if u != "" {
			kept = append(kept, u)
		}
	}
	_, err := db.writeAudit(ctx, tx, note, kept, summary, before, after)
	return err
}

// ApplyPlan writes a plan batch in one transaction after checking every reference; nothing is
// written when a reference is missing or the batch is a dry run.
func (db *DB) ApplyPlan(ctx context.Context, b zoneboard.PlanBatch) (result zoneboard.PlanResult, err error) {
	defer func() { err = db.unavailable(err) }()
	if b.Actor == "" {
		return result, zoneboard.Errorf(zoneboard.EInvalid, "a write must name its actor")
	}
	if err := zoneboard.CheckTexts(b); err != nil {
		return result, err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return result, err
	}
	defer tx.Rollback()
	if result, err = db.applyPlan(ctx, tx, b); err != nil || b.DryRun {
		return result, err
	}
	if err := tx.Commit(); err != nil {
		return result, fmt.Errorf("store: unable to commit: %w", err)
	}
	return result, nil
}

// applyPlan writes a plan batch inside a transaction, with its audit entry.
func (db *DB) applyPlan(ctx context.Context, tx queryer, b zoneboard.PlanBatch) (result zoneboard.PlanResult, err error) {
	stored, err := db.findPlan(ctx, tx)
	if err != nil {
		return result, err
	}
	if err := db.checkPlanReferences(ctx, tx, stored, b); err != nil {
		return result, err
	}
	now := db.now()
	// Every write moves the plan's version, so that readers holding the plan read it again.
	defer func() {
		if err == nil && result.Changed() {
			_, err = tx.ExecContext(ctx, `UPDATE plan_version SET version = version + 1 WHERE id = 1`)
		}
	}()
	put := func(kind, code, goal, unit string, record any, counts *zoneboard.Counts, units ...string) error {
		body, err := json.Marshal(record)
		if err != nil {
			return err
		}
		var old string
		err = tx.QueryRowContext(ctx, `SELECT body FROM plan_items WHERE kind = $1 AND code = $2`, kind, code).Scan(&old)
		switch {
		case err == nil && old == string(body):
			counts.Unchanged++
			return nil
		case err == nil:
			counts.Updated++
			_, err = tx.ExecContext(ctx, `UPDATE plan_items SET goal = $3, unit = $4, body = $5, updated_by = $6, updated_at = $7
				WHERE kind = $1 AND code = $2`, kind, code, goal, unit, string(body), b.Actor, now)
			if err == nil {
				var before any
				json.Unmarshal([]byte(old), &before)
				err = db.auditPlanRecord(ctx, tx, b, kind, code, "", before, record, units...)
			}
		default:
			counts.Created++
			_, err = tx.ExecContext(ctx, `INSERT INTO plan_items (kind, code, goal, unit, body, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, kind, code, goal, unit, string(body), b.Actor, now)
			if err == nil {
				err = db.auditPlanRecord(ctx, tx, b, kind, code, "", nil, record, units...)
			}
		}
		if err != nil {
			return fmt.Errorf("store: unable to write %s %s: %w", kind, code, err)
		}
		return nil
	}
	for _, g := range b.Goals {
		if err := put(kindGoal, g.Code, g.Parent, g.Unit, g, &result.Goals, g.Unit); err != nil {
			return result, err
		}
	}
	for _, t := range b.Targets {
		if err := put(kindTarget, t.Code, t.Goal, t.Unit, t, &result.Targets, append([]string{t.Unit, t.LeadUnit}, t.ResponsibleUnits...)...); err != nil {
			return result, err
		}
	}
	for _, t := range b.Tasks {
		if err := put(kindTask, t.Code, t.Goal, t.LeadUnit, t, &result.Tasks, append([]string{t.LeadUnit}, t.CooperatingUnits...)...); err != nil {
			return result, err
		}
	}
	for _, p := range b.Projects {
		if err := put(kindProject, p.Code, p.Goal, p.Unit, p, &result.Projects, p.Unit, p.ResponsibleUnit); err != nil {
			return result, err
		}
	}
	report := func(kind, item, month string, record any, counts *zoneboard.Counts, units ...string) error {
		body, err := json.Marshal(record)
		if err != nil {
			return err
		}
		var old string
		err = tx.QueryRowContext(ctx, `SELECT body FROM plan_reports WHERE kind = $1 AND item = $2 AND month = $3`, kind, item, month).Scan(&old)
		switch {
		case err == nil && old == string(body):
			counts.Unchanged++
			return nil
		case err == nil:
			counts.Updated++
			_, err = tx.ExecContext(ctx, `UPDATE plan_reports SET body = $4, reported_by = $5, reported_at = $6
				WHERE kind = $1 AND item = $2 AND month = $3`, kind, item, month, string(body), b.Actor, now)
			if err == nil {
				var before any
				json.Unmarshal([]byte(old), &before)
				err = db.auditPlanRecord(ctx, tx, b, kind, item, month, before, record, units...)
			}
		default:
			counts.Created++
			_, err = tx.ExecContext(ctx, `INSERT INTO plan_reports (kind, item, month, body, reported_by, reported_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, kind, item, month, string(body), b.Actor, now)
			if err == nil {
				err = db.auditPlanRecord(ctx, tx, b, kind, item, month, nil, record, units...)
			}
		}
		if err != nil {
			return fmt.Errorf("store: unable to write the report of %s %s: %w", item, month, err)
		}
		return nil
	}
	unitOf := planUnits(stored, b)
	for _, r := range b.TaskReports {
		r.ReportedBy, r.ReportedAt = "", time.Time{} // kept in their own columns
		if err := report(kindTask, r.Task, r.Month, r, &result.TaskReports, unitOf[kindTask+" "+r.Task]); err != nil {
			return result, err
		}
	}
	for _, r := range b.ProjectReports {
		r.ReportedBy, r.ReportedAt = "", time.Time{}
		if err := report(kindProject, r.Project, r.Month, r, &result.ProjectReports, unitOf[kindProject+" "+r.Project]); err != nil {
			return result, err
		}
	}
	return result, nil
}

// planUnits maps each task and project, stored or in the batch, to the unit it belongs to.
func planUnits(stored zoneboard.Plan, b zoneboard.PlanBatch) map[string]string {
	out := map[string]string{}
	for _, t := range append(slices.Clone(stored.Tasks), b.Tasks...) {
		out[kindTask+" "+t.Code] = t.LeadUnit
	}
	for _, p := range append(slices.Clone(stored.Projects), b.Projects...) {
		out[kindProject+" "+p.Code] = p.Unit
	}
	return out
}

// checkPlanReferences refuses a batch that names a goal, unit, indicator, task or project
// that exists neither in the batch nor in the store, or whose goals would form a cycle.
func (db *DB) checkPlanReferences(ctx context.Context, q queryer, stored zoneboard.Plan, b zoneboard.PlanBatch) error {
	units, err := codeIDs(ctx, q, "units")
	if err != nil {
		return err
	}
	indicators, err := codeIDs(ctx, q, "indicators")
	if err != nil {
		return err
	}
	goals := map[string]string{}
	for _, g := range append(slices.Clone(stored.Goals), b.Goals...) {
		goals[g.Code] = g.Parent
	}
	tasks, projects := map[string]bool{}, map[string]bool{}
	for _, t := range append(slices.Clone(stored.Tasks), b.Tasks...) {
		tasks[t.Code] = true
	}
	for _, p := range append(slices.Clone(stored.Projects), b.Projects...) {
		projects[p.Code] = true
	}
	unit := func(what, code string) error {
		if _, ok := units[code]; code != "" && !ok {
			return zoneboard.Errorf(zoneboard.EInvalid, "%s: %q is not a known unit code", what, code)
		}
		return nil
	}
	goal := func(what, code string) error {
		if _, ok := goals[code]; code != "" && !ok {
			return zoneboard.Errorf(zoneboard.EInvalid, "%s: %q is not a known goal code", what, code)
		}
		return nil
	}
	var errs []error
	for _, g := range b.Goals {
		errs = append(errs, goal("goal "+g.Code+" parent", g.Parent), unit("goal "+g.Code, g.Unit))
		seen := map[string]bool{g.Code: true}
		for p := g.Parent; p != ""; p = goals[p] {
			if seen[p] {
				errs = append(errs, zoneboard.Errorf(zoneboard.EInvalid, "goal %s: its parents form a cycle through %s", g.Code, p))
				break
			}
			seen[p] = true
		}
	}
	for _, t := range b.Targets {
		errs = append(errs, goal("target "+t.Code, t.Goal), unit("target "+t.Code, t.Unit), unit("target "+t.Code+" lead unit", t.LeadUnit))
		if _, ok := indicators[t.Indicator]; !ok {
			errs = append(errs, zoneboard.Errorf(zoneboard.EInvalid, "target %s: %q is not a known indicator code", t.Code, t.Indicator))
		}
		for _, u := range t.ResponsibleUnits {
			errs = append(errs, unit("target "+t.Code+" responsible unit", u))
		}
	}
	for _, t := range b.Tasks {
		errs = append(errs, goal("task "+t.Code, t.Goal), unit("task "+t.Code+" lead unit", t.LeadUnit))
		for _, u := range t.CooperatingUnits {
			errs = append(errs, unit("task "+t.Code+" cooperating unit", u))
		}
	}
	for _, p := range b.Projects {
		errs = append(errs, goal("project "+p.Code, p.Goal), unit("project "+p.Code, p.Unit), unit("project "+p.Code+" responsible unit", p.ResponsibleUnit))
	}
	for _, r := range b.TaskReports {
		if !tasks[r.Task] {
			errs = append(errs, zoneboard.Errorf(zoneboard.EInvalid, "task report: %q is not a known task code", r.Task))
		}
	}
	for _, r := range b.ProjectReports {
		if !projects[r.Project] {
			errs = append(errs, zoneboard.Errorf(zoneboard.EInvalid, "project report: %q is not a known project code", r.Project))
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// DeletePlanItem deletes one plan record and its reports in one transaction, keeping the
// record and the reports in its audit entry. A goal that anything hangs under is refused.
func (db *DB) DeletePlanItem(ctx context.Context, kind, code string, note zoneboard.AuditNote) error {
	switch kind {
	case kindGoal, kindTarget, kindTask, kindProject:
	default:
		return zoneboard.Fail(zoneboard.EInvalid, "store.plan_kind", "kind", msg.Quoted(kind))
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var body, unit string
	err = tx.QueryRowContext(ctx, `SELECT body, unit FROM plan_items WHERE kind = $1 AND code = $2`, kind, code).Scan(&body, &unit)
	if errors.Is(err, sql.ErrNoRows) {
		return zoneboard.Fail(zoneboard.ENotFound, "store.no_plan_item", "what", msg.Noun(kind), "code", msg.Quoted(code))
	} else if err != nil {
		return fmt.Errorf("store: unable to read %s %s: %w", kind, code, err)
	}
	if kind == kindGoal {
		var under int
		// The goal column holds a goal's parent and an item's goal: either way, what hangs under it.
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_items WHERE goal = $1`, code).Scan(&under); err != nil {
			return fmt.Errorf("store: unable to read the plan: %w", err)
		}
		if under > 0 {
			return zoneboard.Fail(zoneboard.EConflict, "store.goal_not_empty", "goal", code, "count", under)
		}
	}
	var before struct {
		Record  json.RawMessage   `json:"record"`
		Reports []json.RawMessage `json:"reports,omitempty"`
	}
	before.Record = json.RawMessage(body)
	rows, err := tx.QueryContext(ctx, `SELECT body FROM plan_reports WHERE kind = $1 AND item = $2 ORDER BY month`, kind, code)
	if err != nil {
		return fmt.Errorf("store: unable to read the reports of %s: %w", code, err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			rows.Close()
			return err
		}
		before.Reports = append(before.Reports, json.RawMessage(r))
	}
	rows.Close()
	for _, stmt := range []string{`DELETE FROM plan_reports WHERE kind = $1 AND item = $2`, `DELETE FROM plan_items WHERE kind = $1 AND code = $2`} {
		if _, err := tx.ExecContext(ctx, stmt, kind, code); err != nil {
			return fmt.Errorf("store: unable to delete %s %s: %w", kind, code, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plan_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("store: unable to delete %s %s: %w", kind, code, err)
	}
	note.Target = zoneboard.PlanTarget(kind, code)
	if note.Action == "" {
		note.Action = zoneboard.ActionPlanDelete
	}
	var units []string
	if unit != "" {
		units = []string{unit}
	}
	if _, err := db.writeAudit(ctx, tx, note, units, kind+" "+code+" deleted", before, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// SignOffTask sets a task's sign-off inside one transaction, on the task as it is stored then.
func (db *DB) SignOffTask(ctx context.Context, code, day, by string, note zoneboard.AuditNote) error {
	if err := zoneboard.CheckText("task "+code+": signed_off_by", by); err != nil {
		return err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var body string
	err = tx.QueryRowContext(ctx, `SELECT body FROM plan_items WHERE kind = $1 AND code = $2`, kindTask, code).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return zoneboard.Fail(zoneboard.ENotFound, "store.no_plan_item", "what", msg.Noun("task"), "code", msg.Quoted(code))
	} else if err != nil {
		return fmt.Errorf("store: unable to read task %s: %w", code, err)
	}
	var task zoneboard.Task
	if err := json.Unmarshal([]byte(body), &task); err != nil {
		return fmt.Errorf("store: task %s does not read: %w", code, err)
	}
	if task.SignedOffOn != "" {
		return zoneboard.Fail(zoneboard.EConflict, "store.signed_off_already", "task", code, "day", task.SignedOffOn, "person", task.SignedOffBy)
	}
	before := task
	task.SignedOffOn, task.SignedOffBy = day, by
	after, err := json.Marshal(task)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plan_items SET body = $3, updated_by = $4, updated_at = $5 WHERE kind = $1 AND code = $2`,
		kindTask, code, string(after), by, db.now()); err != nil {
		return fmt.Errorf("store: unable to sign task %s off: %w", code, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plan_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("store: unable to sign task %s off: %w", code, err)
	}
	if note.Action == "" {
		note.Action = zoneboard.ActionTaskSignOff
	}
	note.Target = zoneboard.PlanTarget(kindTask, code)
	if _, err := db.writeAudit(ctx, tx, note, append([]string{task.LeadUnit}, task.CooperatingUnits...), "task "+code+" signed off on "+day, before, task); err != nil {
		return err
	}
	return tx.Commit()
}
