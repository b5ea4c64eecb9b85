// Members with no commitment: organizations at a table today (members themselves, or the
// employer of a person seated there) that have made no commitment toward it: none naming
// the table, nor, when a commitment names no table, one of the table's goals.
// Lesson: data-driven, results-focused (rule member-not-aligned). Parameters: none.
// Returns: partnership, organization, name.
MATCH (member)-[m:MEMBER_OF]->(p:Partnership)
WHERE (m.since IS NULL OR m.since <= toString(date()))
  AND (m.until IS NULL OR m.until > toString(date()))
OPTIONAL MATCH (member:Person)-[:WORKS_FOR {primary: true}]->(employer:Organization)
WITH DISTINCT p, CASE WHEN member:Organization THEN member ELSE employer END AS o
WHERE o IS NOT NULL
  AND NOT EXISTS {
    MATCH (o)-[:MADE]->(c:Commitment)
    WHERE c.partnership = p.id
       OR (c.partnership IS NULL AND EXISTS { MATCH (c)-[:ADVANCES]->(:Goal {partnership: p.id}) })
  }
RETURN p.id AS partnership, o.id AS organization, o.name AS name
ORDER BY partnership, organization
