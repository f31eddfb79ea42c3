-- Tamper evidence. Each audit entry carries the SHA-256 of its contents chained to the entry
-- before it, so that 'zoneboard audit --verify' finds an entry changed, removed or inserted
-- behind the program's back. Entries written before this migration have an empty hash and
-- stand before the chain.
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- The history of figures is append-only like the audit log: a replaced version is never
-- changed or removed, and a change, once tied to its audit entry, is sealed.
CREATE FUNCTION history_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the history of figures cannot be changed'; END $$;
CREATE TRIGGER observation_revisions_no_change BEFORE UPDATE OR DELETE ON observation_revisions FOR EACH STATEMENT EXECUTE FUNCTION history_refuse();
CREATE TRIGGER observation_revisions_no_truncate BEFORE TRUNCATE ON observation_revisions FOR EACH STATEMENT EXECUTE FUNCTION history_refuse();

CREATE FUNCTION changes_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' OR OLD.audit_id IS NOT NULL OR NEW.id <> OLD.id OR NEW.actor <> OLD.actor OR NEW.at <> OLD.at THEN RAISE EXCEPTION 'the changes cannot be changed'; END IF; RETURN NEW; END $$;
CREATE TRIGGER changes_sealed BEFORE UPDATE OR DELETE ON changes FOR EACH ROW EXECUTE FUNCTION changes_refuse();
CREATE TRIGGER changes_no_truncate BEFORE TRUNCATE ON changes FOR EACH STATEMENT EXECUTE FUNCTION history_refuse();
