-- What the comparison engine needs: derived indicators (a formula over other indicators),
-- stocks (measured at the end of a period, never summed over months), parents whose children
-- partition them, and the change sequence that keeps the engine's view current.
ALTER TABLE indicators ADD COLUMN formula TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN stock BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE units ADD COLUMN partitioned BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX observations_change ON observations(change_id);
CREATE INDEX observation_revisions_replaced ON observation_revisions(replaced_by);
ALTER TABLE changes ADD COLUMN definitions BOOLEAN NOT NULL DEFAULT false;
