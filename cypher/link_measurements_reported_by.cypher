// REPORTS from measurements: the reporting organization to the metric it reports,
// once per pair however many measurements it sent.
// Parameters: $rows, maps with reported_by and metric.
UNWIND $rows AS row
WITH row WHERE row.reported_by IS NOT NULL
MATCH (a:Organization {id: row.reported_by})
MATCH (b:Metric {id: row.metric})
MERGE (a)-[:REPORTS]->(b)
