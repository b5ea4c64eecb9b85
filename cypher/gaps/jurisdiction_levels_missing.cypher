// Jurisdiction levels missing: a partnership serves a place whose government at one of
// $levels (the place itself or the county, state... it lies in) is not at the table.
// Lesson: one table across sectors (rule jurisdiction-level-missing).
// Parameters: $levels, a list such as ['city', 'county', 'state'].
// Returns: partnership, served (the place served), missing (the jurisdiction without its
// government at the table), level.
MATCH (p:Partnership)-[:SERVES]->(served:Jurisdiction)
MATCH (served)-[:PART_OF*0..]->(place:Jurisdiction)
WHERE place.level IN $levels
AND NOT EXISTS {
  MATCH (g:Organization {sector: 'government'})-[m:MEMBER_OF]->(p)
  WHERE g.jurisdiction = place.id AND (m.until IS NULL OR m.until > toString(date()))
}
RETURN p.id AS partnership, served.id AS served, place.id AS missing, place.level AS level
ORDER BY partnership, served, level
