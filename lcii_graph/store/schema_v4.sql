-- lcii_graph SQLite schema, version 4: custom fields. The columns of a coordinator's own
-- ("Board seat", "MOU signed", "Ward") are kept with each organization, person,
-- partnership and tie, as one JSON object of text values.

ALTER TABLE "organizations" ADD COLUMN "custom" TEXT;
ALTER TABLE "people" ADD COLUMN "custom" TEXT;
ALTER TABLE "partnerships" ADD COLUMN "custom" TEXT;
ALTER TABLE "ties" ADD COLUMN "custom" TEXT;
