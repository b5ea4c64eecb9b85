// Upsert measurements: one Measurement node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, metric, date, value, reported_by.
UNWIND $rows AS row
MERGE (n:Measurement {id: row.id})
SET n += row
