package sqlstore

import (
	"context"
	"fmt"
	"slices"

	"zoneboard"
)

// FindGroups returns every peer group with its members' codes, ordered by code.
func (db *DB) FindGroups(ctx context.Context) ([]zoneboard.Group, error) {
	return findGroups(ctx, db.read)
}

func findGroups(ctx context.Context, q queryer) ([]zoneboard.Group, error) {
	rows, err := q.QueryContext(ctx, `SELECT g.code, g.name, g.updated_by, g.updated_at, COALESCE(u.code, '')
		FROM unit_groups g LEFT JOIN group_members m ON m.group_id = g.id LEFT JOIN units u ON u.id = m.unit_id
		ORDER BY g.code, u.code`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to fetch groups: %w", err)
	}
	defer rows.Close()
	var groups []zoneboard.Group
	for rows.Next() {
		var g zoneboard.Group
		var member string
		if err := rows.Scan(&g.Code, &g.Name, &g.UpdatedBy, &g.UpdatedAt, &member); err != nil {
			return nil, fmt.Errorf("store: unable to read a group: %w", err)
		}
		if n := len(groups); n == 0 || groups[n-1].Code != g.Code {
			g.Members = []string{}
			groups = append(groups, g)
		}
		if member != "" {
			last := &groups[len(groups)-1]
			last.Members = append(last.Members, member)
		}
	}
	return groups, rows.Err()
}

// applyGroups writes groups; a group in a batch lists all its members, so its membership is
// replaced by the batch's.
func (db *DB) applyGroups(ctx context.Context, tx queryer, actor string, groups []zoneboard.Group) (zoneboard.Counts, error) {
	var counts zoneboard.Counts
	if len(groups) == 0 {
		return counts, nil
	}
	existing, err := findGroups(ctx, tx)
	if err != nil {
		return counts, err
	}
	byCode := map[string]zoneboard.Group{}
	for _, g := range existing {
		byCode[g.Code] = g
	}
	unitIDs, err := codeIDs(ctx, tx, "units")
	if err != nil {
		return counts, err
	}
	now := db.now()
	for _, g := range groups {
		members := slices.Clone(g.Members)
		slices.Sort(members)
		members = slices.Compact(members)
		old, ok := byCode[g.Code]
		switch {
		case !ok:
			counts.Created++
			if _, err := tx.ExecContext(ctx, `INSERT INTO unit_groups (code, name, updated_by, updated_at) VALUES ($1, $2, $3, $4)`,
				g.Code, g.Name, actor, now); err != nil {
				return counts, fmt.Errorf("store: unable to insert group %s: %w", g.Code, err)
			}
		case old.Name == g.Name && slices.Equal(old.Members, members):
			counts.Unchanged++
			continue
		default:
			counts.Updated++
			if _, err := tx.ExecContext(ctx, `UPDATE unit_groups SET name = $1, updated_by = $2, updated_at = $3 WHERE code = $4`,
				g.Name, actor, now, g.Code); err != nil {
				return counts, fmt.Errorf("store: unable to update group %s: %w", g.Code, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM group_members WHERE group_id = (SELECT id FROM unit_groups WHERE code = $1)`,
				g.Code); err != nil {
				return counts, fmt.Errorf("store: unable to update the members of group %s: %w", g.Code, err)
			}
		}
		for _, m := range members {
			id, ok := unitIDs[m]
			if !ok {
				return counts, zoneboard.Errorf(zoneboard.EInvalid, "group %s: member %s is not a known unit; add it to the units first", g.Code, m)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO group_members (group_id, unit_id)
				VALUES ((SELECT id FROM unit_groups WHERE code = $1), $2)`, g.Code, id); err != nil {
				return counts, fmt.Errorf("store: unable to add %s to group %s: %w", m, g.Code, err)
			}
		}
		byCode[g.Code] = zoneboard.Group{Code: g.Code, Name: g.Name, Members: members}
	}
	return counts, nil
}
