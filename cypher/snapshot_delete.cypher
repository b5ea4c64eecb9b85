// Delete snapshot $label; returns how many were deleted (0 or 1). Parameters: $label.
MATCH (s:Snapshot {label: $label})
WITH s, s.label AS label
DETACH DELETE s
RETURN count(label) AS deleted
