// `rampart worker`: its flags and help; ../commands/worker.ts takes jobs from the queue.
import type { CliCommand } from "../command.js";
import type { WorkerCommandFlags } from "../commands/worker.js";
import { intFlag } from "../parse.js";

export const workerCommand: CliCommand = {
  name: "worker",
  register(program, io) {
    program
      .command("worker")
      .description("take scan jobs from the job queue of a PostgreSQL store and run them (any number of workers share one database)")
      .option("--store <url>", "postgres://user@host/db (default: RAMPART_STORE)")
      .option(
        "--callback-host <host[:port]>",
        "address targets can reach this machine at, for active scans' probes that make the target fetch from the scanner (a JWT jku key set or x5u certificate); loopback targets need none. A setting of the process that runs the scan, never of a scan request",
      )
      .option("--concurrency <n>", "scans this worker runs at once (default 2)", intFlag("--concurrency", 1, 64))
      .option("--host-concurrency <n>", "scans of one target host:port at once, across all workers (default 2)", intFlag("--host-concurrency", 1, 64))
      .option("--host-rps <n>", "requests per second to one target host:port, across all workers (default 100)", intFlag("--host-rps", 1, 10_000))
      .option("--lease <seconds>", "a silent worker's scan is retried elsewhere after this long (default 60)", intFlag("--lease", 3, 3600))
      .option("--grace <seconds>", "on SIGTERM, how long running scans may finish before they are requeued (default 30)", intFlag("--grace", 0, 3600))
      .addHelpText(
        "after",
        `
Servers started with --store postgres://… enqueue POST /api/scans; workers take the jobs (FOR UPDATE SKIP
LOCKED), claim each scan under a lease they renew, and record the result in the same store. A worker that dies
loses its lease and the scan is retried by another; SIGTERM finishes running scans within --grace, then
requeues the rest. Give every server and worker the same RAMPART_SECRET_KEY (or key file): jobs carry the
scan request sealed under it, stored credentials included. Give every worker the same --host-* limits.

Examples:
  RAMPART_SECRET_KEY=$(cat key.hex) rampart worker --store postgres://rampart@db.internal/rampart
  rampart worker --store postgres://rampart@db.internal/rampart --concurrency 8 --host-concurrency 2 --host-rps 50`,
      )
      .action(async (flags: WorkerCommandFlags) => {
        const { runWorker } = await import("../commands/worker.js");
        await runWorker(flags, io);
      });
  },
};
