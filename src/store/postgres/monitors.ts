// Monitors and their runs on PostgreSQL (schema step 2): the same rows and rules as src/store/monitors.ts.
// A run's end and the events it raised commit in one transaction, as on SQLite.
import type pg from "pg";
import type { MonitorRepository } from "../contract.js";
import { MONITOR_INTERRUPTED, monitorPatchColumns, newMonitorId, toMonitor, toRun, type MonitorRow, type RunRow } from "../monitors.js";
import { targetKey } from "../target.js";
import { appendPgEvents, inTransaction } from "./events.js";

// Booleans come back as the 0/1 the shared row mappers read.
const MONITOR_COLUMNS =
  "id, name, target, spec_url, options_json, schedule_json, paused::int AS paused, next_run_at, created_at, updated_at, created_by";
const RUN_COLUMNS =
  "id, monitor_id, scan_id, scheduled_for, started_at, finished_at, status, reachable::int AS reachable, score, grade, error, events, changes_json";

/**
 * A run without a scan row after this long, or whose scan has ended, belongs to no live server. Runs enqueued
 * for the workers (job_id set) are closed by their job or its dead letter instead (src/queue/monitor-runs.ts).
 */
const ORPHAN_AFTER_MS = 60_000;

export function pgMonitorRepository(pool: pg.Pool): MonitorRepository {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await pool.query<MonitorRow>(sql, params);
    return rows[0] ? toMonitor(rows[0]) : null;
  };
  const oneRun = async (sql: string, params: unknown[]) => {
    const { rows } = await pool.query<RunRow>(sql, params);
    return rows[0] ? toRun(rows[0]) : null;
  };
  const repo: MonitorRepository = {
    insert: async (input, now = new Date()) => {
      const at = now.toISOString();
      const made = await one(
        `INSERT INTO monitors (id, name, target, target_key, spec_url, options_json, schedule_json, paused, next_run_at,
           created_at, updated_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11)
         RETURNING ${MONITOR_COLUMNS}`,
        [
          newMonitorId(),
          input.name ?? null,
          input.target,
          targetKey(input.target),
          input.specUrl ?? null,
          JSON.stringify(input.settings ?? {}),
          JSON.stringify(input.schedule),
          Boolean(input.paused),
          input.nextRunAt,
          at,
          input.createdBy ?? null,
        ],
      );
      if (!made) throw new Error("monitor insert returned no row");
      return made;
    },
    get: async (id) => one(`SELECT ${MONITOR_COLUMNS} FROM monitors WHERE id = $1`, [id.trim()]),
    list: async (page = {}) =>
      (
        await pool.query<MonitorRow>(`SELECT ${MONITOR_COLUMNS} FROM monitors ORDER BY created_at, id LIMIT $1 OFFSET $2`, [page.limit ?? null, page.offset ?? 0])
      ).rows.map(toMonitor),
    count: async () => Number((await pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM monitors")).rows[0]?.n ?? 0),
    update: async (id, patch, now = new Date()) => {
      const columns = monitorPatchColumns(patch, now);
      const sets = columns.map(([column], i) => `${column} = $${i + 1}`);
      const values = [...columns.map(([, value]) => value), id.trim()];
      return one(`UPDATE monitors SET ${sets.join(", ")} WHERE id = $${values.length} RETURNING ${MONITOR_COLUMNS}`, values);
    },
    remove: async (id) => one(`DELETE FROM monitors WHERE id = $1 RETURNING ${MONITOR_COLUMNS}`, [id.trim()]),
    due: async (now = new Date()) =>
      (
        await pool.query<MonitorRow>(
          `SELECT ${MONITOR_COLUMNS} FROM monitors WHERE NOT paused AND next_run_at IS NOT NULL AND next_run_at <= $1 ORDER BY next_run_at, id`,
          [now.toISOString()],
        )
      ).rows.map(toMonitor),
    setNextRun: async (id, at) => {
      await pool.query("UPDATE monitors SET next_run_at = $1 WHERE id = $2", [at, id]);
    },
    claimSlot: async (id, due, next) =>
      (await pool.query("UPDATE monitors SET next_run_at = $1 WHERE id = $2 AND next_run_at = $3 AND NOT paused", [next, id, due])).rowCount === 1,
    startRun: async (monitorId, scheduledFor, scanId, now = new Date()) => {
      const { rows } = await pool.query<{ id: number }>(
        "INSERT INTO monitor_runs (monitor_id, scan_id, scheduled_for, started_at, status) VALUES ($1, $2, $3, $4, 'running') RETURNING id",
        [monitorId, scanId, scheduledFor, now.toISOString()],
      );
      return Number(rows[0]?.id);
    },
    attachScan: async (runId, scanId) => {
      await pool.query("UPDATE monitor_runs SET scan_id = $1 WHERE id = $2", [scanId, runId]);
    },
    finishRun: async (runId, outcome, events = [], now = new Date()) =>
      inTransaction(pool, async (c) => {
        const r = await c.query(
          `UPDATE monitor_runs SET status = $1, scan_id = COALESCE($2, scan_id), finished_at = $3, reachable = $4, score = $5, grade = $6,
             error = $7, events = $8, changes_json = $9 WHERE id = $10 AND status = 'running'`,
          [
            outcome.status,
            outcome.scanId ?? null,
            now.toISOString(),
            outcome.reachable,
            outcome.score ?? null,
            outcome.grade ?? null,
            outcome.error ?? null,
            outcome.events ?? events.length,
            outcome.changes ? JSON.stringify(outcome.changes) : null,
            runId,
          ],
        );
        if (r.rowCount !== 1) return false;
        await appendPgEvents(c, events);
        return true;
      }),
    getRun: async (runId) => oneRun(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE id = $1`, [runId]),
    runs: async (monitorId, limit = 20) =>
      (
        await pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE monitor_id = $1 ORDER BY id DESC LIMIT $2`, [
          monitorId,
          Math.max(1, Math.min(limit, 1000)),
        ])
      ).rows.map(toRun),
    latestRuns: async () => {
      const { rows } = await pool.query<RunRow>(`SELECT DISTINCT ON (monitor_id) ${RUN_COLUMNS} FROM monitor_runs ORDER BY monitor_id, id DESC`);
      return new Map(rows.map((r) => [r.monitor_id, toRun(r)]));
    },
    previousFinished: async (monitorId, runId) =>
      oneRun(
        `SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE monitor_id = $1 AND id < $2 AND reachable IS NOT NULL ORDER BY id DESC LIMIT 1`,
        [monitorId, runId],
      ),
    previousCompleted: async (monitorId, runId) =>
      oneRun(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE monitor_id = $1 AND id < $2 AND status = 'completed' ORDER BY id DESC LIMIT 1`, [
        monitorId,
        runId,
      ]),
    failInterrupted: async (now = new Date()) => {
      const before = new Date(now.getTime() - ORPHAN_AFTER_MS).toISOString();
      const r = await pool.query(
        `UPDATE monitor_runs r SET status = 'failed', error = $1, finished_at = $2
         WHERE r.status = 'running' AND r.job_id IS NULL AND (
           (r.scan_id IS NULL AND r.started_at < $3)
           OR (r.scan_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM scans s WHERE s.id = r.scan_id AND s.status IN ('queued', 'running'))))`,
        [MONITOR_INTERRUPTED, now.toISOString(), before],
      );
      return r.rowCount ?? 0;
    },
  };
  return repo;
}
