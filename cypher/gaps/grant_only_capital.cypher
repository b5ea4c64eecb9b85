// Grant-only capital stacks: partnerships whose counted capital (pledged, active or
// fulfilled commitments with an amount, in-kind aside) is all grants. A commitment counts
// toward the table it names, or, naming none, toward the table of the goal it advances.
// Lesson: cross-sector funding streams (rule grants-only). Parameters: none.
// Returns: partnership, name, grants (total amount).
MATCH (c:Commitment)
WHERE c.type IN ['grant', 'pri', 'loan', 'guarantee', 'equity', 'public_funds']
  AND c.status IN ['pledged', 'active', 'fulfilled'] AND c.amount > 0
OPTIONAL MATCH (c)-[:ADVANCES]->(goal:Goal)
WITH c, coalesce(c.partnership, goal.partnership) AS table
MATCH (p:Partnership {id: table})
WITH p, collect(DISTINCT c.type) AS types, sum(c.amount) AS capital
WHERE types = ['grant']
RETURN p.id AS partnership, p.name AS name, capital AS grants
ORDER BY partnership
