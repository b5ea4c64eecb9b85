// The row with id $id, whatever its kind: a node, or a membership or tie relationship.
// Parameters: $id. Returns: kind (a label or relationship type), row (its properties);
// ids are unique, so at most one row. One branch per label and relationship type, so that
// each looks the id up in that label's uniqueness index (or the relationship-id index)
// instead of scanning every node.
MATCH (n:Organization {id: $id})
RETURN 'Organization' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Person {id: $id})
RETURN 'Person' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Jurisdiction {id: $id})
RETURN 'Jurisdiction' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Partnership {id: $id})
RETURN 'Partnership' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Commitment {id: $id})
RETURN 'Commitment' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Goal {id: $id})
RETURN 'Goal' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Metric {id: $id})
RETURN 'Metric' AS kind, properties(n) AS row
UNION ALL
MATCH (n:Measurement {id: $id})
RETURN 'Measurement' AS kind, properties(n) AS row
UNION ALL
MATCH ()-[r:MEMBER_OF {id: $id}]->()
RETURN 'MEMBER_OF' AS kind, properties(r) AS row
UNION ALL
MATCH ()-[r:PARTNERS_WITH {id: $id}]->()
RETURN 'PARTNERS_WITH' AS kind, properties(r) AS row
