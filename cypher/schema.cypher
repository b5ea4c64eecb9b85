// lcii-graph schema for Neo4j 5: one uniqueness constraint per label, and the
// indexes the gap queries filter on, and relationship-id indexes for the membership and
// tie upserts (which find a row by its id). Idempotent (IF NOT EXISTS): run it as often as
// you like. The store runs it when it opens a database.

CREATE CONSTRAINT jurisdiction_id IF NOT EXISTS FOR (n:Jurisdiction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partnership_id IF NOT EXISTS FOR (n:Partnership) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT goal_id IF NOT EXISTS FOR (n:Goal) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT commitment_id IF NOT EXISTS FOR (n:Commitment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT metric_id IF NOT EXISTS FOR (n:Metric) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT measurement_id IF NOT EXISTS FOR (n:Measurement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT assessment_id IF NOT EXISTS FOR (n:Assessment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT rating_id IF NOT EXISTS FOR (n:Rating) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT survey_entry_id IF NOT EXISTS FOR (n:SurveyEntry) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT snapshot_label IF NOT EXISTS FOR (n:Snapshot) REQUIRE n.label IS UNIQUE;
CREATE INDEX organization_sector IF NOT EXISTS FOR (n:Organization) ON (n.sector);
CREATE INDEX jurisdiction_level IF NOT EXISTS FOR (n:Jurisdiction) ON (n.level);
CREATE INDEX commitment_type IF NOT EXISTS FOR (n:Commitment) ON (n.type);
CREATE INDEX person_decision_maker IF NOT EXISTS FOR (n:Person) ON (n.decision_maker);
CREATE INDEX member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.id);
CREATE INDEX partners_with_id IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.id);
