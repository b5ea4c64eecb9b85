// Every Metric node as a row of the metrics sheet, ordered by id.
MATCH (n:Metric)
RETURN properties(n) AS row
ORDER BY n.id
