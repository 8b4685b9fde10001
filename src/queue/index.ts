// The job queue of a PostgreSQL store, opened once per process: the dispatch that servers enqueue through,
// the attempts table that fences workers, and workers that take scan jobs.
import { InputError } from "../core/errors.js";
import type { ScanDispatch, ScanRunner } from "../server/runner.js";
import type { SecretKey } from "../server/secrets.js";
import type { RampartStore } from "../store/contract.js";
import { PgBackend } from "../store/postgres/backend.js";
import { ScanAttempts } from "../store/scan-attempts.js";
import { openQueue, type QueueSettings } from "./boss.js";
import { queueDispatch, QueueWorker, type QueueWorkerOptions } from "./worker.js";
import type PgBoss from "pg-boss";

export { SCAN_DEAD_QUEUE, SCAN_QUEUE, QUEUE_SCHEMA } from "./boss.js";
export { DEFAULT_HOST_LIMITS, DEFAULT_LEASE_MS, QueueWorker, rateShare, type HostLimits } from "./worker.js";
export { hostKeyOf, openScanJob, sealScanJob, type ScanJobData } from "./scan-job.js";

export interface ScanQueue {
  boss: PgBoss;
  attempts: ScanAttempts;
  dispatch: ScanDispatch;
  /** A worker on `runner` (the server's own, or a `rampart worker`'s); call start() on it. */
  worker(runner: ScanRunner, opts?: Omit<QueueWorkerOptions, "boss" | "attempts" | "runner" | "store" | "key">): QueueWorker;
  stop(): Promise<void>;
}

export async function openScanQueue(store: RampartStore, url: string, key: SecretKey, settings: QueueSettings = {}): Promise<ScanQueue> {
  if (!(store instanceof PgBackend)) throw new InputError("the job queue needs a PostgreSQL store (--store postgres://…)");
  const attempts = new ScanAttempts(store.pool);
  const { boss, stop } = await openQueue(url, settings);
  return {
    boss,
    attempts,
    dispatch: queueDispatch(boss, key),
    worker: (runner, opts = {}) => new QueueWorker({ ...opts, boss, attempts, runner, store, key }),
    stop,
  };
}
