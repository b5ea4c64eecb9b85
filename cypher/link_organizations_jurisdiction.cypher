// BASED_IN from the organizations sheet's jurisdiction column: replaces the node's previous
// BASED_IN links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and jurisdiction.
UNWIND $rows AS row
MATCH (n:Organization {id: row.id})
OPTIONAL MATCH (n)-[old:BASED_IN]->(:Jurisdiction)
DELETE old
WITH DISTINCT n, row
MATCH (m:Jurisdiction {id: row.jurisdiction})
MERGE (n)-[:BASED_IN]->(m)
