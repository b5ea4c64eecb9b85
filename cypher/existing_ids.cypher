// Which of the ids $ids the database holds, and of which kind: the store checks the
// references of an upsert against them before writing (Neo4j has no foreign keys).
// Parameters: $ids, a list of ids. Returns: kind (a label), id. One branch per label, so
// each looks the ids up in that label's uniqueness index.
MATCH (n:Organization) WHERE n.id IN $ids
RETURN 'Organization' AS kind, n.id AS id
UNION ALL
MATCH (n:Person) WHERE n.id IN $ids
RETURN 'Person' AS kind, n.id AS id
UNION ALL
MATCH (n:Jurisdiction) WHERE n.id IN $ids
RETURN 'Jurisdiction' AS kind, n.id AS id
UNION ALL
MATCH (n:Partnership) WHERE n.id IN $ids
RETURN 'Partnership' AS kind, n.id AS id
UNION ALL
MATCH (n:Commitment) WHERE n.id IN $ids
RETURN 'Commitment' AS kind, n.id AS id
UNION ALL
MATCH (n:Goal) WHERE n.id IN $ids
RETURN 'Goal' AS kind, n.id AS id
UNION ALL
MATCH (n:Metric) WHERE n.id IN $ids
RETURN 'Metric' AS kind, n.id AS id
