// Every Rating node as a row of the ratings sheet, ordered by id.
MATCH (n:Rating)
RETURN properties(n) AS row
ORDER BY n.id
