// Every MEMBER_OF relationship as a row of the memberships sheet (the relationship holds the
// row's columns, its ends included), ordered by id.
MATCH ()-[r:MEMBER_OF]->()
RETURN properties(r) AS row
ORDER BY r.id
