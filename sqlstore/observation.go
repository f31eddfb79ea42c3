package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"zoneboard"
)

// FindObservations returns the observations the filter selects, ordered by unit code,
// indicator code and period.
//
// The rows are read from the observations table alone and their codes and writers looked up
// in maps: joining three tables and parsing a timestamp for each of a million rows costs
// several times more than reading them.
func (db *DB) FindObservations(ctx context.Context, filter zoneboard.ObservationFilter) ([]zoneboard.Observation, error) {
	unitIDs, err := codeIDs(ctx, db.read, "units")
	if err != nil {
		return nil, err
	}
	indicatorIDs, err := codeIDs(ctx, db.read, "indicators")
	if err != nil {
		return nil, err
	}
	var where []string
	var args []any
	in := func(column string, values []any) {
		where = append(where, column+" IN ("+placeholders(len(values))+")")
		args = append(args, values...)
	}
	for _, f := range []struct {
		column string
		codes  []string
		ids    map[string]int64
	}{{"o.unit_id", filter.Units, unitIDs}, {"o.indicator_id", filter.Indicators, indicatorIDs}} {
		if len(f.codes) == 0 {
			continue
		}
		var ids []any
		for _, code := range f.codes {
			if id, ok := f.ids[code]; ok {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, nil // none of the codes exists
		}
		in(f.column, ids)
	}
	if len(filter.Years) > 0 {
		in("o.year", anys(filter.Years))
	}
	if len(filter.Periods) > 0 {
		var alternatives []string
		for _, p := range filter.Periods {
			alternatives = append(alternatives, "(o.year = ? AND o.first_month = ? AND o.last_month = ?)")
			args = append(args, p.Year, p.First, p.Last)
		}
		where = append(where, "("+strings.Join(alternatives, " OR ")+")")
	}
	query := `SELECT o.unit_id, o.indicator_id, o.year, o.first_month, o.last_month, o.value, o.growth, o.status, o.source,
		o.note, o.change_id FROM observations o`
	paged := filter.Limit > 0
	if paged {
		// A page needs the database to order by code; the whole set is ordered below.
		query += " JOIN units u ON u.id = o.unit_id JOIN indicators i ON i.id = o.indicator_id"
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	if paged {
		query += fmt.Sprintf(" ORDER BY u.code%s, i.code%s, o.year, o.last_month, o.first_month LIMIT %d OFFSET %d",
			db.byteOrder(), db.byteOrder(), filter.Limit, max(filter.Offset, 0))
	}
	// Counting first sizes the result once; growing it row by row copies it many times over.
	size := filter.Limit
	if !paged {
		count := "SELECT COUNT(*) FROM observations o"
		if len(where) > 0 {
			count += " WHERE " + strings.Join(where, " AND ")
		}
		if err := db.read.QueryRowContext(ctx, db.bind(count), args...).Scan(&size); err != nil {
			return nil, fmt.Errorf("store: unable to count observations: %w", err)
		}
	}
	rows, err := db.read.QueryContext(ctx, db.bind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch observations: %w", err)
	}
	defer rows.Close()
	unitCodes, indicatorCodes := invert(unitIDs), invert(indicatorIDs)
	observations := make([]zoneboard.Observation, 0, size)
	changeOf := make([]int64, 0, size)
	for rows.Next() {
		var o zoneboard.Observation
		var unitID, indicatorID, change int64
		var value, growth sql.NullFloat64
		if err := rows.Scan(&unitID, &indicatorID, &o.Period.Year, &o.Period.First, &o.Period.Last, &value, &growth,
			&o.Status, &o.Source, &o.Note, &change); err != nil {
			return nil, fmt.Errorf("store: unable to read an observation: %w", err)
		}
		o.Unit, o.Indicator = unitCodes[unitID], indicatorCodes[indicatorID]
		o.Value, o.Growth = fromNull(value), fromNull(growth)
		observations = append(observations, o)
		changeOf = append(changeOf, change)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to fetch observations: %w", err)
	}
	changes, err := db.findChanges(ctx, changeOf)
	if err != nil {
		return nil, err
	}
	for i := range observations {
		c := changes[changeOf[i]]
		observations[i].RecordedBy, observations[i].RecordedAt = c.actor, c.at
	}
	if !paged {
		slices.SortFunc(observations, func(a, b zoneboard.Observation) int {
			return cmp.Or(strings.Compare(a.Unit, b.Unit), strings.Compare(a.Indicator, b.Indicator), cmp.Compare(a.Period.Year, b.Period.Year),
				cmp.Compare(a.Period.Last, b.Period.Last), cmp.Compare(a.Period.First, b.Period.First))
		})
	}
	return observations, nil
}

// byteOrder makes PostgreSQL order text byte by byte, as SQLite and Go do, whatever the
// database's locale.
func (db *DB) byteOrder() string {
	if db.dialect == Postgres {
		return ` COLLATE "C"`
	}
	return ""
}

type change struct {
	actor string
	at    time.Time
}

// findChanges reads the changes with the given ids (repeated ids are fine).
func (db *DB) findChanges(ctx context.Context, ids []int64) (map[int64]change, error) {
	wanted := map[int64]bool{}
	for _, id := range ids {
		wanted[id] = true
	}
	list := make([]any, 0, len(wanted))
	for id := range wanted {
		list = append(list, id)
	}
	out := make(map[int64]change, len(list))
	for start := 0; start < len(list); start += 500 {
		chunk := list[start:min(start+500, len(list))]
		rows, err := db.read.QueryContext(ctx, db.bind("SELECT id, actor, at FROM changes WHERE id IN ("+placeholders(len(chunk))+")"), chunk...)
		if err != nil {
			return nil, fmt.Errorf("store: unable to fetch changes: %w", err)
		}
		for rows.Next() {
			var id int64
			var c change
			if err := rows.Scan(&id, &c.actor, &c.at); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: unable to read a change: %w", err)
			}
			out[id] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func invert(m map[string]int64) map[int64]string {
	out := make(map[int64]string, len(m))
	for code, id := range m {
		out[id] = code
	}
	return out
}

// ObservationHistory returns the current version of an observation and its earlier versions,
// newest first. current is nil when the observation does not exist (it may have earlier
// versions only if it was deleted).
func (db *DB) ObservationHistory(ctx context.Context, key zoneboard.ObservationKey) (*zoneboard.Observation, []zoneboard.Revision, error) {
	var unitID, indicatorID int64
	err := db.read.QueryRowContext(ctx, `SELECT u.id, i.id FROM units u, indicators i WHERE u.code = $1 AND i.code = $2`,
		key.Unit, key.Indicator).Scan(&unitID, &indicatorID)
	if err == sql.ErrNoRows {
		return nil, nil, zoneboard.Errorf(zoneboard.ENotFound, "unit %q or indicator %q does not exist", key.Unit, key.Indicator)
	} else if err != nil {
		return nil, nil, fmt.Errorf("store: unable to fetch history: %w", err)
	}
	p := key.Period
	var current *zoneboard.Observation
	var value, growth sql.NullFloat64
	o := zoneboard.Observation{ObservationKey: key}
	err = db.read.QueryRowContext(ctx, `SELECT o.value, o.growth, o.status, o.source, o.note, c.actor, c.at, COALESCE(c.audit_id, 0)
		FROM observations o JOIN changes c ON c.id = o.change_id
		WHERE o.unit_id = $1 AND o.indicator_id = $2 AND o.year = $3 AND o.first_month = $4 AND o.last_month = $5`,
		unitID, indicatorID, p.Year, p.First, p.Last).Scan(&value, &growth, &o.Status, &o.Source, &o.Note, &o.RecordedBy, &o.RecordedAt, &o.Audit)
	switch {
	case err == nil:
		o.Value, o.Growth = fromNull(value), fromNull(growth)
		current = &o
	case err != sql.ErrNoRows:
		return nil, nil, fmt.Errorf("store: unable to fetch history: %w", err)
	}
	rows, err := db.read.QueryContext(ctx, `SELECT r.value, r.growth, r.status, r.source, r.note, c.actor, c.at, COALESCE(c.audit_id, 0),
		rc.actor, rc.at, COALESCE(rc.audit_id, 0)
		FROM observation_revisions r JOIN changes c ON c.id = r.change_id JOIN changes rc ON rc.id = r.replaced_by
		WHERE r.unit_id = $1 AND r.indicator_id = $2 AND r.year = $3 AND r.first_month = $4 AND r.last_month = $5
		ORDER BY r.id DESC`, unitID, indicatorID, p.Year, p.First, p.Last)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to fetch history: %w", err)
	}
	defer rows.Close()
	var earlier []zoneboard.Revision
	for rows.Next() {
		r := zoneboard.Revision{Observation: zoneboard.Observation{ObservationKey: key}}
		if err := rows.Scan(&value, &growth, &r.Status, &r.Source, &r.Note, &r.RecordedBy, &r.RecordedAt, &r.Audit,
			&r.ReplacedBy, &r.ReplacedAt, &r.ReplacedAudit); err != nil {
			return nil, nil, fmt.Errorf("store: unable to read a revision: %w", err)
		}
		r.Value, r.Growth = fromNull(value), fromNull(growth)
		earlier = append(earlier, r)
	}
	return current, earlier, rows.Err()
}

// cellKey is an observation's key by ids.
type cellKey struct {
	unit, indicator   int64
	year, first, last int
}

type storedCell struct {
	value, growth        sql.NullFloat64
	status, source, note string
	change               int64
}

// applyObservations writes new observations, replaces changed ones keeping their previous
// version as a revision, and leaves identical ones alone, so that re-importing changes nothing.
func (db *DB) applyObservations(ctx context.Context, tx queryer, changes *changes, observations []zoneboard.Observation) (zoneboard.Counts, error) {
	var counts zoneboard.Counts
	if len(observations) == 0 {
		return counts, nil
	}
	unitIDs, err := codeIDs(ctx, tx, "units")
	if err != nil {
		return counts, err
	}
	indicatorIDs, err := codeIDs(ctx, tx, "indicators")
	if err != nil {
		return counts, err
	}
	// Read what is stored for the units and years the batch touches, one query per unit.
	yearsByUnit := map[int64]map[int]bool{}
	indicatorsByUnit := map[int64]map[int64]bool{}
	keys := make([]cellKey, len(observations))
	seen := make(map[cellKey]int, len(observations))
	for n, o := range observations {
		uid, ok := unitIDs[o.Unit]
		if !ok {
			return counts, zoneboard.Errorf(zoneboard.EInvalid, "observation %d: unit %q is not known", n+1, o.Unit)
		}
		iid, ok := indicatorIDs[o.Indicator]
		if !ok {
			return counts, zoneboard.Errorf(zoneboard.EInvalid, "observation %d: indicator %q is not known", n+1, o.Indicator)
		}
		k := cellKey{uid, iid, o.Period.Year, o.Period.First, o.Period.Last}
		if prev, dup := seen[k]; dup {
			return counts, zoneboard.Errorf(zoneboard.EInvalid, "observations %d and %d are both for %s %s %s", prev+1, n+1, o.Unit, o.Indicator, o.Period)
		}
		seen[k] = n
		keys[n] = k
		if yearsByUnit[uid] == nil {
			yearsByUnit[uid] = map[int]bool{}
		}
		yearsByUnit[uid][o.Period.Year] = true
		if indicatorsByUnit[uid] == nil {
			indicatorsByUnit[uid] = map[int64]bool{}
		}
		indicatorsByUnit[uid][iid] = true
	}
	if err := db.checkCumulative(ctx, tx, observations, keys, unitIDs, indicatorIDs); err != nil {
		return counts, err
	}
	stored := map[cellKey]storedCell{}
	for uid, years := range yearsByUnit {
		if err := db.loadCells(ctx, tx, uid, years, indicatorsByUnit[uid], seen, stored); err != nil {
			return counts, err
		}
	}
	var inserts []int
	for n, o := range observations {
		k := keys[n]
		old, exists := stored[k]
		if !exists {
			counts.Created++
			changes.observe(o, nil)
			inserts = append(inserts, n)
			continue
		}
		if sameCell(old, o) {
			counts.Unchanged++
			continue
		}
		counts.Updated++
		changes.observe(o, &old)
		change, err := changes.id(ctx, o.RecordedBy)
		if err != nil {
			return counts, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO observation_revisions (unit_id, indicator_id, year, first_month, last_month,
			value, growth, status, source, note, change_id, replaced_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			k.unit, k.indicator, k.year, k.first, k.last, old.value, old.growth, old.status, old.source, old.note, old.change,
			change); err != nil {
			return counts, fmt.Errorf("store: unable to keep the previous version of %s %s %s: %w", o.Unit, o.Indicator, o.Period, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE observations SET value = $6, growth = $7, status = $8, source = $9, note = $10,
			change_id = $11
			WHERE unit_id = $1 AND indicator_id = $2 AND year = $3 AND first_month = $4 AND last_month = $5`,
			k.unit, k.indicator, k.year, k.first, k.last, toNull(o.Value), toNull(o.Growth), o.Status, o.Source, o.Note, change); err != nil {
			return counts, fmt.Errorf("store: unable to update %s %s %s: %w", o.Unit, o.Indicator, o.Period, err)
		}
	}
	rows := make([]insertRow, len(inserts))
	for i, n := range inserts {
		o := &observations[n]
		change, err := changes.id(ctx, o.RecordedBy)
		if err != nil {
			return counts, err
		}
		rows[i] = insertRow{key: keys[n], observation: o, change: change}
	}
	if err := db.insertObservations(ctx, tx, rows); err != nil {
		return counts, err
	}
	return counts, nil
}

func (db *DB) loadCells(ctx context.Context, tx queryer, unitID int64, years map[int]bool, indicators map[int64]bool,
	wanted map[cellKey]int, into map[cellKey]storedCell) error {
	args := []any{unitID}
	for y := range years {
		args = append(args, y)
	}
	query := `SELECT indicator_id, year, first_month, last_month, value, growth, status, source, note, change_id
		FROM observations WHERE unit_id = ? AND year IN (` + placeholders(len(years)) + `)`
	// A form that edits a few figures reads only their indicators; an import of a whole
	// unit reads the unit's years at once.
	if len(indicators) <= 20 {
		query += ` AND indicator_id IN (` + placeholders(len(indicators)) + `)`
		for id := range indicators {
			args = append(args, id)
		}
	}
	rows, err := tx.QueryContext(ctx, db.bind(query), args...)
	if err != nil {
		return fmt.Errorf("store: unable to fetch stored observations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		k := cellKey{unit: unitID}
		var c storedCell
		if err := rows.Scan(&k.indicator, &k.year, &k.first, &k.last, &c.value, &c.growth, &c.status, &c.source, &c.note, &c.change); err != nil {
			return fmt.Errorf("store: unable to read a stored observation: %w", err)
		}
		if _, ok := wanted[k]; ok {
			into[k] = c
		}
	}
	return rows.Err()
}

func sameCell(c storedCell, o zoneboard.Observation) bool {
	return sameNull(c.value, o.Value) && sameNull(c.growth, o.Growth) && c.status == o.Status && c.source == o.Source && c.note == o.Note
}

func sameNull(n sql.NullFloat64, f *float64) bool {
	if !n.Valid || f == nil {
		return !n.Valid && f == nil
	}
	return n.Float64 == *f
}

func toNull(f *float64) sql.NullFloat64 {
	if f == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *f, Valid: true}
}

func fromNull(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func anys[T any](values []T) []any {
	out := make([]any, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}
