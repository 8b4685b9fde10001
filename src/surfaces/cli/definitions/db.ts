// `rampart db <dsn|host:port>`: its flags and help; ../commands/db.ts runs the database transport audit.
import type { CliCommand } from "../command.js";
import type { DbFlags } from "../commands/db.js";
import { intFlag, severityFlag } from "../parse.js";

export const dbCommand: CliCommand = {
  name: "db",
  register(program, io) {
    program
      .command("db")
      .description("audit a database's transport security alone: DSN analysis and a PostgreSQL-wire probe (SSLRequest, plaintext, TLS, certificate)")
      .argument("<dsn|host:port>", "a connection string (postgres://, cockroachdb://, mysql://, mongodb://, redis://, key=value) or host:port (default port 5432)")
      .option("--ca <pem>", "extra trusted CA certificate(s) for the database's certificate, PEM file")
      .option("--timeout <ms>", "per-connection timeout in ms (default 10000)", intFlag("--timeout", 100, 600_000))
      .option("--format <format>", "summary | json (default summary)")
      .option("--fail-on <severity>", "gate: exit 1 on any finding at or above this severity", severityFlag)
      .addHelpText(
        "after",
        `
Examples:
  rampart db 127.0.0.1:5432
  rampart db "postgresql://app@db.internal:26257/app?sslmode=verify-full&sslrootcert=ca.crt" --ca ca.crt
  rampart db "$DATABASE_URL" --format json --fail-on high

The probe never sends a password: it uses the DSN's user (or rampart_probe) and closes as soon as the
server has answered. Passwords in a DSN are redacted in every output.`,
      )
      .action(async (target: string, flags: DbFlags) => {
        const { runDb } = await import("../commands/db.js");
        io.setExitCode(await runDb(target, flags, io));
      });
  },
};
