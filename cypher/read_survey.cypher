// Every SurveyEntry node as a row of the survey sheet, ordered by id.
MATCH (n:SurveyEntry)
RETURN properties(n) AS row
ORDER BY n.id
