// How many snapshots are named $label (0 or 1). Parameters: $label.
MATCH (s:Snapshot {label: $label})
RETURN count(s) AS n
