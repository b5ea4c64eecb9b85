// The row with id $id, whatever its kind: a node, or a membership or tie relationship.
// Parameters: $id. Returns: kind (a label or relationship type), row (its properties);
// ids are unique, so at most one row.
MATCH (n {id: $id})
WHERE n:Organization OR n:Person OR n:Jurisdiction OR n:Partnership OR n:Commitment
   OR n:Goal OR n:Metric OR n:Measurement
RETURN head([l IN labels(n) WHERE l IN ['Organization', 'Person', 'Jurisdiction',
    'Partnership', 'Commitment', 'Goal', 'Metric', 'Measurement']]) AS kind,
    properties(n) AS row
UNION ALL
MATCH ()-[r:MEMBER_OF|PARTNERS_WITH {id: $id}]->()
RETURN type(r) AS kind, properties(r) AS row
