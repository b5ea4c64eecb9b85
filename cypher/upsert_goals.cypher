// Upsert goals: one Goal node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, partnership, name, system, statement.
UNWIND $rows AS row
MERGE (n:Goal {id: row.id})
SET n += row
