// Every snapshot, oldest first. Parameters: none.
MATCH (s:Snapshot)
RETURN s.label AS label, s.date AS date, s.created AS created, s.rows AS rows
ORDER BY date, created, label
