// Create a snapshot: the whole store's rows as JSON text ($data), under $label.
// Parameters: $label, $date (the day it stands for), $created (ISO time), $data, $rows
// (how many rows it holds, as a number).
CREATE (s:Snapshot {label: $label, date: $date, created: $created, data: $data, rows: $rows})
RETURN s.label AS label
