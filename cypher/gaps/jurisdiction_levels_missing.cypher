// Jurisdiction levels missing: a partnership serves a place whose government at one of
// $levels (the place itself, or the nearest county, state... it lies in) is not at the
// table today (as a member, or through a person seated there).
// Lesson: one table across sectors (rule jurisdiction-level-missing).
// Parameters: $levels, a list such as ['city', 'county', 'state'].
// Returns: partnership, served (the place served), missing (the jurisdiction without its
// government at the table), level.
MATCH (p:Partnership)-[:SERVES]->(served:Jurisdiction)
MATCH (served)-[:PART_OF*0..]->(place:Jurisdiction)
WHERE place.level IN $levels
  AND NOT EXISTS {
    MATCH (served)-[:PART_OF*0..]->(nearer:Jurisdiction)-[:PART_OF*1..]->(place)
    WHERE nearer.level = place.level
  }
  AND NOT EXISTS {
    MATCH (member)-[m:MEMBER_OF]->(p)
    WHERE (m.since IS NULL OR m.since <= toString(date()))
      AND (m.until IS NULL OR m.until > toString(date()))
      AND ((member:Organization AND member.sector = 'government'
            AND member.jurisdiction = place.id)
        OR EXISTS {
          MATCH (member)-[:WORKS_FOR {primary: true}]->(g:Organization)
          WHERE g.sector = 'government' AND g.jurisdiction = place.id
        })
  }
RETURN p.id AS partnership, served.id AS served, place.id AS missing, place.level AS level
ORDER BY partnership, served, level
