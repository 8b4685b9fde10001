// Monitor rows (migration 5): a target rescanned on a schedule, and one row per run with the change summary
// it produced. Plain SQL over one connection so another store backend can mirror it table for table.
import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { ScanRequestSettings } from "../core/scan-request.js";
import type { Grade } from "../core/types.js";
import type { RampartEvent } from "../monitor/events.js";
import { appendEvents } from "./events.js";
import { targetKey } from "./target.js";

/** `{"every": "6h"}` or `{"cron": "0 *\/6 * * *"}`, as the API takes it (validated in src/monitor/schedule.ts). */
export type MonitorSchedule = { every: string } | { cron: string };

/** Scan settings a monitor runs with: those of a scan request (identities by name, never credentials). */
export type MonitorSettings = ScanRequestSettings;

export interface MonitorRecord {
  id: string;
  name: string | null;
  target: string;
  specUrl: string | null;
  settings: MonitorSettings;
  schedule: MonitorSchedule;
  paused: boolean;
  /** When the scheduler starts the next run (jitter included); null while paused. */
  nextRunAt: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

export const RUN_STATUSES = ["running", "completed", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface MonitorRun {
  id: number;
  monitorId: string;
  scanId: string | null;
  scheduledFor: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  /** False when the target could not be reached; null while running. */
  reachable: boolean | null;
  score: number | null;
  grade: Grade | null;
  error: string | null;
  /** Events this run appended to the outbox. */
  events: number;
  /** What changed since the previous completed run (src/monitor/changes.ts), null while running or on failure. */
  changes: Record<string, unknown> | null;
}

export interface NewMonitor {
  name?: string | null;
  target: string;
  specUrl?: string | null;
  settings?: MonitorSettings;
  schedule: MonitorSchedule;
  paused?: boolean;
  nextRunAt: string | null;
  createdBy?: string | null;
}

export interface MonitorPatch {
  name?: string | null;
  target?: string;
  specUrl?: string | null;
  settings?: MonitorSettings;
  schedule?: MonitorSchedule;
  paused?: boolean;
  nextRunAt?: string | null;
}

export interface RunOutcome {
  status: Exclude<RunStatus, "running">;
  scanId?: string | null;
  /** Null when the run ended before learning it (cancelled, interrupted). */
  reachable: boolean | null;
  score?: number | null;
  grade?: Grade | null;
  error?: string | null;
  events?: number;
  changes?: Record<string, unknown> | null;
}

export interface MonitorRow {
  id: string;
  name: string | null;
  target: string;
  spec_url: string | null;
  options_json: string;
  schedule_json: string;
  paused: number;
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
}

export interface RunRow {
  id: number;
  monitor_id: string;
  scan_id: string | null;
  scheduled_for: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  reachable: number | null;
  score: number | null;
  grade: string | null;
  error: string | null;
  events: number;
  changes_json: string | null;
}

export const MONITOR_INTERRUPTED = "interrupted: the server stopped during the run";

export function newMonitorId(): string {
  return `mon_${randomBytes(8).toString("hex")}`;
}

/** The columns a patch changes and their values, for both backends (a boolean stays a boolean here). */
export function monitorPatchColumns(patch: MonitorPatch, now: Date): [column: string, value: unknown][] {
  const columns: [string, unknown][] = [];
  if (patch.name !== undefined) columns.push(["name", patch.name]);
  if (patch.target !== undefined) columns.push(["target", patch.target], ["target_key", targetKey(patch.target)]);
  if (patch.specUrl !== undefined) columns.push(["spec_url", patch.specUrl]);
  if (patch.settings !== undefined) columns.push(["options_json", JSON.stringify(patch.settings)]);
  if (patch.schedule !== undefined) columns.push(["schedule_json", JSON.stringify(patch.schedule)]);
  if (patch.paused !== undefined) columns.push(["paused", patch.paused]);
  if (patch.nextRunAt !== undefined) columns.push(["next_run_at", patch.nextRunAt]);
  columns.push(["updated_at", now.toISOString()]);
  return columns;
}

export function toMonitor(r: MonitorRow): MonitorRecord {
  return {
    id: r.id,
    name: r.name,
    target: r.target,
    specUrl: r.spec_url,
    settings: JSON.parse(r.options_json) as MonitorSettings,
    schedule: JSON.parse(r.schedule_json) as MonitorSchedule,
    paused: r.paused === 1,
    nextRunAt: r.next_run_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by,
  };
}

export function toRun(r: RunRow): MonitorRun {
  return {
    id: r.id,
    monitorId: r.monitor_id,
    scanId: r.scan_id,
    scheduledFor: r.scheduled_for,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    reachable: r.reachable === null ? null : r.reachable === 1,
    score: r.score,
    grade: (r.grade as Grade | null) ?? null,
    error: r.error,
    events: r.events,
    changes: r.changes_json ? (JSON.parse(r.changes_json) as Record<string, unknown>) : null,
  };
}

export const RUN_COLUMNS = "id, monitor_id, scan_id, scheduled_for, started_at, finished_at, status, reachable, score, grade, error, events, changes_json";

export class MonitorTable {
  constructor(readonly db: Database.Database) {}

  insert(input: NewMonitor, now = new Date()): MonitorRecord {
    const id = newMonitorId();
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO monitors (id, name, target, target_key, spec_url, options_json, schedule_json, paused, next_run_at,
           created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.name ?? null,
        input.target,
        targetKey(input.target),
        input.specUrl ?? null,
        JSON.stringify(input.settings ?? {}),
        JSON.stringify(input.schedule),
        input.paused ? 1 : 0,
        input.nextRunAt,
        at,
        at,
        input.createdBy ?? null,
      );
    return this.get(id) as MonitorRecord;
  }

  get(id: string): MonitorRecord | null {
    const row = this.db.prepare("SELECT * FROM monitors WHERE id = ?").get(id.trim()) as MonitorRow | undefined;
    return row ? toMonitor(row) : null;
  }

  /** Oldest first, so a list reads in the order monitors were added. */
  list(page: { limit?: number; offset?: number } = {}): MonitorRecord[] {
    const rows = this.db.prepare("SELECT * FROM monitors ORDER BY created_at, id LIMIT ? OFFSET ?").all(page.limit ?? -1, page.offset ?? 0) as MonitorRow[];
    return rows.map(toMonitor);
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM monitors").get() as { n: number }).n;
  }

  update(id: string, patch: MonitorPatch, now = new Date()): MonitorRecord | null {
    const columns = monitorPatchColumns(patch, now).map(([column, value]) => [column, typeof value === "boolean" ? Number(value) : value] as const);
    const sets = columns.map(([column]) => `${column} = ?`);
    const r = this.db.prepare(`UPDATE monitors SET ${sets.join(", ")} WHERE id = ?`).run(...columns.map(([, value]) => value), id.trim());
    return r.changes === 1 ? this.get(id) : null;
  }

  /** Deletes the monitor and its runs; its events stay in the outbox (they may still be delivered). */
  remove(id: string): MonitorRecord | null {
    const found = this.get(id);
    if (!found) return null;
    this.db.prepare("DELETE FROM monitors WHERE id = ?").run(found.id);
    return found;
  }

  /** Monitors not paused whose next run is at or before `now`, the most overdue first. */
  due(now = new Date()): MonitorRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM monitors WHERE paused = 0 AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, id")
        .all(now.toISOString()) as MonitorRow[]
    ).map(toMonitor);
  }

  setNextRun(id: string, at: string | null): void {
    this.db.prepare("UPDATE monitors SET next_run_at = ? WHERE id = ?").run(at, id);
  }

  /** Moves a due monitor on to `next` if its next run is still `due`; false when someone else did. */
  claimSlot(id: string, due: string, next: string): boolean {
    return this.db.prepare("UPDATE monitors SET next_run_at = ? WHERE id = ? AND next_run_at = ? AND paused = 0").run(next, id, due).changes === 1;
  }

  startRun(monitorId: string, scheduledFor: string, scanId: string | null, now = new Date()): number {
    const r = this.db
      .prepare("INSERT INTO monitor_runs (monitor_id, scan_id, scheduled_for, started_at, status) VALUES (?, ?, ?, ?, 'running')")
      .run(monitorId, scanId, scheduledFor, now.toISOString());
    return Number(r.lastInsertRowid);
  }

  attachScan(runId: number, scanId: string): void {
    this.db.prepare("UPDATE monitor_runs SET scan_id = ? WHERE id = ?").run(scanId, runId);
  }

  /**
   * Records the end of a run and appends its events in the same transaction; false (nothing appended) when
   * the run is gone (its monitor was deleted meanwhile) or already ended.
   */
  finishRun(runId: number, outcome: RunOutcome, events: readonly RampartEvent[] = [], now = new Date()): boolean {
    return this.db.transaction(() => {
      const finished = this.finishRunRow(runId, outcome, events, now);
      if (finished && events.length > 0) appendEvents(this.db, events);
      return finished;
    })();
  }

  private finishRunRow(runId: number, outcome: RunOutcome, events: readonly RampartEvent[], now: Date): boolean {
    const r = this.db
      .prepare(
        `UPDATE monitor_runs SET status = ?, scan_id = COALESCE(?, scan_id), finished_at = ?, reachable = ?, score = ?, grade = ?,
           error = ?, events = ?, changes_json = ? WHERE id = ? AND status = 'running'`,
      )
      .run(
        outcome.status,
        outcome.scanId ?? null,
        now.toISOString(),
        outcome.reachable === null ? null : outcome.reachable ? 1 : 0,
        outcome.score ?? null,
        outcome.grade ?? null,
        outcome.error ?? null,
        outcome.events ?? events.length,
        outcome.changes ? JSON.stringify(outcome.changes) : null,
        runId,
      );
    return r.changes === 1;
  }

  getRun(runId: number): MonitorRun | null {
    const row = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE id = ?`).get(runId) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  /** Newest first. */
  runs(monitorId: string, limit = 20): MonitorRun[] {
    const rows = this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE monitor_id = ? ORDER BY id DESC LIMIT ?`)
      .all(monitorId, Math.max(1, Math.min(limit, 1000))) as RunRow[];
    return rows.map(toRun);
  }

  /** The newest run of each monitor (for lists). */
  latestRuns(): Map<string, MonitorRun> {
    const rows = this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE id IN (SELECT MAX(id) FROM monitor_runs GROUP BY monitor_id)`)
      .all() as RunRow[];
    return new Map(rows.map((r) => [r.monitor_id, toRun(r)]));
  }

  /** The newest run before `runId` that learned whether the target answers: reachability is compared with it. */
  previousFinished(monitorId: string, runId: number): MonitorRun | null {
    const row = this.db
      .prepare(
        `SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE monitor_id = ? AND id < ? AND reachable IS NOT NULL
         ORDER BY id DESC LIMIT 1`,
      )
      .get(monitorId, runId) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  /** The newest completed run before `runId`: findings, grades and certificates are compared with it. */
  previousCompleted(monitorId: string, runId: number): MonitorRun | null {
    const row = this.db
      .prepare(`SELECT ${RUN_COLUMNS} FROM monitor_runs WHERE monitor_id = ? AND id < ? AND status = 'completed' ORDER BY id DESC LIMIT 1`)
      .get(monitorId, runId) as RunRow | undefined;
    return row ? toRun(row) : null;
  }

  /** Runs a crashed server left running: failed, so they never count as the previous run. Returns how many. */
  failInterrupted(now = new Date()): number {
    return this.db
      .prepare("UPDATE monitor_runs SET status = 'failed', error = ?, finished_at = ? WHERE status = 'running'")
      .run(MONITOR_INTERRUPTED, now.toISOString()).changes;
  }
}
