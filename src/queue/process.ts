// What `rampart serve` (on PostgreSQL) and `rampart worker` share: the queue opened on the store's database,
// the host limits and lease from their flags, one log line per database outage, and a draining stop.
import { oneLine } from "../core/errors.js";
import type { ScanRunner } from "../server/runner.js";
import type { SecretKey } from "../server/secrets.js";
import type { RampartStore } from "../store/contract.js";
import { isTransient } from "./retry.js";
import { DEFAULT_HOST_LIMITS, DEFAULT_LEASE_MS, type HostLimits, type QueueWorker } from "./worker.js";
import { openScanQueue, type ScanQueue } from "./index.js";

export interface WorkerFlags {
  /** Scans this process runs at once. */
  concurrency?: number;
  /** --lease in seconds. */
  lease?: number;
  /** --grace in seconds: how long SIGTERM waits for running scans before requeueing them. */
  grace?: number;
  hostConcurrency?: number;
  hostRps?: number;
}

export const DEFAULT_GRACE_S = 30;

export function hostLimitsOf(flags: WorkerFlags): HostLimits {
  return { concurrency: flags.hostConcurrency ?? DEFAULT_HOST_LIMITS.concurrency, rps: flags.hostRps ?? DEFAULT_HOST_LIMITS.rps };
}

/** Opens the queue; background errors of pg-boss are logged at most once every 30 s (a restart is one line). */
export async function openProcessQueue(store: RampartStore, url: string, key: SecretKey, log: (line: string) => void): Promise<ScanQueue> {
  let lastLog = 0;
  return openScanQueue(store, url, key, {
    onError: (e) => {
      if (Date.now() - lastLog < 30_000) return;
      lastLog = Date.now();
      log(`rampart: job queue: ${isTransient(e) ? "database unreachable, retrying" : oneLine(e)}`);
    },
  });
}

export function startWorker(queue: ScanQueue, runner: ScanRunner, flags: WorkerFlags, log: (line: string) => void): QueueWorker {
  const worker = queue.worker(runner, {
    concurrency: flags.concurrency ?? 2,
    leaseMs: (flags.lease ?? DEFAULT_LEASE_MS / 1000) * 1000,
    hostLimits: hostLimitsOf(flags),
    log,
  });
  worker.start();
  return worker;
}

/** SIGTERM/SIGINT: no new jobs, running scans get the grace period, the rest go back to the queue. */
export async function drainWorker(worker: QueueWorker, flags: WorkerFlags, log: (line: string) => void): Promise<void> {
  const grace = flags.grace ?? DEFAULT_GRACE_S;
  if (worker.running > 0) log(`rampart: finishing ${worker.running} running scan(s) for up to ${grace} s, then requeueing the rest`);
  const r = await worker.drain(grace * 1000);
  if (r.finished + r.requeued > 0) log(`rampart: ${r.finished} scan(s) finished, ${r.requeued} requeued for another worker`);
}
