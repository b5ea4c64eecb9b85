// PARTNERS_WITH from ties: one relationship per row, matched on the row's id and
// holding all its columns; a row whose ends changed is moved. The column "source" was
// renamed "provenance": a relationship written before keeps no stale copy.
// Parameters: $rows, maps with id, from, to and the other columns.
UNWIND $rows AS row
WITH row WHERE row.from IS NOT NULL AND row.to IS NOT NULL
MATCH (a:Organization {id: row.from})
MATCH (b:Organization {id: row.to})
OPTIONAL MATCH ()-[old:PARTNERS_WITH {id: row.id}]->()
WHERE startNode(old) <> a OR endNode(old) <> b
DELETE old
WITH DISTINCT a, b, row
MERGE (a)-[r:PARTNERS_WITH {id: row.id}]->(b)
SET r += row
REMOVE r.source
