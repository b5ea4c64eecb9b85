// ADVANCES from the commitments sheet's goal column: replaces the node's previous
// ADVANCES links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and goal.
UNWIND $rows AS row
MATCH (n:Commitment {id: row.id})
OPTIONAL MATCH (n)-[old:ADVANCES]->(:Goal)
DELETE old
WITH DISTINCT n, row
MATCH (m:Goal {id: row.goal})
MERGE (n)-[:ADVANCES]->(m)
