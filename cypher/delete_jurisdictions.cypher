// Delete rows of the jurisdictions sheet: each Jurisdiction node named, with its relationships. The
// store deletes (or updates) the rows that refer to it in the same transaction.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:Jurisdiction {id: id})
DETACH DELETE n
