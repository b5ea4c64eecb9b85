// MEASURED_BY from the metrics sheet's goal column: replaces the node's previous
// MEASURED_BY links of this kind with the one(s) the row names (none when it is empty).
// Parameters: $rows, maps with id and goal.
UNWIND $rows AS row
MATCH (n:Metric {id: row.id})
OPTIONAL MATCH (:Goal)-[old:MEASURED_BY]->(n)
DELETE old
WITH DISTINCT n, row
MATCH (m:Goal {id: row.goal})
MERGE (m)-[:MEASURED_BY]->(n)
