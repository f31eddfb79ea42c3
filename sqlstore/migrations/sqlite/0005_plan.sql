-- The annual plan: goals, targets, key tasks and key projects, and the monthly reports on tasks
-- and projects. A plan is hundreds of records read whole, so each is kept as its JSON body,
-- with the columns that identify and place it beside it.
CREATE TABLE plan_items (
    kind       TEXT NOT NULL,
    code       TEXT NOT NULL,
    goal       TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, code)
);

CREATE TABLE plan_reports (
    kind        TEXT NOT NULL,
    item        TEXT NOT NULL,
    month       TEXT NOT NULL,
    body        TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    reported_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, item, month)
);

-- The plan's version moves with every write of it, so that a reader may keep the plan it read
-- until the version moves: a province's plan takes half a second to read.
CREATE TABLE plan_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO plan_version (id, version) VALUES (1, 0);
