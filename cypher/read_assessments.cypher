// Every Assessment node as a row of the assessments sheet, ordered by id.
MATCH (n:Assessment)
RETURN properties(n) AS row
ORDER BY n.id
