// Every Measurement node as a row of the measurements sheet, ordered by id.
MATCH (n:Measurement)
RETURN properties(n) AS row
ORDER BY n.id
