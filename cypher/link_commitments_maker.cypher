// MADE from the commitments sheet's maker column: replaces the node's previous
// MADE links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and maker.
UNWIND $rows AS row
MATCH (n:Commitment {id: row.id})
OPTIONAL MATCH (:Organization)-[old:MADE]->(n)
DELETE old
WITH DISTINCT n, row
MATCH (m:Organization {id: row.maker})
MERGE (m)-[:MADE]->(n)
