// Delete rows of the ties sheet: each PARTNERS_WITH relationship with one of the ids.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH ()-[r:PARTNERS_WITH {id: id}]->()
DELETE r
