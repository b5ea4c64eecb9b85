// Delete rows of the metrics sheet: each Metric node named, with its relationships. The
// store deletes (or updates) the rows that refer to it in the same transaction.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:Metric {id: id})
DETACH DELETE n
