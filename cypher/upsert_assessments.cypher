// Upsert assessments: one Assessment node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, organization, person, partnership, date, power, interest, legitimacy, urgency, stance, engagement, engagement_target, assessed_by, notes.
UNWIND $rows AS row
MERGE (n:Assessment {id: row.id})
SET n += row
