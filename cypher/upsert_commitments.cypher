// Upsert commitments: one Commitment node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, maker, recipient, partnership, goal, type, amount, currency, status, change, start, end, description.
UNWIND $rows AS row
MERGE (n:Commitment {id: row.id})
SET n += row
