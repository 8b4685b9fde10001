// `rampart serve`: the REST API, the dashboard, the target guard and stored identities over the same store
// as the CLI (src/server/assemble.ts puts the parts together).
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { UsageError, oneLine } from "../../../core/errors.js";
import { assembleServer } from "../../../server/assemble.js";
import { parseAllowTargets } from "../../../server/target-guard.js";
import { callbackHostSetting } from "../../../http/callback-listener.js";
import { drainWorker, openProcessQueue, startWorker, type WorkerFlags } from "../../../queue/process.js";
import type { BacklogWatch, ScanQueue } from "../../../queue/index.js";
import type { QueueWorker } from "../../../queue/worker.js";
import { loadSecretKey } from "../../../server/secrets.js";
import { defaultDbPath, openRampartStore, storeLocation } from "../../../store/index.js";
import type { CliIO } from "../command.js";

export interface ServeFlags {
  host: string;
  port?: number;
  store?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  maxScans?: number;
  allowTargets?: string[];
  rateLimit?: number;
  /** --no-runner: API and dashboard only; scans are run by `rampart worker` processes. */
  runner?: boolean;
  /** Milliseconds (parsed by durationFlag). */
  minInterval?: number;
  publicUrl?: string;
  /** --queue-warning in milliseconds: queued scans waiting this long with no worker are reported. */
  queueWarning?: number;
  /** `host[:port]` targets can reach this server at, for the scans it runs (see ScanRunner). */
  callbackHost?: string;
}

const LOOPBACK_NAMES = new Set(["localhost", "ip6-localhost", "::1", "[::1]"]);

export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase();
  if (LOOPBACK_NAMES.has(h)) return true;
  return isIP(h) === 4 && h.startsWith("127.");
}

function readPem(flag: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${file}: ${oneLine(e)}`);
  }
}

export async function runServe(flags: ServeFlags & WorkerFlags, io: CliIO): Promise<void> {
  const host = flags.host.trim();
  if ((flags.tlsCert && !flags.tlsKey) || (!flags.tlsCert && flags.tlsKey)) throw new UsageError("--tls-cert and --tls-key go together");
  const tls = flags.tlsCert && flags.tlsKey ? { cert: readPem("--tls-cert", flags.tlsCert), key: readPem("--tls-key", flags.tlsKey) } : null;
  if (!isLoopback(host) && !tls && !flags.insecureHttp) {
    throw new UsageError(
      `--host ${host} is reachable from other machines: serve over TLS (--tls-cert <pem> --tls-key <pem>) or accept plain HTTP with --insecure-http`,
    );
  }
  const allowTargets = parseAllowTargets(flags.allowTargets ?? []);
  const callbackHost = callbackHostSetting(flags.callbackHost);
  // --store, else RAMPART_STORE, else the embedded file `rampart history` uses.
  const where = storeLocation({ store: flags.store, env: io.env });
  if (flags.runner === false && where.kind !== "postgres") {
    throw new UsageError("--no-runner needs a PostgreSQL store (--store postgres://…): scans then go to its job queue for `rampart worker`");
  }
  // On PostgreSQL the queue's leases say which scans are dead, not this machine's process ids: no reaping.
  const store = await openRampartStore({ store: flags.store, env: io.env, ...(where.kind === "postgres" ? { postgres: { reap: false } } : {}) });
  let app;
  let queue: ScanQueue | null = null;
  let worker: QueueWorker | null = null;
  let watch: BacklogWatch | null = null;
  const log = (line: string): void => io.err(line);
  try {
    // PostgreSQL: POST /api/scans and monitor runs enqueue (jobs sealed under the server key); this server works
    // jobs too unless --no-runner.
    const secretKey = where.kind === "postgres" ? loadSecretKey({ env: io.env, dbPath: defaultDbPath({ env: io.env }) }) : undefined;
    if (where.kind === "postgres" && secretKey) queue = await openProcessQueue(store, where.url, secretKey, log);
    // Scans waiting with no worker at all (--no-runner and none started) are reported, in the log and the API.
    watch = queue ? queue.watch(log, flags.queueWarning) : null;
    const backlog = watch;
    const built = await assembleServer({
      store,
      env: io.env,
      https: tls,
      allowTargets,
      callbackHost,
      log,
      ...(secretKey ? { secretKey } : {}),
      ...(queue ? { dispatch: queue.dispatch, monitorQueue: queue.monitorRuns } : {}),
      ...(backlog ? { queueWaiting: () => backlog.waitingNote() } : {}),
      ...(flags.maxScans ? { maxConcurrentScans: flags.maxScans } : {}),
      monitoring: {
        ...(flags.minInterval !== undefined ? { minIntervalMs: flags.minInterval } : {}),
        ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
      },
      ...(flags.rateLimit !== undefined ? { rateLimit: flags.rateLimit === 0 ? false : { max: flags.rateLimit, windowMs: 60_000 } } : {}),
    });
    app = built.app;
    io.err(`rampart: stored identities are sealed with the key from ${built.keySource} (back it up apart from the database)`);
    if (store.kind === "postgres") io.err(`rampart: store ${store.location} (PostgreSQL)`);
    const boot = await app.rampart.tokens.bootstrap(io.env["RAMPART_ADMIN_TOKEN"]);
    if (boot.created && boot.token) {
      io.out(`Admin token (shown once; store it now, it cannot be shown again): ${boot.token}`);
    } else if (boot.created) {
      io.err("rampart: admin token taken from RAMPART_ADMIN_TOKEN");
    }
    await app.listen({ host, port: flags.port ?? 7878 });
    if (queue && flags.runner !== false) worker = startWorker(queue, app.rampart.runner, { ...flags, concurrency: flags.maxScans ?? 2 }, log);
    watch?.start();
    if (queue) io.err(`rampart: scans go to the job queue; ${worker ? `this server runs up to ${flags.maxScans ?? 2} at once` : "run them with `rampart worker` (--no-runner)"}`);
  } catch (e) {
    watch?.stop();
    await app?.close().catch(() => undefined);
    await queue?.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE") throw new UsageError(`port ${flags.port ?? 7878} on ${host} is in use; pick another with --port (0 picks a free one)`);
    if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") throw new UsageError(`cannot listen on ${host}: no such local address`);
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : flags.port;
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  // Signal handlers go in before the ready line: whoever reads it may send SIGTERM at once, and this process
  // can be preempted between the write and the next statement (seen on a loaded machine).
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      io.err(`rampart: ${signal}: stopping; ${queue ? "queued scans stay in the job queue" : "in-flight scans are recorded as interrupted"}`);
      // The queue worker drains first (running scans finish within --grace or go back to the queue); then
      // close() stops listening, and the runner fails what it still holds and records it.
      watch?.stop();
      (worker ? drainWorker(worker, flags, log) : Promise.resolve())
        .then(() => app.close())
        .then(() => queue?.stop())
        .catch((e: unknown) => io.err(`rampart: shutdown: ${oneLine(e)}`))
        .finally(() => {
          store
            .close()
            .catch((e: unknown) => io.err(`rampart: closing the store: ${oneLine(e)}`))
            .finally(resolve);
        });
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  io.out(`Rampart listening on ${tls ? "https" : "http"}://${shownHost}:${port}`);
  await stopped;
}
