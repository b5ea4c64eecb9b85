// Upsert interactions: one Interaction node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, date, organization, person, partnership, channel, owner, topic, sentiment, follow_up_due, follow_up_done.
UNWIND $rows AS row
MERGE (n:Interaction {id: row.id})
SET n += row
