// Every Organization node as a row of the organizations sheet, ordered by id.
MATCH (n:Organization)
RETURN properties(n) AS row
ORDER BY n.id
