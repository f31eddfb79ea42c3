package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"zoneboard"
)

// FindUnits returns the units the filter selects, ordered by code.
func (db *DB) FindUnits(ctx context.Context, filter zoneboard.UnitFilter) ([]zoneboard.Unit, error) {
	return db.findUnits(ctx, db.read, filter)
}

func (db *DB) findUnits(ctx context.Context, q queryer, filter zoneboard.UnitFilter) ([]zoneboard.Unit, error) {
	var where []string
	var args []any
	if len(filter.Codes) > 0 {
		where = append(where, "u.code IN ("+placeholders(len(filter.Codes))+")")
		for _, c := range filter.Codes {
			args = append(args, c)
		}
	}
	if filter.Parent != "" {
		args = append(args, filter.Parent)
		where = append(where, "p.code = ?")
	}
	query := `SELECT u.code, u.name, u.name_en, u.kind, COALESCE(p.code, ''), u.partitioned, u.updated_by, u.updated_at
		FROM units u LEFT JOIN units p ON p.id = u.parent_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := q.QueryContext(ctx, db.bind(query+" ORDER BY u.code"), args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch units: %w", err)
	}
	defer rows.Close()
	var units []zoneboard.Unit
	for rows.Next() {
		var u zoneboard.Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.NameEn, &u.Kind, &u.Parent, &u.Partitioned, &u.UpdatedBy, &u.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: unable to read a unit: %w", err)
		}
		units = append(units, u)
	}
	return units, rows.Err()
}

// codeIDs maps the codes of a table's rows to their ids.
func codeIDs(ctx context.Context, q queryer, table string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT code, id FROM "+table)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch %s: %w", table, err)
	}
	defer rows.Close()
	ids := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, fmt.Errorf("store: unable to read %s: %w", table, err)
		}
		ids[code] = id
	}
	return ids, rows.Err()
}

// applyUnits writes the batch's units: new ones are inserted, changed ones updated, and
// parents set once every unit of the batch exists, so a file may list a child first.
func (db *DB) applyUnits(ctx context.Context, tx queryer, actor string, units []zoneboard.Unit) (zoneboard.Counts, error) {
	var counts zoneboard.Counts
	if len(units) == 0 {
		return counts, nil
	}
	existing, err := db.findUnits(ctx, tx, zoneboard.UnitFilter{})
	if err != nil {
		return counts, err
	}
	byCode := make(map[string]zoneboard.Unit, len(existing))
	for _, u := range existing {
		byCode[u.Code] = u
	}
	now := db.now()
	var reparent []zoneboard.Unit
	for _, u := range units {
		old, ok := byCode[u.Code]
		switch {
		case !ok:
			counts.Created++
			if _, err := tx.ExecContext(ctx, `INSERT INTO units (code, name, name_en, kind, partitioned, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.Code, u.Name, u.NameEn, string(u.Kind), u.Partitioned, writer(actor, u.UpdatedBy), now); err != nil {
				return counts, fmt.Errorf("store: unable to insert unit %s: %w", u.Code, err)
			}
		case old.SameContent(u):
			counts.Unchanged++
			continue
		default:
			counts.Updated++
			if _, err := tx.ExecContext(ctx, `UPDATE units SET name = $1, name_en = $2, kind = $3, partitioned = $4, updated_by = $5,
				updated_at = $6 WHERE code = $7`, u.Name, u.NameEn, string(u.Kind), u.Partitioned, writer(actor, u.UpdatedBy), now, u.Code); err != nil {
				return counts, fmt.Errorf("store: unable to update unit %s: %w", u.Code, err)
			}
		}
		if u.Parent != old.Parent {
			reparent = append(reparent, u)
		}
		byCode[u.Code] = u
	}
	for _, u := range reparent {
		if err := checkNoCycle(byCode, u.Code); err != nil {
			return counts, err
		}
		var parent any
		if u.Parent != "" {
			if _, ok := byCode[u.Parent]; !ok {
				return counts, zoneboard.Errorf(zoneboard.EInvalid, "unit %s: its parent %s is not a known unit; add the parent to the units file", u.Code, u.Parent)
			}
			parent = u.Parent
		}
		if _, err := tx.ExecContext(ctx, `UPDATE units SET parent_id = (SELECT id FROM units WHERE code = $1) WHERE code = $2`,
			parent, u.Code); err != nil {
			return counts, fmt.Errorf("store: unable to set the parent of unit %s: %w", u.Code, err)
		}
	}
	return counts, nil
}

func checkNoCycle(byCode map[string]zoneboard.Unit, code string) error {
	seen := map[string]bool{}
	for c := code; c != ""; c = byCode[c].Parent {
		if seen[c] {
			return zoneboard.Errorf(zoneboard.EInvalid, "unit %s: its parents lead back to %s; a unit cannot be its own ancestor", code, c)
		}
		seen[c] = true
	}
	return nil
}
