// Delete rows of the memberships sheet: each MEMBER_OF relationship with one of the ids.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH ()-[r:MEMBER_OF {id: id}]->()
DELETE r
