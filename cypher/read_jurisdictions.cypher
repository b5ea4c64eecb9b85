// Every Jurisdiction node as a row of the jurisdictions sheet, ordered by id.
MATCH (n:Jurisdiction)
RETURN properties(n) AS row
ORDER BY n.id
