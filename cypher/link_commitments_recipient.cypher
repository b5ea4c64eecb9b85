// RECEIVES from the commitments sheet's recipient column: replaces the node's previous
// RECEIVES links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and recipient.
UNWIND $rows AS row
MATCH (n:Commitment {id: row.id})
OPTIONAL MATCH (n)-[old:RECEIVES]->(:Organization)
DELETE old
WITH DISTINCT n, row
MATCH (m:Organization {id: row.recipient})
MERGE (n)-[:RECEIVES]->(m)
