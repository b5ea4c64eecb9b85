// Upsert metrics: one Metric node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, goal, name, unit, direction, baseline, baseline_date, target, target_date.
UNWIND $rows AS row
MERGE (n:Metric {id: row.id})
SET n += row
