-- lcii_graph SQLite schema, version 1.
-- Vocabulary CHECKs list the enums of lcii_graph.model.vocabulary; a test
-- keeps the two in step. Foreign keys are deferred so one import can insert
-- goals and the commitments that point at them in any order.

CREATE TABLE jurisdictions (
    "id"        TEXT PRIMARY KEY NOT NULL,
    "name"      TEXT NOT NULL,
    "level"     TEXT NOT NULL CHECK ("level" IN ({level})),
    "parent"    TEXT REFERENCES jurisdictions ("id") DEFERRABLE INITIALLY DEFERRED,
    "fips"      TEXT
);

CREATE TABLE organizations (
    "id"            TEXT PRIMARY KEY NOT NULL,
    "name"          TEXT NOT NULL,
    "sector"        TEXT NOT NULL CHECK ("sector" IN ({sector})),
    "type"          TEXT,
    "jurisdiction"  TEXT REFERENCES jurisdictions ("id") DEFERRABLE INITIALLY DEFERRED,
    "fields"        TEXT,
    "anchor"        INTEGER CHECK ("anchor" = 0 OR "anchor" = 1),
    "intermediary"  INTEGER CHECK ("intermediary" = 0 OR "intermediary" = 1),
    "ein"           TEXT,
    "url"           TEXT,
    "notes"         TEXT
);

CREATE TABLE people (
    "id"                       TEXT PRIMARY KEY NOT NULL,
    "name"                     TEXT NOT NULL,
    "organization"             TEXT REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "also_works_for"           TEXT,  -- organization ids joined by '; ' (checked on import)
    "title"                    TEXT,
    "decision_maker"           INTEGER CHECK ("decision_maker" = 0 OR "decision_maker" = 1),
    "email"                    TEXT,
    "phone"                    TEXT,
    "notes"                    TEXT,
    "decision_maker_inferred"  INTEGER CHECK ("decision_maker_inferred" = 0 OR "decision_maker_inferred" = 1)
);

CREATE TABLE partnerships (
    "id"      TEXT PRIMARY KEY NOT NULL,
    "name"    TEXT NOT NULL,
    "focus"   TEXT,
    "serves"  TEXT,  -- jurisdiction ids joined by '; ' (checked on import)
    "notes"   TEXT
);

CREATE TABLE memberships (
    "id"            TEXT PRIMARY KEY NOT NULL,
    "partnership"   TEXT NOT NULL REFERENCES partnerships ("id") DEFERRABLE INITIALLY DEFERRED,
    "organization"  TEXT REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "person"        TEXT REFERENCES people ("id") DEFERRABLE INITIALLY DEFERRED,
    "role"          TEXT NOT NULL DEFAULT 'member' CHECK ("role" IN ({role})),
    "since"         TEXT,
    "until"         TEXT,
    CHECK (("organization" IS NULL) <> ("person" IS NULL))
);

CREATE TABLE ties (
    "id"         TEXT PRIMARY KEY NOT NULL,
    "from"       TEXT NOT NULL REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "to"         TEXT NOT NULL REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "kind"       TEXT NOT NULL DEFAULT 'informal' CHECK ("kind" IN ({tie_kind})),
    "strength"   INTEGER CHECK ("strength" BETWEEN 1 AND 4),
    "trust"      INTEGER CHECK ("trust" BETWEEN 1 AND 4),
    "value"      INTEGER CHECK ("value" BETWEEN 1 AND 4),
    "since"      TEXT,
    "until"      TEXT,
    "source"     TEXT CHECK ("source" IN ({tie_source})),
    "confirmed"  INTEGER CHECK ("confirmed" = 0 OR "confirmed" = 1),
    CHECK ("from" <> "to")
);

CREATE TABLE goals (
    "id"           TEXT PRIMARY KEY NOT NULL,
    "partnership"  TEXT REFERENCES partnerships ("id") DEFERRABLE INITIALLY DEFERRED,
    "name"         TEXT NOT NULL,
    "system"       TEXT,
    "statement"    TEXT
);

CREATE TABLE commitments (
    "id"           TEXT PRIMARY KEY NOT NULL,
    "maker"        TEXT NOT NULL REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "recipient"    TEXT REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "partnership"  TEXT REFERENCES partnerships ("id") DEFERRABLE INITIALLY DEFERRED,
    "goal"         TEXT REFERENCES goals ("id") DEFERRABLE INITIALLY DEFERRED,
    "type"         TEXT NOT NULL CHECK ("type" IN ({commitment_type})),
    "amount"       REAL CHECK ("amount" >= 0),
    "currency"     TEXT DEFAULT 'USD',
    "status"       TEXT NOT NULL DEFAULT 'pledged' CHECK ("status" IN ({status})),
    "change"       TEXT CHECK ("change" IN ({change})),
    "start"        TEXT,
    "end"          TEXT,
    "description"  TEXT
);

CREATE TABLE metrics (
    "id"             TEXT PRIMARY KEY NOT NULL,
    "goal"           TEXT NOT NULL REFERENCES goals ("id") DEFERRABLE INITIALLY DEFERRED,
    "name"           TEXT NOT NULL,
    "unit"           TEXT,
    "direction"      TEXT CHECK ("direction" IN ({direction})),
    "baseline"       REAL,
    "baseline_date"  TEXT,
    "target"         REAL,
    "target_date"    TEXT
);

CREATE TABLE measurements (
    "id"           TEXT PRIMARY KEY NOT NULL,
    "metric"       TEXT NOT NULL REFERENCES metrics ("id") DEFERRABLE INITIALLY DEFERRED,
    "date"         TEXT NOT NULL,
    "value"        REAL NOT NULL,
    "reported_by"  TEXT REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED
);

-- Child-side indexes: reading a table's members, a person's organization.
CREATE INDEX people_organization ON people ("organization");
CREATE INDEX memberships_partnership ON memberships ("partnership");
CREATE INDEX commitments_maker ON commitments ("maker");
CREATE INDEX metrics_goal ON metrics ("goal");
CREATE INDEX measurements_metric ON measurements ("metric");
