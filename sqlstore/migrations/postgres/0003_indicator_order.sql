-- The order in which indicators are listed: bulletins list GDP first, not by code.
ALTER TABLE indicators ADD COLUMN display_order INTEGER NOT NULL DEFAULT 0;
