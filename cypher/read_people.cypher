// Every Person node as a row of the people sheet, ordered by id.
MATCH (n:Person)
RETURN properties(n) AS row
ORDER BY n.id
