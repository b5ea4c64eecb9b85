// Goals without metrics: the shared goals of each table that no metric measures.
// Lesson: data-driven, results-focused (rule goal-without-metric). Parameters: none.
// Returns: goal, name, partnership.
MATCH (p:Partnership)-[:PURSUES]->(g:Goal)
WHERE NOT (g)-[:MEASURED_BY]->(:Metric)
RETURN g.id AS goal, g.name AS name, p.id AS partnership
ORDER BY partnership, goal
