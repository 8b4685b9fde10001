// The job queue of a PostgreSQL store, opened once per process: the dispatch that servers enqueue through,
// the attempts table that fences workers, and workers that take scan jobs.
import { InputError } from "../core/errors.js";
import type { ScanDispatch, ScanRunner } from "../server/runner.js";
import type { SecretKey } from "../server/secrets.js";
import type { RampartStore } from "../store/contract.js";
import { PgBackend } from "../store/postgres/backend.js";
import { ScanAttempts } from "../store/scan-attempts.js";
import { openQueue, type QueueSettings } from "./boss.js";
import { QueuedMonitorRuns } from "./monitor-runs.js";
import { BacklogWatch } from "./presence.js";
import { queueDispatch, QueueWorker, type QueueWorkerOptions } from "./worker.js";
import type PgBoss from "pg-boss";

export { SCAN_DEAD_QUEUE, SCAN_QUEUE, QUEUE_SCHEMA } from "./boss.js";
export { DEFAULT_HOST_LIMITS, DEFAULT_LEASE_MS, QueueWorker, rateShare, type HostLimits } from "./worker.js";
export { hostKeyOf, openScanJob, sealScanJob, type MonitorRunRef, type ScanJobData } from "./scan-job.js";
export { QueuedMonitorRuns } from "./monitor-runs.js";
export { BacklogWatch, DEFAULT_QUEUE_WARNING_MS, NO_WORKER_NOTE, readBacklog } from "./presence.js";

export interface ScanQueue {
  boss: PgBoss;
  attempts: ScanAttempts;
  dispatch: ScanDispatch;
  /** Where the server's scheduler fires monitor runs: the slot claimed and the run enqueued in one step. */
  monitorRuns: QueuedMonitorRuns;
  /** A worker on `runner` (the server's own, or a `rampart worker`'s); call start() on it. */
  worker(runner: ScanRunner, opts?: Omit<QueueWorkerOptions, "boss" | "attempts" | "runner" | "store" | "key" | "pool">): QueueWorker;
  /** The backlog as a server sees it: whether queued scans have a worker (serve's log line, a scan's `waiting`). */
  watch(log: (line: string) => void, warnAfterMs?: number): BacklogWatch;
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
    monitorRuns: new QueuedMonitorRuns(store, boss, key),
    worker: (runner, opts = {}) => new QueueWorker({ ...opts, boss, attempts, runner, store, key, pool: store.pool }),
    watch: (log, warnAfterMs) => new BacklogWatch({ pool: store.pool, log, ...(warnAfterMs !== undefined ? { warnAfterMs } : {}) }),
    stop,
  };
}
