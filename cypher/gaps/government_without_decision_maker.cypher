// Government at the table only through staff: partnerships with government at the table
// today (as members, or through a person seated there) none of whose people is a
// decision-maker. The people seated at the table speak for their organization; where none
// is seated, all its staff count.
// Lesson: one table across sectors (rule government-no-decision-maker). Parameters: none.
// Returns: partnership, name, government (organization ids), people (how many counted).
MATCH (member)-[m:MEMBER_OF]->(p:Partnership)
WHERE (m.since IS NULL OR m.since <= toString(date()))
  AND (m.until IS NULL OR m.until > toString(date()))
OPTIONAL MATCH (member:Person)-[:WORKS_FOR {primary: true}]->(employer:Organization)
WITH DISTINCT p, CASE WHEN member:Organization THEN member ELSE employer END AS g
WHERE g.sector = 'government'
OPTIONAL MATCH (seated:Person)-[s:MEMBER_OF]->(p)
WHERE (s.since IS NULL OR s.since <= toString(date()))
  AND (s.until IS NULL OR s.until > toString(date()))
  AND (seated)-[:WORKS_FOR {primary: true}]->(g)
WITH p, g, collect(DISTINCT seated) AS seatedPeople
OPTIONAL MATCH (staff:Person)-[:WORKS_FOR {primary: true}]->(g)
WITH p, g, seatedPeople, collect(DISTINCT staff) AS allStaff
WITH p, g, CASE WHEN size(seatedPeople) > 0 THEN seatedPeople ELSE allStaff END AS people
WITH p, collect(g.id) AS government, reduce(acc = [], x IN collect(people) | acc + x) AS people
WHERE size(people) > 0 AND none(x IN people WHERE x.decision_maker = true)
RETURN p.id AS partnership, p.name AS name, government, size(people) AS people
ORDER BY partnership
