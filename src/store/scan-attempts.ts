// Scan attempts on the PostgreSQL store: which worker runs which queued scan, under a lease it renews. This is
// what makes queued work exactly-once in effect: a retried job claims the scan again only when the previous
// attempt ended or its lease lapsed (its worker died), a scan that is already recorded is never run twice,
// and a target host never has more live attempts than its limit, whichever workers hold them.
import os from "node:os";
import type pg from "pg";
import { inTransaction } from "./postgres/events.js";

/** pg_advisory_xact_lock class of the per-host claim locks: "ramp" in ASCII. */
const HOST_LOCK_CLASS = 0x72616d70;
// The table is created by PostgreSQL schema step 3 (src/store/postgres/migrations.ts).

export type AttemptOutcome = "completed" | "failed" | "cancelled" | "requeued" | "lost" | "skipped";

export interface ClaimInput {
  scanId: string;
  jobId: string;
  /** Who claims (hostname:pid/n), kept for operators. */
  worker: string;
  /** The target's host:port: per-host limits count live attempts by it. */
  hostKey: string;
  leaseMs: number;
  /** Live attempts a host may have at once across all workers. */
  hostConcurrency: number;
}

export type ClaimResult =
  | { kind: "claimed"; attempt: number }
  /** The scan ended already (recorded, failed or cancelled): the job is done without running it. */
  | { kind: "finished"; status: string }
  /** The scan row is gone (deleted by retention): nothing to run. */
  | { kind: "missing" }
  /** Another worker's attempt on this scan is live. */
  | { kind: "taken" }
  /** The host has as many live attempts as its limit: try again later. */
  | { kind: "host-busy"; live: number };

export interface AttemptRow {
  attempt: number;
  jobId: string;
  worker: string;
  hostKey: string;
  endedAt: string | null;
  outcome: string | null;
}

export interface RenewResult {
  /** False when the attempt was ended by someone else (its lease lapsed and it was handed over). */
  held: boolean;
  /** The scan row's status now (cancelled by the API shows here). */
  status: string | null;
}

export class ScanAttempts {
  constructor(private readonly pool: pg.Pool) {}

  /** Claims the next attempt of a scan: at most one live attempt per scan, at most `hostConcurrency` per host. */
  async claim(input: ClaimInput): Promise<ClaimResult> {
    return inTransaction(this.pool, async (c) => {
      // One claimant per host at a time: counting and inserting are then one step.
      await c.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [HOST_LOCK_CLASS, input.hostKey]);
      const scan = await c.query<{ status: string }>("SELECT status FROM scans WHERE id = $1 FOR UPDATE", [input.scanId]);
      const status = scan.rows[0]?.status;
      if (!status) return { kind: "missing" };
      if (status !== "queued" && status !== "running") return { kind: "finished", status };
      // A lapsed attempt of this scan (its worker died) is lost; a live one means someone else runs it.
      await c.query("UPDATE scan_attempts SET ended_at = now(), outcome = 'lost' WHERE scan_id = $1 AND ended_at IS NULL AND lease_until < now()", [
        input.scanId,
      ]);
      const mine = await c.query("SELECT 1 FROM scan_attempts WHERE scan_id = $1 AND ended_at IS NULL", [input.scanId]);
      if (mine.rowCount) return { kind: "taken" };
      const live = await c.query<{ n: number }>(
        "SELECT COUNT(*)::int AS n FROM scan_attempts WHERE host_key = $1 AND ended_at IS NULL AND lease_until >= now()",
        [input.hostKey],
      );
      const n = Number(live.rows[0]?.n ?? 0);
      if (n >= input.hostConcurrency) return { kind: "host-busy", live: n };
      const next = await c.query<{ a: number }>("SELECT COALESCE(MAX(attempt), 0)::int + 1 AS a FROM scan_attempts WHERE scan_id = $1", [input.scanId]);
      const attempt = Number(next.rows[0]?.a ?? 1);
      await c.query(
        `INSERT INTO scan_attempts (scan_id, attempt, job_id, worker, host_key, lease_until)
         VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')`,
        [input.scanId, attempt, input.jobId, input.worker, input.hostKey, input.leaseMs],
      );
      await c.query("UPDATE scans SET status = 'running', started_at = now(), pid = $2, hostname = $3 WHERE id = $1", [
        input.scanId,
        process.pid,
        os.hostname(),
      ]);
      return { kind: "claimed", attempt };
    });
  }

  /** Extends the lease; says whether the attempt is still held and what the scan's status is. */
  async renew(scanId: string, attempt: number, leaseMs: number): Promise<RenewResult> {
    const r = await this.pool.query<{ status: string | null }>(
      `UPDATE scan_attempts SET lease_until = now() + $3 * interval '1 millisecond'
       WHERE scan_id = $1 AND attempt = $2 AND ended_at IS NULL
       RETURNING (SELECT status FROM scans WHERE id = $1) AS status`,
      [scanId, attempt, leaseMs],
    );
    if (r.rowCount) return { held: true, status: r.rows[0]?.status ?? null };
    const s = await this.pool.query<{ status: string }>("SELECT status FROM scans WHERE id = $1", [scanId]);
    return { held: false, status: s.rows[0]?.status ?? null };
  }

  /** True while this attempt is live (not ended, not handed over): only then may its result be recorded. */
  async holds(scanId: string, attempt: number): Promise<boolean> {
    const r = await this.pool.query("SELECT 1 FROM scan_attempts WHERE scan_id = $1 AND attempt = $2 AND ended_at IS NULL", [scanId, attempt]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Ends an attempt; false when it had already ended (handed over to another worker). */
  async end(scanId: string, attempt: number, outcome: AttemptOutcome): Promise<boolean> {
    const r = await this.pool.query("UPDATE scan_attempts SET ended_at = now(), outcome = $3 WHERE scan_id = $1 AND attempt = $2 AND ended_at IS NULL", [
      scanId,
      attempt,
      outcome,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Ends an attempt and puts its scan back to queued (a draining worker hands it over). */
  async requeue(scanId: string, attempt: number): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query("UPDATE scan_attempts SET ended_at = now(), outcome = 'requeued' WHERE scan_id = $1 AND attempt = $2 AND ended_at IS NULL", [scanId, attempt]);
      await c.query("UPDATE scans SET status = 'queued', pid = NULL, hostname = NULL WHERE id = $1 AND status = 'running'", [scanId]);
    });
  }

  /** Marks attempts whose lease lapsed as lost (each by exactly one caller); returns their scans and jobs. */
  async reapLapsed(): Promise<{ scanId: string; jobId: string }[]> {
    const r = await this.pool.query<{ scan_id: string; job_id: string }>(
      "UPDATE scan_attempts SET ended_at = now(), outcome = 'lost' WHERE ended_at IS NULL AND lease_until < now() RETURNING scan_id, job_id",
    );
    return r.rows.map((row) => ({ scanId: row.scan_id, jobId: row.job_id }));
  }

  /** Every attempt of a scan, oldest first. */
  async list(scanId: string): Promise<AttemptRow[]> {
    const r = await this.pool.query<{ attempt: number; job_id: string; worker: string; host_key: string; ended_at: string | null; outcome: string | null }>(
      "SELECT attempt, job_id, worker, host_key, ended_at, outcome FROM scan_attempts WHERE scan_id = $1 ORDER BY attempt",
      [scanId],
    );
    return r.rows.map((row) => ({ attempt: row.attempt, jobId: row.job_id, worker: row.worker, hostKey: row.host_key, endedAt: row.ended_at, outcome: row.outcome }));
  }

  /** Live attempts per host right now (for the benchmark and operators). */
  async liveByHost(): Promise<Record<string, number>> {
    const r = await this.pool.query<{ host_key: string; n: number }>(
      "SELECT host_key, COUNT(*)::int AS n FROM scan_attempts WHERE ended_at IS NULL GROUP BY host_key",
    );
    return Object.fromEntries(r.rows.map((row) => [row.host_key, Number(row.n)]));
  }
}
