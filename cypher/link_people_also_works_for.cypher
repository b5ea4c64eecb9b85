// WORKS_FOR from the people sheet's also_works_for column: replaces the node's previous
// WORKS_FOR links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and also_works_for.
UNWIND $rows AS row
MATCH (n:Person {id: row.id})
OPTIONAL MATCH (n)-[old:WORKS_FOR]->(:Organization)
WHERE old.primary = false
DELETE old
WITH DISTINCT n, row
UNWIND [x IN split(coalesce(row.also_works_for, ''), '; ') WHERE x <> ''] AS ref
MATCH (m:Organization {id: ref})
MERGE (n)-[:WORKS_FOR {primary: false}]->(m)
