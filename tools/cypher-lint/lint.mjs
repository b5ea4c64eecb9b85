// Lint Cypher with Neo4j's own front end (@neo4j-cypher/language-support).
// Input on stdin: {"schema": DbSchema, "statements": [{"name", "text", "console"}]}
// ("console": true for a script with :param lines, as cypher-shell runs it).
// Output on stdout: [{"name", "diagnostics": [{"severity", "message", "line", "character"}]}]
// (severity 1 is an error, 2 a warning).
import { lintCypherQuery } from "@neo4j-cypher/language-support";

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { schema, statements } = JSON.parse(input);
  const results = statements.map(({ name, text, console }) => {
    const { diagnostics } = lintCypherQuery(text, schema, { consoleCommandsEnabled: !!console });
    return {
      name,
      diagnostics: diagnostics.map((d) => ({
        severity: d.severity, message: d.message,
        line: d.range.start.line + 1, character: d.range.start.character + 1,
      })),
    };
  });
  process.stdout.write(JSON.stringify(results));
});
