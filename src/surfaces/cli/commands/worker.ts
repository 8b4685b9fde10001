// `rampart worker`: takes scan jobs from the job queue of a PostgreSQL store and runs them; as many workers
// as wanted, on as many machines, share one database. SIGTERM drains (see src/queue/process.ts).
import { UsageError, oneLine } from "../../../core/errors.js";
import { drainWorker, openProcessQueue, startWorker, type WorkerFlags } from "../../../queue/process.js";
import { ScanRunner } from "../../../server/runner.js";
import { callbackHostSetting } from "../../../http/callback-listener.js";
import { loadSecretKey } from "../../../server/secrets.js";
import { defaultDbPath, openRampartStore, storeLocation } from "../../../store/index.js";
import type { CliIO } from "../command.js";

export interface WorkerCommandFlags extends WorkerFlags {
  store?: string;
  /** `host[:port]` targets can reach this worker at, for the scans it runs (see ScanRunner). */
  callbackHost?: string;
}

export async function runWorker(flags: WorkerCommandFlags, io: CliIO): Promise<void> {
  const callbackHost = callbackHostSetting(flags.callbackHost);
  const where = storeLocation({ store: flags.store, env: io.env });
  if (where.kind !== "postgres") {
    throw new UsageError("rampart worker needs a PostgreSQL store (--store postgres://… or RAMPART_STORE): the job queue lives there");
  }
  // The key that sealed the jobs: a fresh key file here would open nothing, so none is created.
  const key = loadSecretKey({ env: io.env, dbPath: defaultDbPath({ env: io.env }), create: false });
  const log = (line: string): void => io.err(line);
  // Leases of the queue, not process ids, say which scans are dead: nothing is reaped at start.
  const store = await openRampartStore({ store: where.url, env: io.env, postgres: { reap: false, applicationName: "rampart-worker" } });
  let queue;
  try {
    queue = await openProcessQueue(store, where.url, key, log);
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  const runner = new ScanRunner({ store, callbackHost });
  const worker = startWorker(queue, runner, flags, log);
  // Handlers before the ready line (see serve.ts): a SIGTERM sent on reading it must drain, not kill.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGTERM", stop);
      process.off("SIGINT", stop);
      io.err(`rampart worker: ${signal}: taking no new jobs`);
      drainWorker(worker, flags, log)
        .catch((e: unknown) => io.err(`rampart worker: draining: ${oneLine(e)}`))
        .then(() => runner.shutdown(1_000))
        .then(() => queue.stop())
        .catch((e: unknown) => io.err(`rampart worker: stopping the queue: ${oneLine(e)}`))
        .finally(() => {
          store
            .close()
            .catch(() => undefined)
            .finally(resolve);
        });
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  io.out(`Rampart worker taking scan jobs from ${store.location} (concurrency ${flags.concurrency ?? 2}, key ${key.id})`);
  await stopped;
}
