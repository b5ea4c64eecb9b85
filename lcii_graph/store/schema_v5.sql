-- lcii_graph SQLite schema, version 5: stakeholder mapping. The coordinator's dated
-- judgements of stakeholders (assessments) and the engagement log (interactions).
-- Vocabulary CHECKs list the enums of lcii_graph.model.vocabulary, as version 1's do.

CREATE TABLE assessments (
    "id"                 TEXT PRIMARY KEY NOT NULL,
    "organization"       TEXT REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "person"             TEXT REFERENCES people ("id") DEFERRABLE INITIALLY DEFERRED,
    "partnership"        TEXT REFERENCES partnerships ("id") DEFERRABLE INITIALLY DEFERRED,
    "date"               TEXT NOT NULL,
    "power"              INTEGER CHECK ("power" BETWEEN 1 AND 4),
    "interest"           INTEGER CHECK ("interest" BETWEEN 1 AND 4),
    "legitimacy"         INTEGER CHECK ("legitimacy" = 0 OR "legitimacy" = 1),
    "urgency"            INTEGER CHECK ("urgency" BETWEEN 1 AND 4),
    "stance"             TEXT CHECK ("stance" IN ({stance})),
    "engagement"         TEXT CHECK ("engagement" IN ({engagement})),
    "engagement_target"  TEXT CHECK ("engagement_target" IN ({engagement})),
    "assessed_by"        TEXT,
    "notes"              TEXT,
    CHECK ("organization" IS NOT NULL OR "person" IS NOT NULL)
);

CREATE TABLE interactions (
    "id"              TEXT PRIMARY KEY NOT NULL,
    "date"            TEXT NOT NULL,
    "organization"    TEXT REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "person"          TEXT REFERENCES people ("id") DEFERRABLE INITIALLY DEFERRED,
    "partnership"     TEXT REFERENCES partnerships ("id") DEFERRABLE INITIALLY DEFERRED,
    "channel"         TEXT CHECK ("channel" IN ({channel})),
    "owner"           TEXT,
    "topic"           TEXT,
    "sentiment"       TEXT CHECK ("sentiment" IN ({sentiment})),
    "follow_up_due"   TEXT,
    "follow_up_done"  INTEGER CHECK ("follow_up_done" = 0 OR "follow_up_done" = 1),
    CHECK ("organization" IS NOT NULL OR "person" IS NOT NULL)
);

CREATE INDEX assessments_organization ON assessments ("organization");
CREATE INDEX assessments_person ON assessments ("person");
CREATE INDEX interactions_organization ON interactions ("organization");
CREATE INDEX interactions_person ON interactions ("person");
