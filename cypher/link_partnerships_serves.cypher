// SERVES from the partnerships sheet's serves column: replaces the node's previous
// SERVES links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and serves.
UNWIND $rows AS row
MATCH (n:Partnership {id: row.id})
OPTIONAL MATCH (n)-[old:SERVES]->(:Jurisdiction)
DELETE old
WITH DISTINCT n, row
UNWIND [x IN split(coalesce(row.serves, ''), '; ') WHERE x <> ''] AS ref
MATCH (m:Jurisdiction {id: ref})
MERGE (n)-[:SERVES]->(m)
