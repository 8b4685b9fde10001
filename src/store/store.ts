// The embedded scan store: one SQLite file, WAL so concurrent scans (CLI, MCP, CI) can write at once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { InputError, oneLine } from "../core/errors.js";
import type { Finding, Grade, ScanReport, Severity } from "../core/types.js";
import type { RampartEvent } from "../monitor/events.js";
import { appendEvents } from "./events.js";
import { migrate } from "./migrations.js";
import { defaultDbPath } from "./paths.js";
import { scrubSecrets } from "./redact.js";
import { beginValues, completedValues, likePrefix, pickFinding, SUMMARY_COLUMNS, toStored, toSummary, type ScanRow } from "./scan-rows.js";
import { targetKey } from "./target.js";
import { enableWal } from "./wal.js";

export const SCAN_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
/** queued and running are live; the others are final. The CLI writes running, then completed or failed. */
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export interface ScanSummary {
  id: string;
  target: string;
  specUrl: string | null;
  status: ScanStatus;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  pid: number | null;
  score: number | null;
  grade: Grade | null;
  findings: Record<Severity, number> & { total: number };
  durationMs: number | null;
  requestsSent: number | null;
}

export interface StoredScan extends ScanSummary {
  options: Record<string, unknown>;
  /** The full report of a completed scan; null while running or after a failure. */
  report: ScanReport | null;
}

export interface OpenStoreOptions {
  /** Database file; defaults to <data dir>/rampart.db (RAMPART_HOME overrides the directory). */
  path?: string;
  env?: Record<string, string | undefined>;
  /** How long a writer waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
}

export interface BeginScanInput {
  /** Omitted: a sortable id is generated. */
  scanId?: string;
  target: string;
  specUrl?: string | null;
  /** Raw scan options: stored sanitized; their secrets are remembered in memory to scrub the report. */
  options?: Record<string, unknown>;
  pid?: number;
  startedAt?: string;
  /** The server queues scans before a runner slot is free; the CLI starts them at once (default running). */
  status?: "queued" | "running";
}

export interface ListInput {
  target?: string;
  limit?: number;
  /** Rows to skip (paging), newest first. */
  offset?: number;
  status?: ScanStatus;
}

export interface TargetSummary {
  target: string;
  targetKey: string;
  scans: number;
  latest: ScanSummary;
  /** Completed scans, oldest first (at most `historyLength`). */
  history: { id: string; startedAt: string; score: number; grade: Grade }[];
}

export const INTERRUPTED_MESSAGE = "scan interrupted";

export class ScanStore {
  readonly path: string;
  /** The connection, for sibling tables of the store layer (tokens, triage); same file, same transactions. */
  readonly db: Database.Database;
  /** Secrets of scans begun by this process, to scrub from their reports (never persisted). */
  private readonly secrets = new Map<string, string[]>();

  constructor(db: Database.Database, file: string) {
    this.db = db;
    this.path = file;
  }

  beginScan(input: BeginScanInput): string {
    const { secrets, values } = beginValues(input);
    if (secrets.length > 0) this.secrets.set(values.id, secrets);
    this.db
      .prepare(
        `INSERT INTO scans (id, target, target_key, spec_url, started_at, status, pid, hostname, options_json)
         VALUES (@id, @target, @target_key, @spec_url, @started_at, @status, @pid, @hostname, @options_json)`,
      )
      .run(values);
    return values.id;
  }

  /**
   * Stores a finished report. `beganAs` names the running row when it was begun under another id; `events`
   * go to the outbox in the same transaction, so a run and what it raised commit together.
   */
  completeScan(report: ScanReport, beganAs?: string, events: readonly RampartEvent[] = []): StoredScan {
    const rowId = beganAs ?? report.scanId;
    const values = completedValues(report, [...(this.secrets.get(rowId) ?? []), ...(this.secrets.get(report.scanId) ?? [])]);
    const write = this.db.transaction(() => {
      if (rowId !== values.id) this.db.prepare("DELETE FROM scans WHERE id = ?").run(rowId);
      this.db
        .prepare(
          `INSERT INTO scans (id, target, target_key, spec_url, started_at, finished_at, status, pid, hostname, error,
             score, grade, critical, high, medium, low, info, findings_total, duration_ms, requests_sent, tool_version,
             options_json, report_json)
           VALUES (@id, @target, @target_key, @spec_url, @started_at, @finished_at, 'completed', NULL, NULL, NULL,
             @score, @grade, @critical, @high, @medium, @low, @info, @findings_total, @duration_ms, @requests_sent,
             @tool_version, @options_json, @report_json)
           ON CONFLICT (id) DO UPDATE SET target = excluded.target, target_key = excluded.target_key,
             spec_url = excluded.spec_url, started_at = excluded.started_at, finished_at = excluded.finished_at,
             status = 'completed', error = NULL, score = excluded.score, grade = excluded.grade,
             critical = excluded.critical, high = excluded.high, medium = excluded.medium, low = excluded.low,
             info = excluded.info, findings_total = excluded.findings_total, duration_ms = excluded.duration_ms,
             requests_sent = excluded.requests_sent, tool_version = excluded.tool_version,
             options_json = excluded.options_json, report_json = excluded.report_json`,
        )
        .run(values);
      if (events.length > 0) appendEvents(this.db, events);
    });
    write.immediate();
    this.secrets.delete(rowId);
    this.secrets.delete(values.id);
    const stored = this.get(values.id);
    if (!stored) throw new Error(`scan ${values.id} vanished after it was stored`);
    return stored;
  }

  /** A queued scan got a runner slot: its clock starts now. */
  markRunning(scanId: string): boolean {
    const r = this.db
      .prepare("UPDATE scans SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'")
      .run(new Date().toISOString(), scanId);
    return r.changes === 1;
  }

  /** Marks a queued or running scan failed; a scan that already finished is left as it is. */
  failScan(scanId: string, message: string): void {
    this.finish(scanId, "failed", message);
  }

  /** Marks a queued or running scan cancelled; false when it had already finished. */
  cancelScan(scanId: string, message = "cancelled"): boolean {
    return this.finish(scanId, "cancelled", message);
  }

  private finish(scanId: string, status: "failed" | "cancelled", message: string): boolean {
    const secrets = this.secrets.get(scanId) ?? [];
    const now = new Date().toISOString();
    const r = this.db
      .prepare(
        `UPDATE scans SET status = ?, error = ?, finished_at = ?,
           duration_ms = CAST((julianday(?) - julianday(started_at)) * 86400000 AS INTEGER)
         WHERE id = ? AND status IN ('queued', 'running')`,
      )
      .run(status, scrubSecrets(oneLine(message), secrets), now, now, scanId);
    this.secrets.delete(scanId);
    return r.changes === 1;
  }

  /** By full id or a unique prefix; null when nothing matches. An ambiguous prefix is an InputError. */
  get(idOrPrefix: string): StoredScan | null {
    const wanted = idOrPrefix.trim();
    if (!wanted) return null;
    const exact = this.db.prepare(`SELECT ${SUMMARY_COLUMNS}, report_json FROM scans WHERE id = ?`).get(wanted) as ScanRow | undefined;
    if (exact) return toStored(exact);
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS}, report_json FROM scans WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT 6`)
      .all(likePrefix(wanted)) as ScanRow[];
    if (rows.length === 0) return null;
    if (rows.length > 1) {
      const shown = rows.slice(0, 5).map((r) => r.id).join(", ");
      throw new InputError(`scan id prefix "${wanted}" is ambiguous: it matches ${shown}${rows.length > 5 ? ", …" : ""}`);
    }
    return toStored(rows[0] as ScanRow);
  }

  /** Newest first. */
  list(input: ListInput = {}): ScanSummary[] {
    const { where, params } = listFilter(input);
    const limit = Math.max(1, Math.min(input.limit ?? 20, 10_000));
    const offset = Math.max(0, Math.floor(input.offset ?? 0));
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM scans ${where}
                 ORDER BY started_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`;
    return (this.db.prepare(sql).all(...params) as ScanRow[]).map(toSummary);
  }

  /** How many scans match the filter of `list` (for paging). */
  count(input: Omit<ListInput, "limit" | "offset"> = {}): number {
    const { where, params } = listFilter(input);
    const row = this.db.prepare(`SELECT COUNT(*) AS n FROM scans ${where}`).get(...params) as { n: number };
    return row.n;
  }

  /** Every scanned target with its newest scan and the scores of its last completed scans. */
  targets(opts: { historyLength?: number; limit?: number; offset?: number } = {}): TargetSummary[] {
    const latest = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, target_key, n FROM (
           SELECT ${SUMMARY_COLUMNS}, target_key, COUNT(*) OVER (PARTITION BY target_key) AS n,
             ROW_NUMBER() OVER (PARTITION BY target_key ORDER BY started_at DESC, id DESC) AS rn
           FROM scans) WHERE rn = 1 ORDER BY started_at DESC, target_key LIMIT ? OFFSET ?`,
      )
      .all(opts.limit ?? -1, opts.offset ?? 0) as (ScanRow & { target_key: string; n: number })[];
    if (latest.length === 0) return [];
    // Score history for the targets of this page only.
    const keys = latest.map((r) => r.target_key);
    const history = this.db
      .prepare(
        `SELECT id, target_key, started_at, score, grade FROM (
           SELECT id, target_key, started_at, score, grade,
             ROW_NUMBER() OVER (PARTITION BY target_key ORDER BY started_at DESC, id DESC) AS rn
           FROM scans WHERE status = 'completed' AND target_key IN (SELECT value FROM json_each(?)))
         WHERE rn <= ? ORDER BY started_at ASC, id ASC`,
      )
      .all(JSON.stringify(keys), Math.max(1, opts.historyLength ?? 20)) as { id: string; target_key: string; started_at: string; score: number; grade: Grade }[];
    const byKey = new Map<string, TargetSummary["history"]>();
    for (const h of history) {
      const list = byKey.get(h.target_key) ?? [];
      list.push({ id: h.id, startedAt: h.started_at, score: h.score, grade: h.grade });
      byKey.set(h.target_key, list);
    }
    return latest.map((row) => ({
      target: row.target,
      targetKey: row.target_key,
      scans: row.n,
      latest: toSummary(row),
      history: byKey.get(row.target_key) ?? [],
    }));
  }

  /** How many distinct targets have stored scans. */
  targetCount(): number {
    return (this.db.prepare("SELECT COUNT(DISTINCT target_key) AS n FROM scans").get() as { n: number }).n;
  }

  /** The two newest completed scans of a target, newest first (fewer when the history is shorter). */
  latestTwo(target: string): StoredScan[] {
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, report_json FROM scans WHERE target_key = ? AND status = 'completed'
         ORDER BY started_at DESC, id DESC LIMIT 2`,
      )
      .all(targetKey(target)) as ScanRow[];
    return rows.map(toStored);
  }

  /** The newest completed scan holding a finding with this id (or unique id prefix of 4+ characters). */
  findFinding(findingId: string): { scan: StoredScan; finding: Finding } | null {
    const wanted = findingId.trim();
    if (wanted.length < 4) return null;
    const rows = this.db
      .prepare(
        `SELECT ${SUMMARY_COLUMNS}, report_json FROM scans
         WHERE status = 'completed' AND EXISTS (
           SELECT 1 FROM json_each(scans.report_json, '$.findings') AS f
           WHERE json_extract(f.value, '$.id') LIKE ? ESCAPE '\\')
         ORDER BY started_at DESC, id DESC LIMIT 1`,
      )
      .all(likePrefix(wanted)) as ScanRow[];
    const row = rows[0];
    if (!row) return null;
    const scan = toStored(row);
    const { finding, ambiguous } = pickFinding(scan.report?.findings ?? [], wanted);
    if (ambiguous.length > 0) {
      throw new InputError(`finding id prefix "${wanted}" is ambiguous in scan ${scan.id}: ${ambiguous.map((f) => f.id).join(", ")}`);
    }
    return finding ? { scan, finding } : null;
  }

  /** Marks running rows of this machine whose process is gone as failed; returns their ids. */
  reapInterrupted(isAlive: (pid: number) => boolean = pidAlive): string[] {
    const reap = this.db.transaction(() => {
      const rows = this.db
        .prepare("SELECT id, pid FROM scans WHERE status IN ('queued', 'running') AND hostname = ?")
        .all(os.hostname()) as { id: string; pid: number | null }[];
      const dead = rows.filter((r) => r.pid === null || !isAlive(r.pid)).map((r) => r.id);
      const now = new Date().toISOString();
      const mark = this.db.prepare(
        `UPDATE scans SET status = 'failed', error = ?, finished_at = ?,
           duration_ms = CAST((julianday(?) - julianday(started_at)) * 86400000 AS INTEGER)
         WHERE id = ? AND status IN ('queued', 'running')`,
      );
      for (const id of dead) mark.run(INTERRUPTED_MESSAGE, now, now, id);
      return dead;
    });
    return reap.immediate();
  }

  integrityCheck(): string {
    return String(this.db.pragma("integrity_check", { simple: true }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating if needed) the scan database, migrates it and reaps scans whose process died. */
export function openStore(opts: OpenStoreOptions = {}): ScanStore {
  const file = opts.path ?? defaultDbPath(opts.env ? { env: opts.env } : {});
  try {
    // Scan results describe weaknesses: keep them private to the user.
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new InputError(`cannot create the data directory ${path.dirname(file)}: ${oneLine(e)}`);
  }
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new InputError(`cannot open the scan database ${file}: ${oneLine(e)}`);
  }
  try {
    if (process.platform !== "win32") fs.chmodSync(file, 0o600);
    const busyTimeoutMs = opts.busyTimeoutMs ?? 15_000;
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    enableWal(db, busyTimeoutMs);
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    const store = new ScanStore(db, file);
    store.reapInterrupted();
    return store;
  } catch (e) {
    db.close();
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot use the scan database ${file}: ${oneLine(e)}`, { cause: e });
  }
}

export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The WHERE clause (with its parameters) of list() and count(). */
function listFilter(input: Pick<ListInput, "target" | "status">): { where: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (input.target) {
    where.push("target_key = ?");
    params.push(targetKey(input.target));
  }
  if (input.status) {
    where.push("status = ?");
    params.push(input.status);
  }
  return { where: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}
