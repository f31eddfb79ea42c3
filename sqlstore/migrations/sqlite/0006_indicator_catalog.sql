-- The catalogue entry an indicator says it is (empty: matched by its name), and the kind of
-- quantity it is (amount, count, ratio, per_capita, index; empty: inferred from its unit).
ALTER TABLE indicators ADD COLUMN catalog TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN measure TEXT NOT NULL DEFAULT '';
