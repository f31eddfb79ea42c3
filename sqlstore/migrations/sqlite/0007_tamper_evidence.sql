-- Tamper evidence. Each audit entry carries the SHA-256 of its contents chained to the entry
-- before it, so that 'zoneboard audit --verify' finds an entry changed, removed or inserted
-- behind the program's back. Entries written before this migration have an empty hash and
-- stand before the chain.
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- The history of figures is append-only like the audit log: a replaced version is never
-- changed or removed, and a change, once tied to its audit entry, is sealed.
CREATE TRIGGER observation_revisions_no_update BEFORE UPDATE ON observation_revisions
BEGIN SELECT RAISE(ABORT, 'the history of figures cannot be changed'); END;
CREATE TRIGGER observation_revisions_no_delete BEFORE DELETE ON observation_revisions
BEGIN SELECT RAISE(ABORT, 'the history of figures cannot be changed'); END;
CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'the changes cannot be changed'); END;
CREATE TRIGGER changes_sealed BEFORE UPDATE ON changes
WHEN OLD.audit_id IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.actor IS NOT OLD.actor OR NEW.at IS NOT OLD.at
BEGIN SELECT RAISE(ABORT, 'the changes cannot be changed'); END;
