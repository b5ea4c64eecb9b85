// Every Goal node as a row of the goals sheet, ordered by id.
MATCH (n:Goal)
RETURN properties(n) AS row
ORDER BY n.id
