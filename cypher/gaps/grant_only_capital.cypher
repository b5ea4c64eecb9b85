// Grant-only capital stacks: partnerships whose counted capital (pledged, active or
// fulfilled commitments with an amount) is all grants.
// Lesson: cross-sector funding streams (rule grants-only). Parameters: none.
// Returns: partnership, name, grants (total amount).
MATCH (c:Commitment)-[:ADVANCES]->(p:Partnership)
WHERE c.type IN ['grant', 'pri', 'loan', 'guarantee', 'equity', 'public_funds']
  AND c.status IN ['pledged', 'active', 'fulfilled'] AND c.amount > 0
WITH p, collect(DISTINCT c.type) AS types, sum(c.amount) AS capital
WHERE types = ['grant']
RETURN p.id AS partnership, p.name AS name, capital AS grants
ORDER BY partnership
