// `rampart explain <checkId>`: its flags and help; ../commands/explain.ts looks the check up and renders the fix.
import { DATABASES, FRAMEWORKS } from "../../../knowledge/remediation/types.js";
import type { CliCommand } from "../command.js";
import type { ExplainFlags } from "../commands/explain.js";

export const explainCommand: CliCommand = {
  name: "explain",
  register(program, io) {
    program
      .command("explain")
      .description("explain a check: what it detects, references, and the fix for your framework and database (no scan)")
      .argument("<checkId>", "a check id, e.g. encryption.db-dsn-insecure-sslmode")
      .option("--framework <name>", `fit the fix to a framework: ${FRAMEWORKS.join(", ")}`)
      .option("--database <name>", `fit the fix to a database: ${DATABASES.join(", ")}`)
      .option("--format <format>", "text | json (default text)")
      .addHelpText(
        "after",
        `
Examples:
  rampart explain encryption.db-dsn-insecure-sslmode --framework fastapi --database cockroachdb
  rampart explain encryption.hsts-missing --framework django
  rampart explain encryption.key-material-exposed --format json`,
      )
      .action(async (id: string, flags: ExplainFlags) => {
        const { runExplain } = await import("../commands/explain.js");
        runExplain(id, flags, io);
      });
  },
};
