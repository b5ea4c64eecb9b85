// Every Interaction node as a row of the interactions sheet, ordered by id.
MATCH (n:Interaction)
RETURN properties(n) AS row
ORDER BY n.id
