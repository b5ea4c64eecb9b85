// Upsert partnerships: one Partnership node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, name, focus, serves, notes.
UNWIND $rows AS row
MERGE (n:Partnership {id: row.id})
SET n += row
