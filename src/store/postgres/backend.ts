// The PostgreSQL backend of the store contract: the same rows and rules as the SQLite backend (shared row
// builders in ../scan-rows.ts), one pool per process, transactions where a write spans statements.
import os from "node:os";
import type pg from "pg";
import { InputError, oneLine } from "../../core/errors.js";
import type { Finding } from "../../core/types.js";
import type { RampartEvent } from "../../monitor/events.js";
import {
  COPY_TABLES,
  type CopyRepository,
  type CopySpec,
  type EventRepository,
  type IdentityRepository,
  type MonitorRepository,
  type RampartStore,
  type ScanRepository,
  type TokenRepository,
  type TriageRepository,
  type WebhookRepository,
} from "../contract.js";
import { copyReadSql, copyWriteSql } from "../copy-sql.js";
import { scrubSecrets } from "../redact.js";
import { identityRecord, TOKEN_COLUMNS, tokenRecord, triageRecord, type IdentityRow, type TokenRow, type TriageRow } from "../rows.js";
import { beginValues, completedValues, likePrefix, pickFinding, SUMMARY_COLUMNS, toStored, toSummary, type ScanRow } from "../scan-rows.js";
import { INTERRUPTED_MESSAGE, pidAlive, type BeginScanInput, type ListInput, type StoredScan, type TargetSummary } from "../store.js";
import { targetKey } from "../target.js";
import { connectError, createPool, redactPgUrl, type PgPoolOptions } from "./connect.js";
import { appendPgEvents, inTransaction, type Queryable } from "./events.js";
import { EVENTS_LOCK_KEY, migratePg, PG_SCHEMA_VERSION } from "./migrations.js";
import { pgMonitorRepository } from "./monitors.js";
import { pgWebhookRepository } from "./webhooks.js";


const SCAN_COLUMNS = `${SUMMARY_COLUMNS}, report_json`;

const FINISH_SQL = `UPDATE scans SET status = $1, error = $2, finished_at = $3,
  duration_ms = (EXTRACT(EPOCH FROM ($3::timestamptz - started_at)) * 1000)::int
  WHERE id = $4 AND status IN ('queued', 'running')`;

const COMPLETE_SQL = `INSERT INTO scans (id, target, target_key, spec_url, started_at, finished_at, status, pid, hostname, error,
    score, grade, critical, high, medium, low, info, findings_total, duration_ms, requests_sent, tool_version, options_json, report_json)
  VALUES ($1, $2, $3, $4, $5, $6, 'completed', NULL, NULL, NULL, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
  ON CONFLICT (id) DO UPDATE SET target = excluded.target, target_key = excluded.target_key, spec_url = excluded.spec_url,
    started_at = excluded.started_at, finished_at = excluded.finished_at, status = 'completed', pid = NULL, hostname = NULL,
    error = NULL, score = excluded.score, grade = excluded.grade, critical = excluded.critical, high = excluded.high,
    medium = excluded.medium, low = excluded.low, info = excluded.info, findings_total = excluded.findings_total,
    duration_ms = excluded.duration_ms, requests_sent = excluded.requests_sent, tool_version = excluded.tool_version,
    options_json = excluded.options_json, report_json = excluded.report_json`;


/** Inserts a begun scan's row (options already scrubbed of secrets by beginValues). */
async function insertScanRow(db: Queryable, v: ReturnType<typeof beginValues>["values"]): Promise<void> {
  await db.query(
    `INSERT INTO scans (id, target, target_key, spec_url, started_at, status, pid, hostname, options_json)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [v.id, v.target, v.target_key, v.spec_url, v.started_at, v.status, v.pid, v.hostname, v.options_json],
  );
}

function listFilter(input: Pick<ListInput, "target" | "status">): { where: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (input.target) {
    params.push(targetKey(input.target));
    where.push(`target_key = $${params.length}`);
  }
  if (input.status) {
    params.push(input.status);
    where.push(`status = $${params.length}`);
  }
  return { where: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}


export class PgBackend implements RampartStore {
  readonly kind = "postgres" as const;
  readonly location: string;
  readonly scans: ScanRepository;
  readonly triage: TriageRepository;
  readonly tokens: TokenRepository;
  readonly identities: IdentityRepository;
  readonly events: EventRepository;
  readonly monitors: MonitorRepository;
  readonly webhooks: WebhookRepository;
  readonly copy: CopyRepository;
  /** Secrets of scans begun by this process, to scrub from their reports (never persisted). */
  private readonly secrets = new Map<string, string[]>();

  constructor(
    readonly pool: pg.Pool,
    url: string,
  ) {
    this.location = redactPgUrl(url);
    const db = pool;
    this.scans = {
      begin: async (input) => {
        const { secrets, values: v } = beginValues(input);
        await insertScanRow(db, v);
        if (secrets.length > 0) this.secrets.set(v.id, secrets);
        return v.id;
      },
      complete: async (report, beganAs, events = []) => {
        const rowId = beganAs ?? report.scanId;
        const v = completedValues(report, [...(this.secrets.get(rowId) ?? []), ...(this.secrets.get(report.scanId) ?? [])]);
        await this.transaction(async (c) => {
          if (rowId !== v.id) await c.query("DELETE FROM scans WHERE id = $1", [rowId]);
          await c.query(COMPLETE_SQL, [
            v.id, v.target, v.target_key, v.spec_url, v.started_at, v.finished_at, v.score, v.grade, v.critical, v.high,
            v.medium, v.low, v.info, v.findings_total, v.duration_ms, v.requests_sent, v.tool_version, v.options_json, v.report_json,
          ]);
          await appendPgEvents(c, events);
        });
        this.secrets.delete(rowId);
        this.secrets.delete(v.id);
        const stored = await this.scans.get(v.id);
        if (!stored) throw new Error(`scan ${v.id} vanished after it was stored`);
        return stored;
      },
      markRunning: async (id) => {
        const r = await db.query("UPDATE scans SET status = 'running', started_at = $1 WHERE id = $2 AND status = 'queued'", [
          new Date().toISOString(),
          id,
        ]);
        return r.rowCount === 1;
      },
      fail: async (id, message) => {
        await this.finish(id, "failed", message);
      },
      cancel: async (id, message = "cancelled") => this.finish(id, "cancelled", message),
      get: async (idOrPrefix) => {
        const wanted = idOrPrefix.trim();
        if (!wanted) return null;
        const exact = await db.query<ScanRow>(`SELECT ${SCAN_COLUMNS} FROM scans WHERE id = $1`, [wanted]);
        if (exact.rows[0]) return toStored(exact.rows[0]);
        const { rows } = await db.query<ScanRow>(
          `SELECT ${SCAN_COLUMNS} FROM scans WHERE id LIKE $1 ESCAPE '\\' ORDER BY started_at DESC LIMIT 6`,
          [likePrefix(wanted)],
        );
        if (rows.length === 0) return null;
        if (rows.length > 1) {
          const shown = rows.slice(0, 5).map((r) => r.id).join(", ");
          throw new InputError(`scan id prefix "${wanted}" is ambiguous: it matches ${shown}${rows.length > 5 ? ", …" : ""}`);
        }
        return toStored(rows[0] as ScanRow);
      },
      list: async (input = {}) => {
        const { where, params } = listFilter(input);
        const limit = Math.max(1, Math.min(input.limit ?? 20, 10_000));
        const offset = Math.max(0, Math.floor(input.offset ?? 0));
        const { rows } = await db.query<ScanRow>(
          `SELECT ${SUMMARY_COLUMNS} FROM scans ${where} ORDER BY started_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
          params,
        );
        return rows.map(toSummary);
      },
      count: async (input = {}) => {
        const { where, params } = listFilter(input);
        const { rows } = await db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM scans ${where}`, params);
        return rows[0]?.n ?? 0;
      },
      targets: async (opts = {}) => {
        const latest = await db.query<ScanRow & { target_key: string; n: number }>(
          `SELECT ${SUMMARY_COLUMNS}, target_key, n FROM (
             SELECT ${SUMMARY_COLUMNS}, target_key, COUNT(*) OVER (PARTITION BY target_key)::int AS n,
               ROW_NUMBER() OVER (PARTITION BY target_key ORDER BY started_at DESC, id DESC) AS rn
             FROM scans) AS t WHERE rn = 1 ORDER BY started_at DESC, target_key LIMIT $1 OFFSET $2`,
          [opts.limit ?? null, opts.offset ?? 0],
        );
        if (latest.rows.length === 0) return [];
        const historyLength = opts.historyLength ?? 20;
        const history = await db.query<{ id: string; target_key: string; started_at: string; score: number; grade: TargetSummary["history"][number]["grade"] }>(
          `SELECT id, target_key, started_at, score, grade FROM (
             SELECT id, target_key, started_at, score, grade,
               ROW_NUMBER() OVER (PARTITION BY target_key ORDER BY started_at DESC, id DESC) AS rn
             FROM scans WHERE status = 'completed' AND target_key = ANY($2)) AS t WHERE rn <= $1 ORDER BY started_at ASC, id ASC`,
          [Math.max(1, historyLength), latest.rows.map((r) => r.target_key)],
        );
        const byKey = new Map<string, TargetSummary["history"]>();
        for (const h of history.rows) {
          const list = byKey.get(h.target_key) ?? [];
          list.push({ id: h.id, startedAt: h.started_at, score: h.score, grade: h.grade });
          byKey.set(h.target_key, list);
        }
        return latest.rows.map((row) => ({
          target: row.target,
          targetKey: row.target_key,
          scans: row.n,
          latest: toSummary(row),
          history: byKey.get(row.target_key) ?? [],
        }));
      },
      targetCount: async () => (await db.query<{ n: number }>("SELECT COUNT(DISTINCT target_key)::int AS n FROM scans")).rows[0]?.n ?? 0,
      latestTwo: async (target) => {
        const { rows } = await db.query<ScanRow>(
          `SELECT ${SCAN_COLUMNS} FROM scans WHERE target_key = $1 AND status = 'completed' ORDER BY started_at DESC, id DESC LIMIT 2`,
          [targetKey(target)],
        );
        return rows.map(toStored);
      },
      findFinding: async (findingId) => {
        const wanted = findingId.trim();
        if (wanted.length < 4) return null;
        const { rows } = await db.query<ScanRow>(
          `SELECT ${SCAN_COLUMNS} FROM scans
           WHERE status = 'completed' AND EXISTS (
             SELECT 1 FROM json_array_elements(CASE WHEN json_typeof(report_json->'findings') = 'array'
               THEN report_json->'findings' ELSE '[]'::json END) AS f
             WHERE f->>'id' LIKE $1 ESCAPE '\\')
           ORDER BY started_at DESC, id DESC LIMIT 1`,
          [likePrefix(wanted)],
        );
        const row = rows[0];
        if (!row) return null;
        const scan: StoredScan = toStored(row);
        const { finding, ambiguous } = pickFinding<Finding>(scan.report?.findings ?? [], wanted);
        if (ambiguous.length > 0) {
          throw new InputError(`finding id prefix "${wanted}" is ambiguous in scan ${scan.id}: ${ambiguous.map((f) => f.id).join(", ")}`);
        }
        return finding ? { scan, finding } : null;
      },
      reapInterrupted: async (isAlive = pidAlive) =>
        this.transaction(async (c) => {
          const { rows } = await c.query<{ id: string; pid: number | null }>(
            "SELECT id, pid FROM scans WHERE status IN ('queued', 'running') AND hostname = $1 FOR UPDATE",
            [os.hostname()],
          );
          const dead = rows.filter((r) => r.pid === null || !isAlive(r.pid)).map((r) => r.id);
          const now = new Date().toISOString();
          for (const id of dead) await c.query(FINISH_SQL, ["failed", INTERRUPTED_MESSAGE, now, id]);
          return dead;
        }),
    };

    this.triage = {
      set: async (input) => {
        const key = targetKey(input.target);
        if (input.status === "open") {
          await db.query("DELETE FROM triage WHERE target_key = $1 AND finding_id = $2", [key, input.findingId]);
          return null;
        }
        const reason = input.reason?.trim() || (input.status === "false-positive" ? "false positive" : "accepted");
        const { rows } = await db.query<TriageRow>(
          `INSERT INTO triage (target_key, finding_id, status, reason, expires, check_id, updated_at, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (target_key, finding_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
             expires = excluded.expires, check_id = excluded.check_id, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by
           RETURNING *`,
          [key, input.findingId, input.status, reason, input.expires ?? null, input.checkId ?? null, new Date().toISOString(), input.by ?? null],
        );
        return triageRecord(rows[0] as TriageRow);
      },
      forTarget: async (target, page = {}) =>
        (
          await db.query<TriageRow>("SELECT * FROM triage WHERE target_key = $1 ORDER BY finding_id LIMIT $2 OFFSET $3", [
            targetKey(target),
            page.limit ?? null,
            page.offset ?? 0,
          ])
        ).rows.map(triageRecord),
      countForTarget: async (target) =>
        (await db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM triage WHERE target_key = $1", [targetKey(target)])).rows[0]?.n ?? 0,
      targetKeys: async () => new Set((await db.query<{ target_key: string }>("SELECT DISTINCT target_key FROM triage")).rows.map((r) => r.target_key)),
    };

    this.tokens = {
      insert: async (input) => {
        const now = new Date().toISOString();
        await db.query("INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)", [
          input.id,
          input.name,
          input.role,
          input.hash,
          now,
        ]);
        return { id: input.id, name: input.name, role: input.role, createdAt: now, lastUsedAt: null, revokedAt: null };
      },
      byHash: async (hash) => {
        const { rows } = await db.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, [hash]);
        return rows[0] ? tokenRecord(rows[0]) : null;
      },
      touch: async (id, now = new Date()) => {
        await db.query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)", [
          now.toISOString(),
          id,
          new Date(now.getTime() - 60_000).toISOString(),
        ]);
      },
      list: async (includeRevoked = false, page = {}) => {
        const where = includeRevoked ? "" : "WHERE revoked_at IS NULL";
        return (
          await db.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens ${where} ORDER BY created_at, id LIMIT $1 OFFSET $2`, [page.limit ?? null, page.offset ?? 0])
        ).rows.map(tokenRecord);
      },
      liveCount: async () => (await db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM api_tokens WHERE revoked_at IS NULL")).rows[0]?.n ?? 0,
      total: async () => (await db.query<{ n: number }>("SELECT COUNT(*)::int AS n FROM api_tokens")).rows[0]?.n ?? 0,
      revoke: async (id) => {
        const { rows } = await db.query<TokenRow>(
          `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING ${TOKEN_COLUMNS}`,
          [new Date().toISOString(), id],
        );
        return rows[0] ? tokenRecord(rows[0]) : null;
      },
    };

    this.identities = {
      put: async (row) => {
        await db.query(
          `INSERT INTO target_identities (target_key, label, summary, sealed, key_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (target_key, label) DO UPDATE SET summary = excluded.summary, sealed = excluded.sealed,
             key_id = excluded.key_id, updated_at = excluded.updated_at`,
          [row.targetKey, row.label, row.summary, row.sealed, row.keyId, row.createdAt, row.updatedAt],
        );
      },
      get: async (key, label) => {
        const { rows } = await db.query<IdentityRow>("SELECT * FROM target_identities WHERE target_key = $1 AND label = $2", [key, label]);
        return rows[0] ? identityRecord(rows[0]) : null;
      },
      list: async (key) =>
        (await db.query<IdentityRow>("SELECT * FROM target_identities WHERE target_key = $1 ORDER BY label", [key])).rows.map(identityRecord),
      remove: async (key, label) => ((await db.query("DELETE FROM target_identities WHERE target_key = $1 AND label = $2", [key, label])).rowCount ?? 0) > 0,
    };

    this.events = {
      append: async (events) => {
        await this.transaction((c) => appendPgEvents(c, events));
      },
      after: async (afterSeq, limit = 500) => {
        const { rows } = await db.query<{ seq: number; body_json: string }>(
          "SELECT seq, body_json FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
          [afterSeq, limit],
        );
        return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.body_json) as RampartEvent }));
      },
    };

    this.monitors = pgMonitorRepository(pool);
    this.webhooks = pgWebhookRepository(pool);
    this.copy = {
      read: async (table, offset, limit) => (await db.query(copyReadSql(table, "postgres"), [limit, offset])).rows,
      write: async (table, rows) => {
        const t = COPY_TABLES[table] as CopySpec;
        const { sql, params } = copyWriteSql(table, "postgres");
        return this.transaction(async (c) => {
          // Copied events are appended like any others: under the lock that keeps seq values committing in order.
          if (table === "events") await c.query("SELECT pg_advisory_xact_lock($1)", [EVENTS_LOCK_KEY.toString()]);
          let wanted = rows;
          if (t.needsEvent) {
            const ids = rows.map((r) => String(r[t.needsEvent as string]));
            const held = new Set((await c.query<{ id: string }>("SELECT id FROM events WHERE id = ANY($1)", [ids])).rows.map((r) => r.id));
            wanted = rows.filter((r) => held.has(String(r[t.needsEvent as string])));
          }
          let added = 0;
          for (const r of wanted) added += (await c.query(sql, params(r) as unknown[])).rowCount ?? 0;
          // Copied ids were given explicitly: new rows must be numbered after them.
          if (t.identity && added > 0) {
            await c.query(`SELECT setval(pg_get_serial_sequence('${table}', '${t.identity}'), (SELECT MAX(${t.identity}) FROM ${table}))`);
          }
          return added;
        });
      },
      count: async (table) => (await db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0,
    };
  }

  /**
   * Begins a scan's row inside the caller's transaction (a monitor run fired into the job queue: claim, run,
   * scan and job commit together). Its secrets are not kept here: the worker that runs it scrubs them.
   */
  async beginScanIn(client: Queryable, input: BeginScanInput): Promise<string> {
    const { values } = beginValues(input);
    await insertScanRow(client, values);
    return values.id;
  }

  async schemaVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ v: number | null }>("SELECT MAX(version) AS v FROM rampart_schema");
    return Number(rows[0]?.v ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, fn);
  }

  private async finish(id: string, status: "failed" | "cancelled", message: string): Promise<boolean> {
    const secrets = this.secrets.get(id) ?? [];
    const r = await this.pool.query(FINISH_SQL, [status, scrubSecrets(oneLine(message), secrets), new Date().toISOString(), id]);
    this.secrets.delete(id);
    return r.rowCount === 1;
  }
}

export interface OpenPgOptions extends PgPoolOptions {
  /** Skip reaping this machine's dead scans (tools that only read or copy). */
  reap?: boolean;
}

/** Connects, migrates (safe with many processes starting at once) and reaps this machine's dead scans. */
export async function openPgBackend(url: string, opts: OpenPgOptions = {}): Promise<PgBackend> {
  const pool = createPool(url, opts);
  try {
    const client = await pool.connect();
    try {
      await migratePg(client);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof InputError) throw e;
    throw connectError(url, e);
  }
  const backend = new PgBackend(pool, url);
  if (opts.reap !== false) await backend.scans.reapInterrupted();
  return backend;
}

export { PG_SCHEMA_VERSION };
