// `rampart serve`: its flags and help; ../commands/serve.ts starts the server.
import type { CliCommand } from "../command.js";
import type { ServeFlags } from "../commands/serve.js";
import type { WorkerFlags } from "../../../queue/process.js";
import { collect, durationFlag, intFlag, publicUrlFlag } from "../parse.js";

export const serveCommand: CliCommand = {
  name: "serve",
  register(program, io) {
    program
      .command("serve")
      .description("run the REST API (and dashboard) with a scan runner, on the same store as the CLI")
      .option("--host <address>", "address to listen on (non-loopback needs TLS or --insecure-http)", "127.0.0.1")
      .option("--port <n>", "port (default 7878; 0 picks a free one)", intFlag("--port", 0, 65_535))
      .option("--store <file|url>", "SQLite file or postgres://user@host/db (default: RAMPART_STORE, else the file `rampart history` uses)")
      .option("--tls-cert <pem>", "TLS certificate chain (PEM)")
      .option("--tls-key <pem>", "TLS private key (PEM)")
      .option("--insecure-http", "allow plain HTTP on a non-loopback address")
      .option("--max-scans <n>", "scans running at once (default 2)", intFlag("--max-scans", 1, 64))
      .option(
        "--allow-targets <cidr|host-glob,...>",
        "only scan targets matching one entry, e.g. 10.0.0.0/8,*.staging.example.com (repeatable; link-local and metadata addresses are refused regardless)",
        collect,
      )
      .option(
        "--callback-host <host[:port]>",
        "address targets can reach this machine at, for active scans' probes that make the target fetch from the scanner (a JWT jku key set or x5u certificate); loopback targets need none. A setting of the process that runs the scan, never of a scan request",
      )
      .option("--no-runner", "PostgreSQL store only: serve the API and dashboard; scans are run by `rampart worker` processes")
      .option("--grace <seconds>", "PostgreSQL store: on SIGTERM, how long running scans may finish before they are requeued (default 30)", intFlag("--grace", 0, 3600))
      .option("--host-concurrency <n>", "PostgreSQL store: scans of one target host:port at once, across all workers (default 2)", intFlag("--host-concurrency", 1, 64))
      .option("--host-rps <n>", "PostgreSQL store: requests per second to one target host:port, across all workers (default 100)", intFlag("--host-rps", 1, 10_000))
      .option(
        "--queue-warning <duration>",
        "PostgreSQL store: say so in this log when queued scans have waited this long with no worker running (default 1m)",
        durationFlag("--queue-warning", 1000),
      )
      .option("--rate-limit <n>", "API requests per client address per minute (default 1200; 0 turns the limit off)", intFlag("--rate-limit", 0, 1_000_000))
      .option(
        "--min-interval <duration>",
        "shortest schedule a monitor may have, e.g. 1m or 30s (default 5m; runs are never closer than this)",
        durationFlag("--min-interval", 1000),
      )
      .option("--public-url <url>", "where users open this server, for dashboard links in events and webhooks (default: the listening address)", publicUrlFlag)
      .addHelpText(
        "after",
        `
On first start with no tokens the server creates an admin token: RAMPART_ADMIN_TOKEN when set, else one printed once.
Every /api route except /api/health and /api/openapi.json needs Authorization: Bearer <token>; the dashboard at /
signs in with a token. Submitted targets pass the target guard: link-local and cloud-metadata addresses are
always refused, --allow-targets narrows further, and each scan is pinned to the address resolved once.
Identities stored with PUT /api/identities are encrypted under RAMPART_SECRET_KEY (64 hex characters) or a key
file created with mode 0600 (RAMPART_SECRET_KEY_FILE, default ~/.config/rampart/secret.key).
Monitors (rampart monitor add, POST /api/monitors) run on this server's schedule: each run gets a small random
delay (at most a tenth of the interval, never over a minute), one run of a monitor at a time, and a run missed
while the server was down runs once at start. Events link to the dashboard at --public-url when behind a proxy.

Examples:
  rampart serve
  rampart serve --port 0 --store ./rampart.db
  rampart serve --min-interval 1m --public-url https://rampart.example.com
  rampart serve --host 0.0.0.0 --tls-cert cert.pem --tls-key key.pem --allow-targets 10.20.0.0/16,*.staging.example.com
  RAMPART_ADMIN_TOKEN=$(openssl rand -hex 32) rampart serve
  RAMPART_SECRET_KEY=$(cat key.hex) rampart serve --store postgres://rampart@db.internal/rampart
  RAMPART_SECRET_KEY=$(cat key.hex) rampart serve --store postgres://rampart@db.internal/rampart --no-runner

On a PostgreSQL store, POST /api/scans puts scans on the store's job queue; this server runs them (up to
--max-scans at once) together with any \`rampart worker\` processes, unless --no-runner.`,
      )
      .action(async (flags: ServeFlags & WorkerFlags) => {
        const { runServe } = await import("../commands/serve.js");
        await runServe(flags, io);
      });
  },
};
