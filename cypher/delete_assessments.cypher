// Delete rows of the assessments sheet: each Assessment node named.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:Assessment {id: id})
DETACH DELETE n
