// Upsert jurisdictions: one Jurisdiction node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, name, level, parent, fips.
UNWIND $rows AS row
MERGE (n:Jurisdiction {id: row.id})
SET n += row
