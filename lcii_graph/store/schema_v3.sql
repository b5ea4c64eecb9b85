-- lcii_graph SQLite schema, version 3: the ties' provenance column is named "provenance".
-- It was "source", which is what every edge list (Gephi, networkx, igraph, pandas) calls a
-- tie's first end. SQLite renames the column in its CHECK constraint too. Snapshots keep
-- their JSON as written; they are read with the new name.

ALTER TABLE "ties" RENAME COLUMN "source" TO "provenance";
