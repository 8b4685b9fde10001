// Monitor runs through the job queue (PostgreSQL). The scheduler of any server fires a due slot with fire():
// one transaction locks the monitor's row, checks that the slot is still the one it read (another server may
// have claimed it) and that no run of the monitor is unfinished (an overrunning run delays the next, runs
// never stack), moves the slot on, stores the run and its queued scan and enqueues the job — all or nothing,
// so a slot is fired once however many servers share the database, and a crash leaves no run without a job.
// The job is a scan job that also names its run: the worker that runs the scan records the run and its
// events (recordQueuedRun); a retry after a worker died records it once (finishRun closes only a running run).
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import { MonitorRunRecorder, endOfStoredScan } from "../monitor/run-recorder.js";
import type { FireResult, MonitorRunQueue, QueuedFire } from "../monitor/service.js";
import type { ScanEnd } from "../server/runner.js";
import type { SecretKey } from "../server/secrets.js";
import type { RampartStore } from "../store/contract.js";
import type { PgBackend } from "../store/postgres/backend.js";
import { appendPgEvents, inTransaction } from "../store/postgres/events.js";
import { SCAN_QUEUE } from "./boss.js";
import { sealScanJob, type MonitorRunRef } from "./scan-job.js";

export class QueuedMonitorRuns implements MonitorRunQueue {
  constructor(
    private readonly store: PgBackend,
    private readonly boss: PgBoss,
    private readonly key: SecretKey,
  ) {}

  async fire(input: QueuedFire): Promise<FireResult> {
    const m = input.monitor;
    return inTransaction(this.store.pool, async (c) => {
      const row = await c.query<{ same: boolean | null }>(
        "SELECT NOT paused AND next_run_at = $2::timestamptz AS same FROM monitors WHERE id = $1 FOR UPDATE",
        [m.id, input.due],
      );
      if (!row.rows[0]?.same) return "taken";
      const unfinished = await c.query("SELECT 1 FROM monitor_runs WHERE monitor_id = $1 AND status = 'running' LIMIT 1", [m.id]);
      if (unfinished.rowCount) return "busy";
      await c.query("UPDATE monitors SET next_run_at = $1 WHERE id = $2", [input.next, m.id]);
      const now = new Date().toISOString();
      if (!input.options || input.refusal) {
        const error = input.refusal?.error ?? "the run could not start";
        const events = input.refusal?.events ?? [];
        await c.query(
          `INSERT INTO monitor_runs (monitor_id, scheduled_for, started_at, finished_at, status, error, events)
           VALUES ($1, $2, $3, $3, 'failed', $4, $5)`,
          [m.id, input.due, now, error, events.length],
        );
        await appendPgEvents(c, events);
        return "refused";
      }
      const options = input.options;
      const scanId = await this.store.beginScanIn(c, {
        target: options.target,
        specUrl: options.spec ?? null,
        options: { ...options, requestedBy: input.requestedBy },
        status: "queued",
      });
      const jobId = randomUUID();
      const run = await c.query<{ id: string }>(
        `INSERT INTO monitor_runs (monitor_id, scan_id, scheduled_for, started_at, status, job_id)
         VALUES ($1, $2, $3, $4, 'running', $5) RETURNING id`,
        [m.id, scanId, input.due, now, jobId],
      );
      const monitorRun: MonitorRunRef = { monitorId: m.id, runId: Number(run.rows[0]?.id), slot: input.due, publicUrl: input.publicUrl };
      // The job is inserted on this transaction's connection: it exists exactly when the run does.
      const sent = await this.boss.send(SCAN_QUEUE, { ...sealScanJob(this.key, scanId, options), monitorRun }, {
        id: jobId,
        db: { executeSql: async (text: string, values: unknown[]) => c.query(text, values) },
      });
      if (!sent) throw new Error("the job queue refused the monitor run");
      return "enqueued";
    });
  }
}

/**
 * Records a queued run from its scan's end (`end`), or from the scan's stored row when the end is not at hand
 * (a retried job whose scan was recorded before its worker died). Recording twice changes nothing.
 */
export async function recordQueuedRun(store: RampartStore, ref: MonitorRunRef, scanId: string, end: ScanEnd | null): Promise<void> {
  const m = await store.monitors.get(ref.monitorId);
  if (!m) return; // deleted meanwhile: its runs went with it
  const stored = end ? null : await store.scans.get(scanId);
  const settled = end ?? (stored ? endOfStoredScan(stored) : null);
  if (!settled) {
    await store.monitors.finishRun(ref.runId, { status: "failed", scanId, reachable: null, error: "the run's scan is gone" }, []);
    return;
  }
  await new MonitorRunRecorder({ store, publicUrl: () => ref.publicUrl }).recordEnd(m, ref.runId, new Date(ref.slot), settled);
}

/** A run whose job ran out of retries (its workers kept dying): failed, not the target's doing, no events. */
export async function failQueuedRun(store: RampartStore, ref: MonitorRunRef, scanId: string, error: string): Promise<void> {
  await store.monitors.finishRun(ref.runId, { status: "failed", scanId, reachable: null, error }, []);
}
