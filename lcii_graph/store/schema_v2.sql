-- lcii_graph SQLite schema, version 2: snapshots.
-- A snapshot is a copy of every row of every sheet, taken in one transaction,
-- kept as JSON so that later schema versions can still read old snapshots.

CREATE TABLE snapshots (
    "label"    TEXT PRIMARY KEY NOT NULL,
    "date"     TEXT NOT NULL,  -- the day the snapshot stands for (its "as of")
    "created"  TEXT NOT NULL   -- when it was taken (UTC, ISO 8601)
);

CREATE TABLE snapshot_rows (
    "label"  TEXT NOT NULL REFERENCES snapshots ("label") ON DELETE CASCADE,
    "sheet"  TEXT NOT NULL,
    "id"     TEXT NOT NULL,
    "data"   TEXT NOT NULL,  -- the row as a JSON object of its columns
    PRIMARY KEY ("label", "sheet", "id")
) WITHOUT ROWID;
