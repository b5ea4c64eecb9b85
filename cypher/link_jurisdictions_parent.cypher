// PART_OF from the jurisdictions sheet's parent column: replaces the node's previous
// PART_OF links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and parent.
UNWIND $rows AS row
MATCH (n:Jurisdiction {id: row.id})
OPTIONAL MATCH (n)-[old:PART_OF]->(:Jurisdiction)
DELETE old
WITH DISTINCT n, row
MATCH (m:Jurisdiction {id: row.parent})
MERGE (n)-[:PART_OF]->(m)
