// Upsert people: one Person node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, name, organization, also_works_for, title, decision_maker, email, phone, notes, decision_maker_inferred.
UNWIND $rows AS row
MERGE (n:Person {id: row.id})
SET n += row
