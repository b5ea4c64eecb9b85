// Every PARTNERS_WITH relationship as a row of the ties sheet (the relationship holds the
// row's columns, its ends included), ordered by id.
MATCH ()-[r:PARTNERS_WITH]->()
RETURN properties(r) AS row
ORDER BY r.id
