// Government at the table only through staff: partnerships with government members none
// of whose people is a decision-maker (people seated at the table speak for their
// organization; where none is seated, all its staff count).
// Lesson: one table across sectors (rule government-no-decision-maker). Parameters: none.
// Returns: partnership, name, government (organization ids), people (how many counted).
MATCH (g:Organization {sector: 'government'})-[m:MEMBER_OF]->(p:Partnership)
WHERE m.until IS NULL OR m.until > toString(date())
OPTIONAL MATCH (seated:Person)-[:MEMBER_OF]->(p)
WHERE (seated)-[:WORKS_FOR {primary: true}]->(g)
OPTIONAL MATCH (staff:Person)-[:WORKS_FOR {primary: true}]->(g)
WITH p, g, collect(DISTINCT seated) AS seatedPeople, collect(DISTINCT staff) AS allStaff
WITH p, g, CASE WHEN size(seatedPeople) > 0 THEN seatedPeople ELSE allStaff END AS people
WITH p, collect(g.id) AS government, reduce(acc = [], x IN collect(people) | acc + x) AS people
WHERE size(people) > 0 AND none(x IN people WHERE x.decision_maker = true)
RETURN p.id AS partnership, p.name AS name, government, size(people) AS people
ORDER BY partnership
