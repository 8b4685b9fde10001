// The job queue on the PostgreSQL store: pg-boss (FOR UPDATE SKIP LOCKED under the hood) in its own schema
// of the same database. Two queues: scans, and the dead letters of scans whose retries ran out (a worker
// records those as failed, so no scan waits forever in `queued` or `running`).
import PgBoss from "pg-boss";
import { connectError } from "../store/postgres/connect.js";

export const SCAN_QUEUE = "rampart-scan";
export const SCAN_DEAD_QUEUE = "rampart-scan-dead";
export const QUEUE_SCHEMA = "rampart_queue";

export interface QueueSettings {
  /** Attempts after the first when a worker dies or the store fails under a scan (default 3). */
  retryLimit?: number;
  /** Seconds before a retry (default 5). */
  retryDelaySeconds?: number;
  /**
   * The queue's own deadline for a job in `active` state. Workers renew a much shorter lease of their own
   * (see ScanAttempts), so this is only the last resort when every worker is gone (default 4 h; max < 24 h).
   */
  expireInSeconds?: number;
  /** Connections of pg-boss in this process (default 4). */
  max?: number;
  /** How often this process runs the queue's maintenance (expiry, archiving), in seconds (default 30). */
  maintenanceIntervalSeconds?: number;
  /** Completed jobs are kept this many days, then archived and deleted (default 7). */
  retentionDays?: number;
  /** Errors of the queue's own background work (connection lost and retried, maintenance failures). */
  onError?: (e: Error) => void;
}

export interface OpenedQueue {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** Starts pg-boss on the store's database (creating or upgrading its schema once, whoever starts first). */
export async function openQueue(url: string, s: QueueSettings = {}): Promise<OpenedQueue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: s.max ?? 4,
    application_name: "rampart-queue",
    maintenanceIntervalSeconds: s.maintenanceIntervalSeconds ?? 30,
    // Monitors have their own scheduler: pg-boss cron is not used.
    schedule: false,
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: s.retentionDays ?? 7,
  });
  // Without a listener an 'error' event would end the process; a dropped connection is retried by the pool.
  boss.on("error", (e: Error) => s.onError?.(e));
  try {
    await boss.start();
    await boss.createQueue(SCAN_DEAD_QUEUE, { name: SCAN_DEAD_QUEUE, retryLimit: 5, retryDelay: 5, expireInSeconds: 300 });
    await boss.createQueue(SCAN_QUEUE, {
      name: SCAN_QUEUE,
      retryLimit: s.retryLimit ?? 3,
      retryDelay: s.retryDelaySeconds ?? 5,
      retryBackoff: true,
      expireInSeconds: s.expireInSeconds ?? 4 * 3600,
      deadLetter: SCAN_DEAD_QUEUE,
    });
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
    throw connectError(url, e);
  }
  return {
    boss,
    stop: () => boss.stop({ graceful: false, wait: true, timeout: 5_000 }),
  };
}

/** The first wait of a job whose host is full, doubled at each further deferral up to DEFER_CAP_S. */
export const DEFER_BASE_S = 2;
export const DEFER_CAP_S = 20;

/**
 * Seconds before a job deferred `previous` times before is fetched again: 2, 4, 8, 16, then 20, each plus up to
 * half again at random (so jobs of one host spread out instead of coming back together). The growth makes a
 * long wait behind a busy host cost a few fetches instead of one every 3 s; the cap bounds how long a free
 * slot of the host can stay unused and how far a long-waiting job can fall behind newer ones.
 */
export function deferDelaySeconds(previous: number, random: () => number = Math.random): number {
  const base = Math.min(DEFER_CAP_S, DEFER_BASE_S * 2 ** Math.min(Math.max(0, previous), 10));
  return base + Math.round(random() * (base / 2) * 10) / 10;
}

/**
 * Puts an active job back to `created`, to be fetched again in `seconds`: the same row, its retries untouched
 * (pg-boss counts a retry only when a job that had started is fetched again; started_on is cleared), and
 * `deferrals` in its data counted up (the next wait grows with it; the bench reads it). pg-boss has no call
 * for this, so it is one UPDATE on its job table (schema of pg-boss 10, pinned in package.json).
 * False when the job is no longer active (expired or failed by the queue meanwhile).
 */
export async function deferJob(boss: PgBoss, queue: string, jobId: string, seconds: number): Promise<boolean> {
  const { rows } = await boss.getDb().executeSql(
    `WITH deferred AS (
       UPDATE ${QUEUE_SCHEMA}.job SET state = 'created', started_on = NULL, start_after = now() + $3 * interval '1 second',
         data = jsonb_set(data, '{deferrals}', to_jsonb(COALESCE((data->>'deferrals')::int, 0) + 1))
       WHERE name = $1 AND id = $2::uuid AND state = 'active'
       RETURNING 1
     ) SELECT COUNT(*)::int AS n FROM deferred`,
    [queue, jobId, seconds],
  );
  return Number((rows[0] as { n?: number } | undefined)?.n ?? 0) === 1;
}

/**
 * Active scan jobs whose worker is gone without a live attempt to show for it: it died after fetching the job
 * but before claiming the scan, or after ending the attempt but before completing the job. No lease would
 * bring them back (only pg-boss's expiry, hours later), so the sweeper fails them after `staleMs`: the retry
 * claims the scan again, or finds it recorded and completes at once.
 */
export async function strandedJobs(boss: PgBoss, staleMs: number): Promise<string[]> {
  const { rows } = await boss.getDb().executeSql(
    `SELECT j.id::text AS id FROM ${QUEUE_SCHEMA}.job j
     WHERE j.name = $1 AND j.state = 'active' AND j.started_on < now() - $2 * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM scan_attempts a WHERE a.job_id = j.id::text
                       AND (a.ended_at IS NULL OR a.ended_at > now() - $2 * interval '1 millisecond'))
     LIMIT 50`,
    [SCAN_QUEUE, staleMs],
  );
  return (rows as { id: string }[]).map((r) => r.id);
}
