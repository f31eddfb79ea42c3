package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"zoneboard"
)

// writeAudit adds an entry to the audit log inside the writing transaction, so that a write
// and its entry commit or fail together.
func (db *DB) writeAudit(ctx context.Context, tx queryer, note zoneboard.AuditNote, units []string, summary string, before, after any) (int64, error) {
	if note.Actor == "" || note.Action == "" {
		return 0, zoneboard.Errorf(zoneboard.EInvalid, "a write must name its actor and action")
	}
	beforeJSON, err := jsonOrNull(before)
	if err != nil {
		return 0, err
	}
	afterJSON, err := jsonOrNull(after)
	if err != nil {
		return 0, err
	}
	unitList := ""
	if len(units) > 0 {
		sorted := slices.Clone(units)
		slices.Sort(sorted)
		unitList = "," + strings.Join(slices.Compact(sorted), ",") + ","
	}
	// Writers take turns (beginWrite), so the entry before this one is the last one.
	var previous string
	err = tx.QueryRowContext(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&previous)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	e := auditRow{At: db.now(), Actor: note.Actor, Address: note.Address, Source: note.Source, Action: note.Action, Target: note.Target,
		Units: unitList, Summary: summary, Before: beforeJSON, After: afterJSON}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO audit_log (at, actor, address, source, action, target, units, summary, before_json, after_json, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		e.At, e.Actor, e.Address, e.Source, e.Action, e.Target, e.Units, e.Summary, e.Before, e.After, e.hash(previous)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: unable to write the audit log: %w", err)
	}
	return id, nil
}

// auditRow is an audit entry as stored, the contents its hash covers.
type auditRow struct {
	ID                                                     int64
	At                                                     time.Time
	Actor, Address, Source, Action, Target, Units, Summary string
	Before, After                                          sql.NullString
	Hash                                                   string
}

// hash is the SHA-256 of the entry's contents and the previous entry's hash, so that changing,
// removing or inserting an entry breaks every hash after it. The id is left out: the chain
// itself orders the entries. JSON writes the fields unambiguously.
func (e auditRow) hash(previous string) string {
	var before, after *string
	if e.Before.Valid {
		before = &e.Before.String
	}
	if e.After.Valid {
		after = &e.After.String
	}
	data, _ := json.Marshal([]any{previous, e.At.UTC().UnixMicro(), e.Actor, e.Address, e.Source, e.Action, e.Target, e.Units, e.Summary, before, after})
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// VerifyAudit reads the whole audit log in order and checks each entry's hash against its
// contents and the entry before it, reporting the first broken one.
func (db *DB) VerifyAudit(ctx context.Context) (zoneboard.AuditVerification, error) {
	var v zoneboard.AuditVerification
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, actor, address, source, action, target, units, summary, before_json, after_json, hash
		FROM audit_log ORDER BY id`)
	if err != nil {
		return v, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	defer rows.Close()
	previous, chained := "", false
	for rows.Next() {
		var e auditRow
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Address, &e.Source, &e.Action, &e.Target, &e.Units, &e.Summary, &e.Before, &e.After, &e.Hash); err != nil {
			return v, fmt.Errorf("store: unable to read an audit entry: %w", err)
		}
		v.Entries++
		switch {
		case e.Hash == "" && !chained:
			v.Unchained++ // written before the log was chained
			continue
		case e.Hash == "":
			v.Broken = &zoneboard.AuditBreak{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, Reason: zoneboard.AuditHashMissing}
		case e.hash(previous) != e.Hash:
			v.Broken = &zoneboard.AuditBreak{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, Reason: zoneboard.AuditHashMismatch}
		}
		if v.Broken != nil {
			return v, nil
		}
		previous, chained = e.Hash, true
		v.HeadID, v.Head = e.ID, e.Hash
	}
	return v, rows.Err()
}

func jsonOrNull(v any) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("store: unable to record the audit: %w", err)
	}
	if string(b) == "null" {
		return sql.NullString{}, nil
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// RecordAudit adds an entry for a write kept outside the statistics, in its own transaction.
func (db *DB) RecordAudit(ctx context.Context, note zoneboard.AuditNote, summary string, before, after any) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := db.writeAudit(ctx, tx, note, nil, summary, before, after); err != nil {
		return err
	}
	return tx.Commit()
}

// linkChanges ties the changes of a write to its audit entry, so that the observations a write
// changed, and their earlier versions, can be listed from the entry.
func linkChanges(ctx context.Context, tx queryer, db *DB, audit int64, changeIDs []int64) error {
	if len(changeIDs) == 0 {
		return nil
	}
	args := append([]any{audit}, anys(changeIDs)...)
	_, err := tx.ExecContext(ctx, db.bind("UPDATE changes SET audit_id = ? WHERE id IN ("+placeholders(len(changeIDs))+")"), args...)
	if err != nil {
		return fmt.Errorf("store: unable to link the audit entry: %w", err)
	}
	return nil
}

// unitsOfChanges lists the units whose observations the changes wrote or replaced.
func unitsOfChanges(ctx context.Context, tx queryer, db *DB, changeIDs []int64) ([]string, error) {
	if len(changeIDs) == 0 {
		return nil, nil
	}
	in := placeholders(len(changeIDs))
	args := append(anys(changeIDs), anys(changeIDs)...)
	rows, err := tx.QueryContext(ctx, db.bind(`SELECT u.code FROM units u WHERE u.id IN (
		SELECT unit_id FROM observations WHERE change_id IN (`+in+`)
		UNION SELECT unit_id FROM observation_revisions WHERE replaced_by IN (`+in+`))`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the units of a write: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	return out, rows.Err()
}

// FindAudit returns the entries the filter selects, newest first, and how many there are.
func (db *DB) FindAudit(ctx context.Context, f zoneboard.AuditFilter) ([]zoneboard.AuditEntry, int, error) {
	var where []string
	var args []any
	if f.ID != 0 {
		where, args = append(where, "id = ?"), append(args, f.ID)
	}
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Target != "" {
		where, args = append(where, "target = ?"), append(args, f.Target)
	}
	if f.Unit != "" {
		// The code is matched literally: LIKE's wildcards in it are escaped.
		escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(f.Unit)
		where, args = append(where, `units LIKE ? ESCAPE '\'`), append(args, "%,"+escaped+",%")
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.UTC())
	}
	clause := ""
	if len(where) > 0 {
		clause = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := db.read.QueryRowContext(ctx, db.bind("SELECT COUNT(*) FROM audit_log"+clause), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: unable to count the audit log: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.read.QueryContext(ctx, db.bind(`SELECT id, at, actor, address, source, action, target, units, summary, before_json, after_json
		FROM audit_log`+clause+` ORDER BY id DESC LIMIT ? OFFSET ?`), append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to read the audit log: %w", err)
	}
	defer rows.Close()
	var entries []zoneboard.AuditEntry
	for rows.Next() {
		var e zoneboard.AuditEntry
		var units string
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Address, &e.Source, &e.Action, &e.Target, &units, &e.Summary, &before, &after); err != nil {
			return nil, 0, fmt.Errorf("store: unable to read an audit entry: %w", err)
		}
		e.Units = []string{}
		if units = strings.Trim(units, ","); units != "" {
			e.Units = strings.Split(units, ",")
		}
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		entries = append(entries, e)
	}
	return entries, total, rows.Err()
}

// AuditObservations lists the observations an audited write changed: each one's version after
// the write (current, or kept as a revision if written again since) and the version it replaced.
func (db *DB) AuditObservations(ctx context.Context, id int64, limit int) ([]zoneboard.ObservationChange, int, error) {
	const ofEntry = `SELECT id FROM changes WHERE audit_id = $1`
	const columns = `u.code, i.code, x.year, x.first_month, x.last_month, x.value, x.growth, x.status, x.source, x.note`
	const joins = ` JOIN units u ON u.id = x.unit_id JOIN indicators i ON i.id = x.indicator_id`
	const order = ` ORDER BY 1, 2, 3, 4, 5 LIMIT $2`
	written := `SELECT ` + columns + ` FROM (SELECT unit_id, indicator_id, year, first_month, last_month, value, growth, status, source, note
		FROM observations WHERE change_id IN (` + ofEntry + `)
		UNION ALL SELECT unit_id, indicator_id, year, first_month, last_month, value, growth, status, source, note
		FROM observation_revisions WHERE change_id IN (` + ofEntry + `)) x` + joins + order
	replaced := `SELECT ` + columns + ` FROM observation_revisions x` + joins + ` WHERE x.replaced_by IN (` + ofEntry + `)` + order

	byKey := map[string]*zoneboard.ObservationChange{}
	var keys []string
	read := func(query string, after bool) (int, error) {
		rows, err := db.read.QueryContext(ctx, query, id, limit)
		if err != nil {
			return 0, fmt.Errorf("store: unable to read the observations of an audit entry: %w", err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var c zoneboard.ObservationChange
			var v zoneboard.FigureVersion
			var value, growth sql.NullFloat64
			if err := rows.Scan(&c.Unit, &c.Indicator, &c.Period.Year, &c.Period.First, &c.Period.Last, &value, &growth,
				&v.Status, &v.Source, &v.Note); err != nil {
				return 0, fmt.Errorf("store: unable to read an observation of an audit entry: %w", err)
			}
			v.Value, v.Growth = fromNull(value), fromNull(growth)
			k := c.Unit + "\x00" + c.Indicator + "\x00" + c.Period.Code()
			existing := byKey[k]
			if existing == nil {
				existing = &c
				byKey[k] = existing
				keys = append(keys, k)
			}
			if after {
				existing.After = &v
			} else {
				existing.Before = &v
			}
			n++
		}
		return n, rows.Err()
	}
	if _, err := read(written, true); err != nil {
		return nil, 0, err
	}
	if _, err := read(replaced, false); err != nil {
		return nil, 0, err
	}
	var writtenCount, replacedCount int
	if err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM observations WHERE change_id IN (`+ofEntry+`)) +
		(SELECT COUNT(*) FROM observation_revisions WHERE change_id IN (`+ofEntry+`)),
		(SELECT COUNT(*) FROM observation_revisions WHERE replaced_by IN (`+ofEntry+`))`, id).Scan(&writtenCount, &replacedCount); err != nil {
		return nil, 0, fmt.Errorf("store: unable to count the observations of an audit entry: %w", err)
	}
	sort.Strings(keys)
	if len(keys) > limit {
		keys = keys[:limit]
	}
	out := make([]zoneboard.ObservationChange, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	// A write's changed observations all have an after version; a deletion's have none.
	return out, max(writtenCount, replacedCount), nil
}

// AuditHash is the stored hash of one entry, "" when there is no such entry.
func (db *DB) AuditHash(ctx context.Context, id int64) (string, error) {
	var h string
	err := db.read.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE id = $1`, id).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return h, err
}
