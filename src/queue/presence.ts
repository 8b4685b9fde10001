// Whether anyone works the queue. Each queue worker (a `rampart worker`, or a server that runs scans) writes a
// heartbeat row in `queue_workers` (schema step 4) every 10 s and removes it when it stops; a worker killed
// with SIGKILL just stops beating. Servers read the rows with the queue's backlog, so a user whose scans wait
// while no worker runs (`serve --no-runner` alone) is told so: a line in serve's log and the scan's `waiting`.
import type pg from "pg";
import { QUEUE_SCHEMA, SCAN_QUEUE } from "./boss.js";

export const HEARTBEAT_MS = 10_000;
/** A worker not seen for this long counts as gone (three missed beats). */
export const WORKER_GONE_MS = 3 * HEARTBEAT_MS;
/** Default of `serve --queue-warning`: how long queued scans may wait with no worker before the log says so. */
export const DEFAULT_QUEUE_WARNING_MS = 60_000;

export const NO_WORKER_NOTE = "waiting for a worker: none is running; start `rampart worker` with this store and secret key";

/** Writes this worker's heartbeat, and forgets workers gone for a day. */
export async function beat(pool: pg.Pool, name: string, concurrency: number): Promise<void> {
  await pool.query(
    `INSERT INTO queue_workers (name, concurrency) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET seen_at = now(), concurrency = excluded.concurrency`,
    [name, concurrency],
  );
  await pool.query("DELETE FROM queue_workers WHERE seen_at < now() - interval '1 day'");
}

export async function leave(pool: pg.Pool, name: string): Promise<void> {
  await pool.query("DELETE FROM queue_workers WHERE name = $1", [name]);
}

export interface Backlog {
  /** Scan jobs due and not taken (new, or waiting for a retry). */
  waiting: number;
  /** How long the oldest of them has been due (ms); null when none waits. */
  oldestWaitMs: number | null;
  /** Workers that beat within WORKER_GONE_MS. */
  liveWorkers: number;
}

export async function readBacklog(pool: pg.Pool): Promise<Backlog> {
  const { rows } = await pool.query<{ waiting: number; oldest: number | null; live: number }>(
    `SELECT
       (SELECT COUNT(*)::int FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state IN ('created', 'retry') AND start_after <= now()) AS waiting,
       (SELECT (EXTRACT(EPOCH FROM now() - MIN(start_after)) * 1000)::float8 FROM ${QUEUE_SCHEMA}.job
         WHERE name = $1 AND state IN ('created', 'retry') AND start_after <= now()) AS oldest,
       (SELECT COUNT(*)::int FROM queue_workers WHERE seen_at > now() - $2 * interval '1 millisecond') AS live`,
    [SCAN_QUEUE, WORKER_GONE_MS],
  );
  const r = rows[0];
  return { waiting: r?.waiting ?? 0, oldestWaitMs: r?.oldest ?? null, liveWorkers: r?.live ?? 0 };
}

export interface BacklogWatchOptions {
  pool: pg.Pool;
  log: (line: string) => void;
  /** Queued scans waiting this long with no live worker are reported (default DEFAULT_QUEUE_WARNING_MS). */
  warnAfterMs?: number;
  /** While it lasts, the report is repeated this often (default 10 min). */
  repeatMs?: number;
}

/**
 * A server's view of the queue: what a queued scan is waiting for (cached briefly, read by the API), and a
 * log line when scans have waited `warnAfterMs` with no worker, repeated every `repeatMs` while it lasts,
 * and one when a worker takes them again.
 */
export class BacklogWatch {
  private timer: NodeJS.Timeout | null = null;
  private cached: { at: number; backlog: Promise<Backlog> } | null = null;
  private warnedAt: number | null = null;
  private readonly warnAfterMs: number;
  private readonly repeatMs: number;

  constructor(private readonly o: BacklogWatchOptions) {
    this.warnAfterMs = o.warnAfterMs ?? DEFAULT_QUEUE_WARNING_MS;
    this.repeatMs = o.repeatMs ?? 10 * 60_000;
  }

  start(): void {
    if (this.timer) return;
    // Looked at a few times per warning period, never more than every 15 s.
    const every = Math.max(500, Math.min(15_000, Math.floor(this.warnAfterMs / 4)));
    this.timer = setInterval(() => void this.check(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The backlog, read at most every 2 s however many API calls ask. */
  backlog(): Promise<Backlog> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > 2_000) {
      const backlog = readBacklog(this.o.pool);
      backlog.catch(() => (this.cached = null));
      this.cached = { at: now, backlog };
    }
    return this.cached.backlog;
  }

  /** Why a queued scan has not started, for the API; null when workers are there (or the queue cannot be read). */
  async waitingNote(): Promise<string | null> {
    try {
      return (await this.backlog()).liveWorkers === 0 ? NO_WORKER_NOTE : null;
    } catch {
      return null;
    }
  }

  async check(): Promise<void> {
    let b: Backlog;
    try {
      b = await this.backlog();
    } catch {
      return; // a database outage is reported by the queue's own error line
    }
    const stuck = b.liveWorkers === 0 && b.waiting > 0 && (b.oldestWaitMs ?? 0) >= this.warnAfterMs;
    const now = Date.now();
    if (stuck && (this.warnedAt === null || now - this.warnedAt >= this.repeatMs)) {
      this.warnedAt = now;
      const waited = Math.round((b.oldestWaitMs ?? 0) / 1000);
      this.o.log(
        `rampart: ${b.waiting} queued scan(s) waiting, the oldest for ${waited} s, and no worker is running: start \`rampart worker\` with this store and secret key`,
      );
    } else if (!stuck && this.warnedAt !== null && b.liveWorkers > 0) {
      this.warnedAt = null;
      this.o.log(`rampart: ${b.liveWorkers} worker(s) running again; queued scans are being taken`);
    }
  }
}
