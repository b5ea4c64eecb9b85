// Upsert ratings: one Rating node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, round, respondent, respondent_person, partner, frequency, intensity, power_influence, involvement, resource_contribution, reliability, mission, openness, contributes.
UNWIND $rows AS row
MERGE (n:Rating {id: row.id})
SET n += row
