// Goals without metrics: shared goals that no metric measures.
// Lesson: data-driven, results-focused (rule goal-without-metric). Parameters: none.
// Returns: goal, name, partnership.
MATCH (g:Goal)
WHERE NOT (g)-[:MEASURED_BY]->(:Metric)
RETURN g.id AS goal, g.name AS name, g.partnership AS partnership
ORDER BY partnership, goal
