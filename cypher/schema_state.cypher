// The constraints and indexes lcii-graph's schema.cypher creates, as the server has them.
// Parameters: none. Returns: name, type.
SHOW CONSTRAINTS YIELD name, type
RETURN name, type
ORDER BY name
