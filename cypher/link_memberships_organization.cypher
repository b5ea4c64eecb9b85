// MEMBER_OF from memberships: one relationship per row, matched on the row's id and
// holding all its columns; a row whose ends changed is moved.
// Parameters: $rows, maps with id, organization, partnership and the other columns.
UNWIND $rows AS row
WITH row WHERE row.organization IS NOT NULL AND row.partnership IS NOT NULL
MATCH (a:Organization {id: row.organization})
MATCH (b:Partnership {id: row.partnership})
OPTIONAL MATCH ()-[old:MEMBER_OF {id: row.id}]->()
WHERE startNode(old) <> a OR endNode(old) <> b
DELETE old
WITH DISTINCT a, b, row
MERGE (a)-[r:MEMBER_OF {id: row.id}]->(b)
SET r += row
