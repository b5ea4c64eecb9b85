// Delete rows of the measurements sheet: each Measurement node named; a REPORTS link from
// its reporting organization to its metric goes with the last measurement that made it.
// Parameters: $ids, a list of ids.
UNWIND $ids AS id
MATCH (n:Measurement {id: id})
WITH collect(n) AS gone
UNWIND gone AS n
OPTIONAL MATCH (o:Organization {id: n.reported_by})-[r:REPORTS]->(m:Metric {id: n.metric})
WITH gone, collect(DISTINCT [r, o.id, m.id]) AS links
FOREACH (n IN gone | DETACH DELETE n)
WITH links
UNWIND links AS link
WITH link[0] AS r, link[1] AS org, link[2] AS metric
WHERE r IS NOT NULL
  AND NOT EXISTS { MATCH (:Measurement {metric: metric, reported_by: org}) }
DELETE r
