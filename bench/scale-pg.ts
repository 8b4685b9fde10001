// Database load read-outs for bench:scale: a database's counters (pg_stat_database), the WAL written, its size,
// the CPU of every PostgreSQL process (from /proc), and the statements that took the most time
// (pg_stat_statements, when the server preloads it).
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { PgInstance } from "../test/helpers/postgres.js";
import { processCpuMs, processTreeCpuMs } from "./scale-procs.js";

export interface DbSnapshot {
  commits: number;
  rollbacks: number;
  returned: number;
  fetched: number;
  inserted: number;
  updated: number;
  deleted: number;
  blocksRead: number;
  blocksHit: number;
  walBytes: number;
  sizeBytes: number;
  cpuMs: number;
}

export interface TopStatement {
  query: string;
  calls: number;
  totalMs: number;
}

/** The bench's own connection to a round's database, as a role of its own so its statements can be left out. */
export const OBSERVER = "bench_observer";

/** Watches a round's database: counts live scans through the scans_live index, and knows its own cost. */
export class Observer {
  polls = 0;
  private closed = false;
  private constructor(
    private readonly client: pg.Client,
    readonly backendPid: number,
  ) {}

  static async open(url: string): Promise<Observer> {
    const u = new URL(url);
    u.username = OBSERVER;
    const client = new pg.Client({ connectionString: u.toString() });
    await client.connect();
    const pid = Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
    return new Observer(client, pid);
  }

  /** Scans queued or running (one transaction, an index read). */
  async live(): Promise<number> {
    this.polls++;
    const r = await this.client.query<{ n: string }>("SELECT count(*) AS n FROM scans WHERE status IN ('queued', 'running')");
    return Number(r.rows[0]?.n ?? 0);
  }

  /** CPU (ms) of this connection's backend: taken off the server's CPU, as it is the bench's, not Rampart's. */
  cpuMs(): number {
    return processCpuMs(this.backendPid);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}

export interface StatementTotals {
  calls: number;
  totalMs: number;
  walBytes: number;
}

/** One admin connection to the server's `postgres` database, for counters that span the bench's databases. */
export class DbLoad {
  private constructor(
    private readonly admin: pg.Client,
    private readonly postmasterPid: number,
    readonly statements: boolean,
    readonly version: string,
  ) {}

  static async open(server: PgInstance): Promise<DbLoad> {
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${server.port}/postgres` });
    await admin.connect();
    const pid = Number(fs.readFileSync(path.join(server.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    let statements = true;
    try {
      await admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      await admin.query("SELECT 1 FROM pg_stat_statements LIMIT 1");
    } catch {
      statements = false;
    }
    const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "?";
    await admin.query(`CREATE ROLE ${OBSERVER} LOGIN SUPERUSER`);
    return new DbLoad(admin, pid, statements, version);
  }

  url(port: number, db: string): string {
    return `postgres://postgres@127.0.0.1:${port}/${db}`;
  }

  async createDatabase(name: string): Promise<void> {
    await this.admin.query(`CREATE DATABASE ${name}`);
  }

  /** CPU (ms) used so far by the postmaster and every backend and helper process it started. */
  cpuMs(): number {
    return processTreeCpuMs(this.postmasterPid);
  }

  async setting(name: string): Promise<string> {
    return (await this.admin.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name])).rows[0]?.v ?? "?";
  }

  async snapshot(db: string): Promise<DbSnapshot> {
    await this.admin.query("SELECT pg_stat_clear_snapshot()");
    const r = await this.admin.query(
      `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_read, blks_hit,
              pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 AS wal, pg_database_size(datname)::float8 AS size
       FROM pg_stat_database WHERE datname = $1`,
      [db],
    );
    const x = r.rows[0] as Record<string, string | number>;
    const n = (k: string): number => Number(x[k] ?? 0);
    return {
      commits: n("xact_commit"),
      rollbacks: n("xact_rollback"),
      returned: n("tup_returned"),
      fetched: n("tup_fetched"),
      inserted: n("tup_inserted"),
      updated: n("tup_updated"),
      deleted: n("tup_deleted"),
      blocksRead: n("blks_read"),
      blocksHit: n("blks_hit"),
      walBytes: n("wal"),
      sizeBytes: n("size"),
      cpuMs: this.cpuMs(),
    };
  }

  async resetStatements(): Promise<void> {
    if (this.statements) await this.admin.query("SELECT pg_stat_statements_reset()");
  }

  private static readonly RAMPART_STATEMENTS = `FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1) AND userid <> (SELECT oid FROM pg_roles WHERE rolname = '${OBSERVER}')`;

  /** Rampart's statements in database `db` (the observer's left out) with the most execution time since the last reset. */
  async topStatements(db: string, limit = 6): Promise<TopStatement[]> {
    if (!this.statements) return [];
    const r = await this.admin.query<{ query: string; calls: string; total: number }>(
      `SELECT query, calls, total_exec_time AS total ${DbLoad.RAMPART_STATEMENTS} ORDER BY total_exec_time DESC LIMIT $2`,
      [db, limit],
    );
    return r.rows.map((s) => ({ query: s.query.replace(/\s+/g, " ").trim(), calls: Number(s.calls), totalMs: Number(s.total) }));
  }

  /** All of Rampart's statements in `db` since the last reset: how many, their execution time, the WAL they wrote. */
  async statementTotals(db: string): Promise<StatementTotals | null> {
    if (!this.statements) return null;
    const r = await this.admin.query<{ calls: string; total: number; wal: string }>(
      `SELECT COALESCE(sum(calls), 0) AS calls, COALESCE(sum(total_exec_time), 0) AS total, COALESCE(sum(wal_bytes), 0) AS wal ${DbLoad.RAMPART_STATEMENTS}`,
      [db],
    );
    const x = r.rows[0];
    return { calls: Number(x?.calls ?? 0), totalMs: Number(x?.total ?? 0), walBytes: Number(x?.wal ?? 0) };
  }

  async close(): Promise<void> {
    await this.admin.end().catch(() => undefined);
  }
}

export function diff(a: DbSnapshot, b: DbSnapshot): DbSnapshot {
  const out = {} as DbSnapshot;
  for (const k of Object.keys(a) as (keyof DbSnapshot)[]) out[k] = b[k] - a[k];
  return out;
}
