// A queue worker: takes scan jobs from the PostgreSQL queue (as many at once as its concurrency), claims each
// scan's next attempt under a lease it renews, runs it on the server's ScanRunner (same engine, progress and
// recording as in-process scans) and completes the job once the end is stored. Jobs of dead workers come back
// when their lease lapses; a draining worker finishes what it can within its grace period and requeues the
// rest; database outages are waited out with backoff.
import os from "node:os";
import type pg from "pg";
import type PgBoss from "pg-boss";
import { oneLine } from "../core/errors.js";
import { DEFAULTS, type ScanOptions } from "../engine/options.js";
import type { ScanRunner } from "../server/runner.js";
import type { SecretKey } from "../server/secrets.js";
import type { RampartStore } from "../store/contract.js";
import type { ScanAttempts } from "../store/scan-attempts.js";
import { deferDelaySeconds, deferJob, SCAN_DEAD_QUEUE, SCAN_QUEUE, strandedJobs } from "./boss.js";
import { failQueuedRun, recordQueuedRun } from "./monitor-runs.js";
import { beat, HEARTBEAT_MS, leave } from "./presence.js";
import { isTransient, withRetry } from "./retry.js";
import { isScanJobData, openScanJob, sealScanJob, type ScanJobData } from "./scan-job.js";

export interface HostLimits {
  /** Scans of one host:port running at once, across all workers. */
  concurrency: number;
  /** Requests per second to one host:port, across all workers: each scan gets rps / concurrency. */
  rps: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = { concurrency: 2, rps: 100 };
export const DEFAULT_LEASE_MS = 60_000;

export interface QueueWorkerOptions {
  boss: PgBoss;
  attempts: ScanAttempts;
  runner: ScanRunner;
  store: RampartStore;
  key: SecretKey;
  /** Scans this process runs at once (default 2). */
  concurrency?: number;
  /** A silent worker's scans are handed over after this long (default 60 s); renewed every third of it. */
  leaseMs?: number;
  /** Pause between empty fetches (default 1 s). */
  pollMs?: number;
  hostLimits?: HostLimits;
  log?: (line: string) => void;
  /** The store's pool: the worker's heartbeat goes there (src/queue/presence.ts). */
  pool?: pg.Pool;
}


/** The rate one scan of a host may use so that `concurrency` of them together stay within `rps`. */
export function rateShare(limits: HostLimits, asked: number | undefined): number {
  const share = Math.max(1, Math.floor(limits.rps / Math.max(1, limits.concurrency)));
  return Math.min(asked ?? DEFAULTS.rate, share);
}

export class QueueWorker {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly limits: HostLimits;
  private readonly log: (line: string) => void;
  private readonly name = `${os.hostname()}:${process.pid}`;
  /** Jobs being handled, by job id, with the scan each is for. */
  private readonly inflight = new Map<string, { scanId: string; run: Promise<void> }>();
  /** Scans handed back to the queue by drain(): their jobs are failed (retried), not completed. */
  private readonly handingOver = new Set<string>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private heart: NodeJS.Timeout | null = null;
  private outage = false;

  constructor(private readonly o: QueueWorkerOptions) {
    this.concurrency = Math.max(1, o.concurrency ?? 2);
    this.leaseMs = Math.max(3_000, o.leaseMs ?? DEFAULT_LEASE_MS);
    this.pollMs = Math.max(500, o.pollMs ?? 1_000);
    this.limits = o.hostLimits ?? DEFAULT_HOST_LIMITS;
    this.log = o.log ?? (() => undefined);
  }

  get running(): number {
    return this.inflight.size;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.fetchLoop();
    // Lapsed leases (dead workers) and dead letters are looked after by every worker: each lapsed attempt
    // is taken by exactly one of them (an UPDATE … RETURNING), so the work is not doubled.
    this.sweeper = setInterval(() => void this.sweep(), Math.max(1_000, Math.floor(this.leaseMs / 2)));
    this.sweeper.unref();
    const pool = this.o.pool;
    if (pool) {
      // Servers tell users whose scans wait whether any worker is there; a missed beat (database away) is harmless.
      const heartbeat = (): void => void beat(pool, this.name, this.concurrency).catch(() => undefined);
      heartbeat();
      this.heart = setInterval(heartbeat, HEARTBEAT_MS);
      this.heart.unref();
    }
  }

  /**
   * Stops taking jobs; scans still running after `graceMs` are stopped and requeued for another worker.
   * Resolves when every job of this worker is completed or back in the queue.
   */
  async drain(graceMs: number): Promise<{ finished: number; requeued: number }> {
    this.stopping = true;
    this.wakeUp?.();
    if (this.sweeper) clearInterval(this.sweeper);
    await this.loop;
    const before = this.inflight.size;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.runs()), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    const left = [...this.inflight.values()].map((j) => j.scanId);
    for (const id of left) {
      this.handingOver.add(id);
      this.o.runner.release(id);
    }
    await Promise.all(this.runs());
    if (this.heart) clearInterval(this.heart);
    if (this.o.pool) await leave(this.o.pool, this.name).catch(() => undefined);
    return { finished: before - left.length, requeued: left.length };
  }

  private runs(): Promise<void>[] {
    return [...this.inflight.values()].map((j) => j.run);
  }

  private async fetchLoop(): Promise<void> {
    let backoff = 500;
    while (!this.stopping) {
      if (this.inflight.size >= this.concurrency) {
        await this.idle(60_000);
        continue;
      }
      let jobs: PgBoss.Job<unknown>[];
      try {
        jobs = await this.o.boss.fetch<unknown>(SCAN_QUEUE, { batchSize: 1 });
        if (this.outage) this.log("rampart worker: the database is back; taking jobs again");
        this.outage = false;
        backoff = 500;
      } catch (e) {
        if (!this.outage) this.log(`rampart worker: cannot fetch jobs (${oneLine(e)}); retrying with backoff`);
        this.outage = true;
        await this.idle(backoff);
        backoff = Math.min(backoff * 2, 10_000);
        continue;
      }
      const job = jobs[0];
      if (!job) {
        await this.idle(this.pollMs);
        continue;
      }
      const data = job.data;
      const scanId = isScanJobData(data) ? data.scanId : job.id;
      const run = this.handle(job.id, data).catch((e: unknown) => this.log(`rampart worker: job ${job.id}: ${oneLine(e)}`));
      this.inflight.set(job.id, { scanId, run });
      void run.finally(() => {
        this.inflight.delete(job.id);
        this.wakeUp?.();
      });
    }
  }

  /** Sleeps until `ms` pass or something wakes the loop (a slot freed, drain). */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private persist<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, {
      deadlineMs: Math.max(this.leaseMs, 60_000),
      onRetry: (e, n) => {
        if (n === 1) this.log(`rampart worker: store unreachable (${oneLine(e)}); retrying`);
      },
    });
  }

  private async handle(jobId: string, raw: unknown): Promise<void> {
    if (!isScanJobData(raw)) {
      // Not ours or altered: never retried.
      await this.persist(() => this.o.boss.complete(SCAN_QUEUE, jobId, { error: "not a scan job" }));
      return;
    }
    const data = raw;
    let options: ScanOptions;
    try {
      options = openScanJob(this.o.key, data);
    } catch (e) {
      // Sealed under another key (workers and servers must share RAMPART_SECRET_KEY) or altered: say so on the scan.
      const error = `the queued job could not be opened: ${oneLine(e)}`;
      await this.persist(() => this.o.store.scans.fail(data.scanId, error));
      const run = data.monitorRun;
      if (run) await this.persist(() => failQueuedRun(this.o.store, run, data.scanId, error));
      await this.persist(() => this.o.boss.complete(SCAN_QUEUE, jobId, { error: "unsealable" }));
      return;
    }
    const claim = await this.persist(() =>
      this.o.attempts.claim({
        scanId: data.scanId,
        jobId,
        worker: this.name,
        hostKey: data.hostKey,
        leaseMs: this.leaseMs,
        hostConcurrency: this.limits.concurrency,
      }),
    );
    if (claim.kind === "finished" || claim.kind === "missing") {
      // Already recorded (a retry after the end was stored), cancelled, or deleted: nothing to run again. A
      // monitor's run is recorded from the stored scan if its worker died between the two (else a no-op).
      const run = data.monitorRun;
      if (run) await this.persist(() => recordQueuedRun(this.o.store, run, data.scanId, null));
      await this.persist(() => this.o.boss.complete(SCAN_QUEUE, jobId));
      return;
    }
    if (claim.kind === "taken" || claim.kind === "host-busy") {
      await this.defer(jobId, data.deferrals ?? 0);
      return;
    }
    await this.runClaimed(jobId, data, options, claim.attempt);
  }

  /**
   * Puts a job back for later (its host is at its limit): the same job row, re-scheduled after a wait that grows
   * with each deferral (capped), so a long wait behind a busy host neither piles up rows, nor uses up the job's
   * retries, nor keeps the workers and the database busy taking it every few seconds.
   */
  private async defer(jobId: string, previous: number): Promise<void> {
    const seconds = deferDelaySeconds(previous);
    await this.persist(() => deferJob(this.o.boss, SCAN_QUEUE, jobId, seconds));
  }

  private async runClaimed(jobId: string, data: ScanJobData, options: ScanOptions, attempt: number): Promise<void> {
    const { attempts, runner } = this.o;
    const scanId = data.scanId;
    const beat = setInterval(() => {
      attempts.renew(scanId, attempt, this.leaseMs).then(
        (r) => {
          if (!r.held) runner.release(scanId);
          else if (r.status === "cancelled") runner.cancelledElsewhere(scanId);
        },
        () => undefined, // the database is away: the lease still runs, the next beat tries again
      );
    }, Math.floor(this.leaseMs / 3));
    let result;
    try {
      result = await runner.execute(scanId, { ...options, rate: rateShare(this.limits, options.rate) }, {
        persist: (fn) => this.persist(fn),
        holds: async () => !this.handingOver.has(scanId) && (await attempts.holds(scanId, attempt)),
      });
    } finally {
      clearInterval(beat);
    }
    if (this.handingOver.has(scanId)) {
      // Drained: the scan goes back to queued and the job to the queue (a retry another worker takes).
      await this.persist(() => attempts.requeue(scanId, attempt));
      await this.persist(() => this.o.boss.fail(SCAN_QUEUE, jobId, { requeued: "the worker stopped" }));
      this.handingOver.delete(scanId);
      return;
    }
    if (result.outcome === "released") return; // the lease lapsed and another worker has the job now
    if (!result.recorded) return; // the store stayed away: the lease lapses and the job is retried
    // A monitor's run and its events, before the attempt ends: a worker dying in between leaves a live
    // attempt, whose lapse retries the job, and the retry records the run from the stored scan.
    const run = data.monitorRun;
    if (run) await this.persist(() => recordQueuedRun(this.o.store, run, scanId, result.end));
    await this.persist(() => attempts.end(scanId, attempt, result.outcome as "completed" | "failed" | "cancelled"));
    await this.persist(() => this.o.boss.complete(SCAN_QUEUE, jobId, { outcome: result.outcome }));
  }

  /** Hands lapsed attempts and stranded jobs back to the queue and records scans whose retries ran out as failed. */
  private async sweep(): Promise<void> {
    if (this.stopping) return;
    try {
      for (const lapsed of await this.o.attempts.reapLapsed()) {
        this.log(`rampart worker: scan ${lapsed.scanId}: its worker stopped renewing its lease; the job is retried`);
        await this.o.boss.fail(SCAN_QUEUE, lapsed.jobId, { error: "lease lapsed: the worker stopped" });
      }
      // Two leases (at least a minute) leave room for a worker between fetch and claim, or between ending the
      // attempt and completing the job, even across a short database outage; a retry of a live job is harmless.
      for (const jobId of await strandedJobs(this.o.boss, Math.max(2 * this.leaseMs, 60_000))) {
        this.log(`rampart worker: job ${jobId}: its worker stopped without completing it; the job is retried`);
        await this.o.boss.fail(SCAN_QUEUE, jobId, { error: "the worker stopped without completing the job" });
      }
      const dead = await this.o.boss.fetch<unknown>(SCAN_DEAD_QUEUE, { batchSize: 10 });
      for (const job of dead) {
        if (isScanJobData(job.data)) {
          const error = "gave up: the scan's workers stopped or failed on every attempt";
          await this.o.store.scans.fail(job.data.scanId, error);
          if (job.data.monitorRun) await failQueuedRun(this.o.store, job.data.monitorRun, job.data.scanId, error);
        }
        await this.o.boss.complete(SCAN_DEAD_QUEUE, job.id);
      }
    } catch (e) {
      if (!isTransient(e)) this.log(`rampart worker: sweeping leases: ${oneLine(e)}`);
    }
  }
}

/** Enqueues submitted scans (the server's ScanRunner dispatch): the options sealed, the job sent. */
export function queueDispatch(boss: PgBoss, key: SecretKey): { enqueue(scanId: string, options: ScanOptions): Promise<void> } {
  return {
    async enqueue(scanId, options) {
      const id = await boss.send(SCAN_QUEUE, sealScanJob(key, scanId, options));
      if (!id) throw new Error("the job queue refused the scan");
    },
  };
}
