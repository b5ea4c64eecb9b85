-- lcii_graph SQLite schema, version 5: stakeholder mapping and the relational survey. The
-- coordinator's dated judgements of stakeholders (assessments), the engagement log
-- (interactions), the survey's ratings and its rosters (survey).
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

-- The relational survey: each respondent's rating of each partner it names (PARTNER's
-- six items, 1 to 4), and each round's roster.
CREATE TABLE ratings (
    "id"                     TEXT PRIMARY KEY NOT NULL,
    "round"                  TEXT NOT NULL,
    "respondent"             TEXT NOT NULL REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "respondent_person"      TEXT REFERENCES people ("id") DEFERRABLE INITIALLY DEFERRED,
    "partner"                TEXT NOT NULL REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "frequency"              TEXT CHECK ("frequency" IN ({frequency})),
    "intensity"              TEXT CHECK ("intensity" IN ({intensity})),
    "power_influence"        INTEGER CHECK ("power_influence" BETWEEN 1 AND 4),
    "involvement"            INTEGER CHECK ("involvement" BETWEEN 1 AND 4),
    "resource_contribution"  INTEGER CHECK ("resource_contribution" BETWEEN 1 AND 4),
    "reliability"            INTEGER CHECK ("reliability" BETWEEN 1 AND 4),
    "mission"                INTEGER CHECK ("mission" BETWEEN 1 AND 4),
    "openness"               INTEGER CHECK ("openness" BETWEEN 1 AND 4),
    "contributes"            TEXT,
    CHECK ("respondent" <> "partner")
);

CREATE TABLE survey (
    "id"            TEXT PRIMARY KEY NOT NULL,
    "round"         TEXT NOT NULL,
    "organization"  TEXT NOT NULL REFERENCES organizations ("id") DEFERRABLE INITIALLY DEFERRED,
    "invited"       INTEGER CHECK ("invited" = 0 OR "invited" = 1),
    "responded"     INTEGER CHECK ("responded" = 0 OR "responded" = 1),
    "date"          TEXT
);

CREATE INDEX ratings_round ON ratings ("round");
CREATE INDEX ratings_partner ON ratings ("partner");
CREATE INDEX survey_organization ON survey ("organization");
