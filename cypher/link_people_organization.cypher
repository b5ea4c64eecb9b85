// WORKS_FOR from the people sheet's organization column: replaces the node's previous
// WORKS_FOR links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and organization.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
OPTIONAL MATCH (n)-[old:WORKS_FOR]->(:Organization)
WHERE old.primary = true
DELETE old
WITH DISTINCT n, row
MATCH (m:Organization {id: row.organization})
MERGE (n)-[:WORKS_FOR {primary: true}]->(m)
