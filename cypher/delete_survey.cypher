// Delete rows of the survey sheet: each SurveyEntry node named.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:SurveyEntry {id: id})
DETACH DELETE n
