package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"zoneboard"
)

// ApplyBatch writes a batch in one transaction, in dependency order: units, indicators,
// groups, then observations. Nothing is written when any part fails or the batch is a dry run.
func (db *DB) ApplyBatch(ctx context.Context, batch zoneboard.Batch) (zoneboard.BatchResult, error) {
	var result zoneboard.BatchResult
	if batch.Actor == "" {
		return result, zoneboard.Errorf(zoneboard.EInvalid, "a write must name its actor")
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return result, err
	}
	defer tx.Rollback()
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

// changes creates the change rows of a batch, one per distinct actor, when first needed.
type changes struct {
	db    *DB
	tx    queryer
	actor string
	at    time.Time
	ids   map[string]int64
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
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: unable to begin a transaction: %w", err)
	}
	if db.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("store: unable to wait for the other writers: %w", err)
		}
	}
	return tx, nil
}
