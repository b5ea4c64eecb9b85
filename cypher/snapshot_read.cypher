// One snapshot with its rows (JSON text). Parameters: $label.
MATCH (s:Snapshot {label: $label})
RETURN s.label AS label, s.date AS date, s.created AS created, s.data AS data
