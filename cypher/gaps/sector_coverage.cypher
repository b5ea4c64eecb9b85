// Sector coverage per partnership: which of the five sectors sit at each table today, and
// how many organizations of each (members themselves, or through a person seated there).
// Lesson: one table across sectors. Parameters: none.
// Returns: partnership, name, sectors (a map sector -> organizations), missing (sectors absent).
MATCH (p:Partnership)
OPTIONAL MATCH (member)-[m:MEMBER_OF]->(p)
WHERE (m.since IS NULL OR m.since <= toString(date()))
  AND (m.until IS NULL OR m.until > toString(date()))
OPTIONAL MATCH (member)-[w:WORKS_FOR {primary: true}]->(employer:Organization)
WITH p, CASE WHEN member:Organization THEN member ELSE employer END AS org
WITH p, collect(DISTINCT org) AS orgs
WITH p, [s IN ['government', 'business', 'philanthropy', 'nonprofit', 'community'] |
         {sector: s, organizations: size([o IN orgs WHERE o.sector = s])}] AS coverage
RETURN p.id AS partnership, p.name AS name, coverage,
       [c IN coverage WHERE c.organizations = 0 | c.sector] AS missing
ORDER BY partnership
