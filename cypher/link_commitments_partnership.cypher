// ADVANCES from the commitments sheet's partnership column: replaces the node's previous
// ADVANCES links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and partnership.
UNWIND $rows AS row
MATCH (n:Commitment {id: row.id})
OPTIONAL MATCH (n)-[old:ADVANCES]->(:Partnership)
DELETE old
WITH DISTINCT n, row
MATCH (m:Partnership {id: row.partnership})
MERGE (n)-[:ADVANCES]->(m)
