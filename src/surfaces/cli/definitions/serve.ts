// `rampart serve`: its flags and help; ../commands/serve.ts starts the server.
import type { CliCommand } from "../command.js";
import type { ServeFlags } from "../commands/serve.js";
import { intFlag } from "../parse.js";

export const serveCommand: CliCommand = {
  name: "serve",
  register(program, io) {
    program
      .command("serve")
      .description("run the REST API (and dashboard) with a scan runner, on the same store as the CLI")
      .option("--host <address>", "address to listen on (non-loopback needs TLS or --insecure-http)", "127.0.0.1")
      .option("--port <n>", "port (default 7878; 0 picks a free one)", intFlag("--port", 0, 65_535))
      .option("--store <file>", "SQLite scan database (default: the one `rampart history` uses)")
      .option("--tls-cert <pem>", "TLS certificate chain (PEM)")
      .option("--tls-key <pem>", "TLS private key (PEM)")
      .option("--insecure-http", "allow plain HTTP on a non-loopback address")
      .option("--max-scans <n>", "scans running at once (default 2)", intFlag("--max-scans", 1, 64))
      .addHelpText(
        "after",
        `
On first start with no tokens the server creates an admin token: RAMPART_ADMIN_TOKEN when set, else one printed once.
Every /api route except /api/health and /api/openapi.json needs Authorization: Bearer <token>.

Examples:
  rampart serve
  rampart serve --port 0 --store ./rampart.db
  rampart serve --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem
  RAMPART_ADMIN_TOKEN=$(openssl rand -hex 32) rampart serve`,
      )
      .action(async (flags: ServeFlags) => {
        const { runServe } = await import("../commands/serve.js");
        await runServe(flags, io);
      });
  },
};
