package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"zoneboard"
)

// ApplyBatch writes a batch in one transaction, in dependency order: units, indicators,
// groups, then observations. Nothing is written when any part fails or the batch is a dry run.
func (db *DB) ApplyBatch(ctx context.Context, batch zoneboard.Batch) (result zoneboard.BatchResult, err error) {
	// a full disk met by a bulk insert or a query inside the write is reported as such
	defer func() { err = db.unavailable(err) }()
	if batch.Actor == "" {
		return result, zoneboard.Errorf(zoneboard.EInvalid, "a write must name its actor")
	}
	// The same refusal on every store: PostgreSQL would refuse a NUL with an internal error
	// that SQLite would store.
	if err := zoneboard.CheckTexts(batch); err != nil {
		return result, err
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return result, err
	}
	defer tx.Rollback()
	before, err := db.definitions(ctx, tx, batch)
	if err != nil {
		return result, err
	}
	if result.Units, err = db.applyUnits(ctx, tx, batch.Actor, batch.Units); err != nil {
		return result, err
	}
	if result.Indicators, err = db.applyIndicators(ctx, tx, batch.Actor, batch.Indicators); err != nil {
		return result, err
	}
	if result.Groups, err = db.applyGroups(ctx, tx, batch.Actor, batch.Groups); err != nil {
		return result, err
	}
	changes := newChanges(db, tx, batch.Actor)
	if result.Observations, err = db.applyObservations(ctx, tx, changes, batch.Observations); err != nil {
		return result, err
	}
	result.ObservationChanges = changes.observed
	// What the definitions are now, inside the transaction, against what they were: the
	// result names what changed, and the audit entry keeps both sides.
	after := before
	if definitionsChanged(result) {
		if after, err = db.definitions(ctx, tx, batch); err != nil {
			return result, err
		}
		result.Definitions = definitionChanges(batch, before, after)
	}
	// Every write moves the change sequence, so that readers such as the engine see that
	// something changed, even when only units or indicators did; and a change that wrote
	// definitions says so, so that readers know when to read them again.
	if len(changes.ids) == 0 && result.Changed() {
		if _, err := changes.id(ctx, ""); err != nil {
			return result, err
		}
	}
	if definitionsChanged(result) {
		id, err := changes.id(ctx, "")
		if err != nil {
			return result, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE changes SET definitions = $1 WHERE id = $2`, true, id); err != nil {
			return result, fmt.Errorf("store: unable to record the change: %w", err)
		}
	}
	statistics := result
	statistics.Plan = zoneboard.PlanResult{}
	if statistics.Changed() {
		if err := db.auditBatch(ctx, tx, batch, result, changes, before, after); err != nil {
			return result, err
		}
	}
	// The plan part comes last: its projects and targets may name units and indicators the
	// statistics part has just defined. It has its own audit entry.
	if !batch.Plan.Empty() {
		plan := batch.Plan
		if plan.Actor == "" {
			plan.Actor = batch.Actor
		}
		if plan.Audit == (zoneboard.AuditNote{}) {
			plan.Audit = batch.Audit
		}
		if result.Plan, err = db.applyPlan(ctx, tx, plan); err != nil {
			return result, err
		}
	}
	if batch.DryRun {
		return result, nil
	}
	if err := tx.Commit(); err != nil {
		return result, fmt.Errorf("store: unable to commit: %w", err)
	}
	return result, nil
}

func definitionsChanged(r zoneboard.BatchResult) bool {
	for _, c := range []zoneboard.Counts{r.Units, r.Indicators, r.Groups} {
		if c.Created+c.Updated > 0 {
			return true
		}
	}
	return false
}

// writer is who a record is written by: the record's own actor when the batch names one per
// record (an import names each file), else the batch's.
func writer(batchActor, recordActor string) string {
	if recordActor != "" {
		return recordActor
	}
	return batchActor
}

// changes creates the change rows of a batch, one per distinct actor, when first needed, and
// keeps the first observations it creates or changes for the batch's result.
type changes struct {
	db       *DB
	tx       queryer
	actor    string
	at       time.Time
	ids      map[string]int64
	observed []zoneboard.ObservationChange
}

// observe keeps an observation the batch writes, with what was stored before (nil for a new
// one), while the result's list has room.
func (c *changes) observe(o zoneboard.Observation, old *storedCell) {
	if len(c.observed) >= zoneboard.MaxObservationChanges {
		return
	}
	change := zoneboard.ObservationChange{Unit: o.Unit, Indicator: o.Indicator, Period: o.Period,
		After: &zoneboard.FigureVersion{Value: o.Value, Growth: o.Growth, Status: o.Status, Source: o.Source, Note: o.Note}}
	if old != nil {
		change.Before = &zoneboard.FigureVersion{Value: fromNull(old.value), Growth: fromNull(old.growth),
			Status: old.status, Source: old.source, Note: old.note}
	}
	c.observed = append(c.observed, change)
}

// definitionChanges names the batch's definitions that differ between before and after, in the
// batch's order: units, then indicators, then groups.
func definitionChanges(batch zoneboard.Batch, before, after definitionSet) []zoneboard.DefinitionChange {
	var out []zoneboard.DefinitionChange
	add := func(kind, code, name string, existed, same bool) {
		if existed && same {
			return
		}
		out = append(out, zoneboard.DefinitionChange{Kind: kind, Code: code, Name: name, Created: !existed})
	}
	for _, u := range batch.Units {
		b, existed := before.Units[u.Code]
		a := after.Units[u.Code]
		add(zoneboard.DefinitionUnit, u.Code, a.Name, existed, sameJSON(b, a))
	}
	for _, ind := range batch.Indicators {
		b, existed := before.Indicators[ind.Code]
		a := after.Indicators[ind.Code]
		add(zoneboard.DefinitionIndicator, ind.Code, a.Name, existed, sameJSON(b, a))
	}
	for _, g := range batch.Groups {
		b, existed := before.Groups[g.Code]
		a := after.Groups[g.Code]
		add(zoneboard.DefinitionGroup, g.Code, a.Name, existed, sameJSON(b, a))
	}
	return out
}

func sameJSON(a, b any) bool {
	aj, _ := json.Marshal(a)
	bj, _ := json.Marshal(b)
	return string(aj) == string(bj)
}

func newChanges(db *DB, tx queryer, actor string) *changes {
	return &changes{db: db, tx: tx, actor: actor, at: db.now(), ids: map[string]int64{}}
}

// id returns the change of the record's actor, or of the batch's when the record names none.
func (c *changes) id(ctx context.Context, recordActor string) (int64, error) {
	actor := writer(c.actor, recordActor)
	if id, ok := c.ids[actor]; ok {
		return id, nil
	}
	var id int64
	if err := c.tx.QueryRowContext(ctx, `INSERT INTO changes (actor, at) VALUES ($1, $2) RETURNING id`, actor, c.at).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: unable to record the change: %w", err)
	}
	c.ids[actor] = id
	return id, nil
}

// writeLock is the PostgreSQL advisory lock that writers hold for their transaction.
const writeLock = 7_101_171

// beginWrite starts a write transaction. Writers take turns: a reader of the change sequence
// that has seen change N must never see an earlier change commit later, which PostgreSQL's
// concurrent writers would allow (SQLite has one writer already).
func (db *DB) beginWrite(ctx context.Context) (*writeTx, error) {
	if db.readOnly {
		return nil, db.unavailableBecause(readOnly)
	}
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: unable to begin a transaction: %w", db.unavailable(err))
	}
	tx := &writeTx{Tx: sqlTx, db: db}
	if db.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("store: unable to wait for the other writers: %w", err)
		}
	}
	return tx, nil
}

// audit writes the audit entry of the write whose changes these are and links them to it.
func (c *changes) audit(ctx context.Context, note zoneboard.AuditNote, units []string, summary string, before, after any) error {
	id, err := c.db.writeAudit(ctx, c.tx, note, units, summary, before, after)
	if err != nil {
		return err
	}
	return linkChanges(ctx, c.tx, c.db, id, slices.Collect(maps.Values(c.ids)))
}

// definitionSet is the units, indicators and groups a batch names, by code, as the audit log
// shows them: without who wrote them last, which the entry itself says.
type definitionSet struct {
	Units      map[string]zoneboard.Unit      `json:"units,omitempty"`
	Indicators map[string]zoneboard.Indicator `json:"indicators,omitempty"`
	Groups     map[string]zoneboard.Group     `json:"groups,omitempty"`
}

// definitions reads the stored versions of the definitions a batch names.
func (db *DB) definitions(ctx context.Context, tx queryer, batch zoneboard.Batch) (definitionSet, error) {
	set := definitionSet{Units: map[string]zoneboard.Unit{}, Indicators: map[string]zoneboard.Indicator{}, Groups: map[string]zoneboard.Group{}}
	if len(batch.Units) > 0 {
		codes := make([]string, len(batch.Units))
		for i, u := range batch.Units {
			codes[i] = u.Code
		}
		units, err := db.findUnits(ctx, tx, zoneboard.UnitFilter{Codes: codes})
		if err != nil {
			return set, err
		}
		for _, u := range units {
			u.UpdatedBy, u.UpdatedAt = "", time.Time{}
			set.Units[u.Code] = u
		}
	}
	if len(batch.Indicators) > 0 {
		codes := make([]string, len(batch.Indicators))
		for i, ind := range batch.Indicators {
			codes[i] = ind.Code
		}
		indicators, err := db.findIndicators(ctx, tx, zoneboard.IndicatorFilter{Codes: codes})
		if err != nil {
			return set, err
		}
		for _, ind := range indicators {
			ind.UpdatedBy, ind.UpdatedAt = "", time.Time{}
			set.Indicators[ind.Code] = ind
		}
	}
	if len(batch.Groups) > 0 {
		named := map[string]bool{}
		for _, g := range batch.Groups {
			named[g.Code] = true
		}
		groups, err := findGroups(ctx, tx)
		if err != nil {
			return set, err
		}
		for _, g := range groups {
			if named[g.Code] {
				g.UpdatedBy, g.UpdatedAt = "", time.Time{}
				set.Groups[g.Code] = g
			}
		}
	}
	return set, nil
}

// auditBatch writes the audit entry of a batch that changed something: the definitions it
// created or changed, before and after, and a link to the observations it wrote.
func (db *DB) auditBatch(ctx context.Context, tx queryer, batch zoneboard.Batch, result zoneboard.BatchResult, changes *changes, before, after definitionSet) error {
	note := batch.Audit
	if note.Actor == "" {
		note.Actor = batch.Actor
	}
	if note.Action == "" {
		note.Action = "write"
	}
	// Keep only what changed, on both sides.
	changedBefore, changedAfter := definitionSet{}, definitionSet{}
	diff(before.Units, after.Units, &changedBefore.Units, &changedAfter.Units)
	diff(before.Indicators, after.Indicators, &changedBefore.Indicators, &changedAfter.Indicators)
	diff(before.Groups, after.Groups, &changedBefore.Groups, &changedAfter.Groups)

	if len(changes.ids) == 0 {
		if _, err := changes.id(ctx, ""); err != nil {
			return err
		}
	}
	units, err := unitsOfChanges(ctx, tx, db, slices.Collect(maps.Values(changes.ids)))
	if err != nil {
		return err
	}
	units = append(units, slices.Collect(maps.Keys(changedAfter.Units))...)
	if note.Target == "" && len(changedAfter.Units)+len(changedAfter.Indicators)+len(changedAfter.Groups) == 1 {
		for _, m := range []map[string]bool{keySet(changedAfter.Units), keySet(changedAfter.Indicators), keySet(changedAfter.Groups)} {
			for code := range m {
				note.Target = code
			}
		}
	}
	var beforeRecord, afterRecord any
	if len(changedAfter.Units)+len(changedAfter.Indicators)+len(changedAfter.Groups) > 0 {
		afterRecord = changedAfter
		if len(changedBefore.Units)+len(changedBefore.Indicators)+len(changedBefore.Groups) > 0 {
			beforeRecord = changedBefore
		}
	}
	return changes.audit(ctx, note, units, summarize(result), beforeRecord, afterRecord)
}

func keySet[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// diff puts into changedBefore and changedAfter the records that differ between before and
// after; a record new in after has no before.
func diff[V any](before, after map[string]V, changedBefore, changedAfter *map[string]V) {
	for code, a := range after {
		b, existed := before[code]
		if existed {
			bj, _ := json.Marshal(b)
			aj, _ := json.Marshal(a)
			if string(bj) == string(aj) {
				continue
			}
			if *changedBefore == nil {
				*changedBefore = map[string]V{}
			}
			(*changedBefore)[code] = b
		}
		if *changedAfter == nil {
			*changedAfter = map[string]V{}
		}
		(*changedAfter)[code] = a
	}
}

// summarize says in a line what a batch did: "observations 3 new, 1 changed; units 1 new".
func summarize(r zoneboard.BatchResult) string {
	var parts []string
	for _, kind := range []struct {
		name string
		c    zoneboard.Counts
	}{{"observations", r.Observations}, {"units", r.Units}, {"indicators", r.Indicators}, {"groups", r.Groups}} {
		var words []string
		if kind.c.Created > 0 {
			words = append(words, fmt.Sprintf("%d new", kind.c.Created))
		}
		if kind.c.Updated > 0 {
			words = append(words, fmt.Sprintf("%d changed", kind.c.Updated))
		}
		if len(words) > 0 {
			parts = append(parts, kind.name+" "+strings.Join(words, ", "))
		}
	}
	return strings.Join(parts, "; ")
}
