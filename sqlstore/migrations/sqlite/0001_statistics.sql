-- Units, peer groups, indicators, observations and the earlier versions of observations.

-- A change is one writer's part of one write: who and when. Observations refer to the change
-- that wrote them instead of repeating the actor's name on every row.
CREATE TABLE changes (
    id    INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    at    TIMESTAMP NOT NULL
);
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    name_en    TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES units(id),
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE unit_groups (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE group_members (
    group_id INTEGER NOT NULL REFERENCES unit_groups(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (group_id, unit_id)
);

CREATE TABLE indicators (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    name_en        TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL DEFAULT '',
    frequency      TEXT NOT NULL,
    cumulative     BOOLEAN NOT NULL,
    price_basis    TEXT NOT NULL,
    aggregate      TEXT NOT NULL,
    better         TEXT NOT NULL,
    decimals       INTEGER NOT NULL,
    january_alone  BOOLEAN NOT NULL,
    allow_negative BOOLEAN NOT NULL,
    updated_by     TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

-- One row per unit, indicator and period (a span of months of one year). WITHOUT ROWID keeps
-- the rows in key order, which is the order every reader wants them in. The table holds
-- millions of rows and is bulk-loaded, so it has no foreign keys: checking three parents per
-- inserted row would double the time of an import. The store resolves every id inside the
-- writing transaction, and units and indicators are never deleted.
CREATE TABLE observations (
    unit_id      INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL,
    value        REAL,
    growth       REAL,
    status       TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    change_id    INTEGER NOT NULL,
    PRIMARY KEY (unit_id, indicator_id, year, first_month, last_month)
) WITHOUT ROWID;

CREATE TABLE observation_revisions (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL,
    indicator_id INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL,
    value        REAL,
    growth       REAL,
    status       TEXT NOT NULL,
    source       TEXT NOT NULL,
    note         TEXT NOT NULL,
    change_id    INTEGER NOT NULL,
    replaced_by  INTEGER NOT NULL
);
CREATE INDEX observation_revisions_key ON observation_revisions(unit_id, indicator_id, year, first_month, last_month);
