// Members with no commitment: organizations at a table that have made no commitment
// toward it or one of its goals.
// Lesson: data-driven, results-focused (rule member-not-aligned). Parameters: none.
// Returns: partnership, organization, name.
MATCH (o:Organization)-[m:MEMBER_OF]->(p:Partnership)
WHERE (m.until IS NULL OR m.until > toString(date()))
AND NOT EXISTS {
  MATCH (o)-[:MADE]->(c:Commitment)
  WHERE c.partnership = p.id OR EXISTS { MATCH (c)-[:ADVANCES]->(:Goal)<-[:PURSUES]-(p) }
}
RETURN p.id AS partnership, o.id AS organization, o.name AS name
ORDER BY partnership, organization
