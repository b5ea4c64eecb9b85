// Delete rows of the ratings sheet: each Rating node named.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:Rating {id: id})
DETACH DELETE n
