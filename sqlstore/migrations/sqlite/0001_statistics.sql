-- Units, peer groups, indicators, observations and the earlier versions of observations.
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
-- the rows in key order, which is the order every reader wants them in.
CREATE TABLE observations (
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year         INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL,
    value        REAL,
    growth       REAL,
    status       TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (unit_id, indicator_id, year, first_month, last_month)
) WITHOUT ROWID;
CREATE INDEX observations_indicator_year ON observations(indicator_id, year);

CREATE TABLE observation_revisions (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year         INTEGER NOT NULL,
    first_month  INTEGER NOT NULL,
    last_month   INTEGER NOT NULL,
    value        REAL,
    growth       REAL,
    status       TEXT NOT NULL,
    source       TEXT NOT NULL,
    note         TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    replaced_by  TEXT NOT NULL,
    replaced_at  TIMESTAMP NOT NULL
);
CREATE INDEX observation_revisions_key ON observation_revisions(unit_id, indicator_id, year, first_month, last_month);
