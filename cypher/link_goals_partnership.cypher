// PURSUES from the goals sheet's partnership column: replaces the node's previous
// PURSUES links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and partnership.
UNWIND $rows AS row
MATCH (n:Goal {id: row.id})
OPTIONAL MATCH (:Partnership)-[old:PURSUES]->(n)
DELETE old
WITH DISTINCT n, row
MATCH (m:Partnership {id: row.partnership})
MERGE (m)-[:PURSUES]->(n)
