// Every Commitment node as a row of the commitments sheet, ordered by id.
MATCH (n:Commitment)
RETURN properties(n) AS row
ORDER BY n.id
