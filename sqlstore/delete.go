package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"zoneboard"
)

// DeleteObservations deletes observations in one transaction; each one's last version moves
// to the revisions, replaced by the deleting change, so the history keeps it.
func (db *DB) DeleteObservations(ctx context.Context, note zoneboard.AuditNote, keys []zoneboard.ObservationKey) error {
	if note.Actor == "" {
		return zoneboard.Errorf(zoneboard.EInvalid, "a write must name its actor")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	unitIDs, err := codeIDs(ctx, tx, "units")
	if err != nil {
		return err
	}
	indicatorIDs, err := codeIDs(ctx, tx, "indicators")
	if err != nil {
		return err
	}
	changes := newChanges(db, tx, note.Actor)
	for _, k := range keys {
		uid, ok1 := unitIDs[k.Unit]
		iid, ok2 := indicatorIDs[k.Indicator]
		if !ok1 || !ok2 {
			return zoneboard.Fail(zoneboard.ENotFound, "store.no_observation", "indicator", k.Indicator, "unit", k.Unit, "period", k.Period)
		}
		args := []any{uid, iid, k.Period.Year, k.Period.First, k.Period.Last}
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations
			WHERE unit_id = $1 AND indicator_id = $2 AND year = $3 AND first_month = $4 AND last_month = $5`, args...).Scan(&exists); err != nil {
			return fmt.Errorf("store: unable to find the observation: %w", err)
		}
		if exists == 0 {
			return zoneboard.Fail(zoneboard.ENotFound, "store.no_observation", "indicator", k.Indicator, "unit", k.Unit, "period", k.Period)
		}
		change, err := changes.id(ctx, "")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO observation_revisions (unit_id, indicator_id, year, first_month, last_month,
			value, growth, status, source, note, change_id, replaced_by)
			SELECT unit_id, indicator_id, year, first_month, last_month, value, growth, status, source, note, change_id, $6
			FROM observations WHERE unit_id = $1 AND indicator_id = $2 AND year = $3 AND first_month = $4 AND last_month = $5`,
			append(args, change)...); err != nil {
			return fmt.Errorf("store: unable to keep the deleted observation: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM observations
			WHERE unit_id = $1 AND indicator_id = $2 AND year = $3 AND first_month = $4 AND last_month = $5`, args...); err != nil {
			return fmt.Errorf("store: unable to delete the observation: %w", err)
		}
	}
	if note.Action == "" {
		note.Action = zoneboard.ActionObservationsDelete
	}
	units := make([]string, len(keys))
	for i, k := range keys {
		units[i] = k.Unit
	}
	if err := changes.audit(ctx, note, units, fmt.Sprintf("%d observations deleted", len(keys)), nil, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// scanDeletions yields the observations deleted after change `after` (and not written again).
func (db *DB) scanDeletions(ctx context.Context, tx *sql.Tx, after, through int64, unitCodes, indicatorCodes map[int64]string,
	fn func(zoneboard.Figures) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT r.unit_id, r.indicator_id, r.year, r.first_month, r.last_month
		FROM observation_revisions r
		WHERE r.replaced_by > $1 AND r.replaced_by <= $2 AND NOT EXISTS (SELECT 1 FROM observations o
			WHERE o.unit_id = r.unit_id AND o.indicator_id = r.indicator_id AND o.year = r.year
			AND o.first_month = r.first_month AND o.last_month = r.last_month)`, after, through)
	if err != nil {
		return fmt.Errorf("store: unable to scan deletions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		f := zoneboard.Figures{Deleted: true}
		var unitID, indicatorID int64
		if err := rows.Scan(&unitID, &indicatorID, &f.Period.Year, &f.Period.First, &f.Period.Last); err != nil {
			return fmt.Errorf("store: unable to read a deletion: %w", err)
		}
		f.Unit, f.Indicator = unitCodes[unitID], indicatorCodes[indicatorID]
		f.Value, f.Growth = orNaN(sql.NullFloat64{}), orNaN(sql.NullFloat64{})
		if err := fn(f); err != nil {
			return err
		}
	}
	return rows.Err()
}
