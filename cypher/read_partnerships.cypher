// Every Partnership node as a row of the partnerships sheet, ordered by id.
MATCH (n:Partnership)
RETURN properties(n) AS row
ORDER BY n.id
