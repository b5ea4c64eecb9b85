// Upsert survey: one SurveyEntry node per row, matched on id; the columns a row carries
// are set (a null removes the property), the others are left as they are.
// Parameters: $rows, a list of maps with id and any of: id, round, organization, invited, responded, date.
UNWIND $rows AS row
MERGE (n:SurveyEntry {id: row.id})
SET n += row
