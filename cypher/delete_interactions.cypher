// Delete rows of the interactions sheet: each Interaction node named.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:Interaction {id: id})
DETACH DELETE n
