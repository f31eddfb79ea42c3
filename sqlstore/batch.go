package sqlstore

import (
	"context"
	"fmt"

	"zoneboard"
)

// ApplyBatch writes a batch in one transaction, in dependency order: units, indicators,
// groups, then observations. Nothing is written when any part fails or the batch is a dry run.
func (db *DB) ApplyBatch(ctx context.Context, batch zoneboard.Batch) (zoneboard.BatchResult, error) {
	var result zoneboard.BatchResult
	if batch.Actor == "" {
		return result, zoneboard.Errorf(zoneboard.EInvalid, "a write must name its actor")
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return result, fmt.Errorf("store: unable to begin a transaction: %w", err)
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
	if result.Observations, err = db.applyObservations(ctx, tx, batch.Actor, batch.Observations); err != nil {
		return result, err
	}
	if batch.DryRun {
		return result, nil
	}
	if err := tx.Commit(); err != nil {
		return result, fmt.Errorf("store: unable to commit: %w", err)
	}
	return result, nil
}

// writer is who a record is written by: the record's own actor when the batch names one per
// record (an import names each file), else the batch's.
func writer(batchActor, recordActor string) string {
	if recordActor != "" {
		return recordActor
	}
	return batchActor
}
