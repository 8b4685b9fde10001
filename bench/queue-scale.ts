// The queue section of bench:scale: scans enqueued through POST /api/scans on a real `rampart serve --no-runner`,
// run by 1, 2 and 4 real `rampart worker` processes (dist/), one PostgreSQL, fixture APIs on 127.0.0.1.
// Per round (a fresh database each): the backlog of N scans is enqueued first, then the workers start and
// drain it (throughput, and how long scans waited in a backlog); then a trickle of scans, one a second, to
// workers with free slots (the queue's own pick-up latency). Database load is counted over the whole round.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openQueue } from "../src/queue/boss.js";
import { DEFAULT_HOST_LIMITS } from "../src/queue/worker.js";
import { startPostgres } from "../test/helpers/postgres.js";
import { DbLoad, diff, Observer, type DbSnapshot, type StatementTotals, type TopStatement } from "./scale-pg.js";
import { machineCpuMs, onCleanup, peakRssMb, processCpuMs, startNode, stopChild, type Child } from "./scale-procs.js";

export interface QueueBenchOptions {
  scans: number;
  workers: number[];
  /** --concurrency of each worker. */
  concurrency: number;
  apis: number;
  operations: number;
  depth: "quick" | "standard" | "deep";
  trickle: number;
  hostConcurrency?: number;
  hostRps?: number;
}

interface ScanRow {
  id: string;
  status: string;
  enq: number | null;
  claimed: number | null;
  finished: number | null;
  attempts: number;
  jobs: number;
  openJobs: number;
  /** Times the scan's job was put back because its host was full (counted in the job's data by deferJob). */
  deferrals: number;
  requests: number | null;
  durationMs: number | null;
}

export interface QueueAloneResult {
  jobs: number;
  taken: number;
  consumers: number;
  sendPerSecond: number;
  takePerSecond: number;
  pgCpuMsPerJob: number;
  commitsPerJob: number;
}

export interface RoundResult {
  workers: number;
  scans: number;
  perMinute: number;
  wallPerMinute: number;
  backlogLatency: number[];
  trickleLatency: number[];
  scanMs: number;
  requests: number;
  workerCpuMsPerScan: number;
  pgCpuMsPerScan: number;
  pgCores: number;
  workerCores: number;
  /** The largest peak resident memory of the round's workers. */
  workerRssMb: number;
  /** CPU of the fixture APIs (the scanned side) while the backlog drained. */
  fixtureCores: number;
  machineBusy: number;
  load: DbSnapshot;
  totalScans: number;
  /** A report as stored (compressed by PostgreSQL) and as JSON text. */
  reportBytes: number;
  reportRawBytes: number;
  /** The scans table with its indexes and TOAST, at the end of the round. */
  scansTableBytes: number;
  top: TopStatement[];
  statements: StatementTotals | null;
  /** Rows written per table over the round, most first. */
  tables: { name: string; inserted: number; updated: number; deleted: number }[];
  anomalies: string[];
}

const BIN = fileURLToPath(new URL("../dist/surfaces/cli/bin.js", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./scale-fixtures.mjs", import.meta.url));
const HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
};

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

async function api(base: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Runs `fn(i)` for i < n with `parallel` in flight. */
async function pool(n: number, parallel: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      for (let i = next++; i < n; i = next++) await fn(i);
    }),
  );
}

const SCAN_ROWS = `
  SELECT s.id, s.status, s.requests_sent AS requests, s.duration_ms AS "durationMs",
         extract(epoch FROM s.finished_at) * 1000 AS finished,
         a.claimed, COALESCE(a.n, 0)::int AS attempts, j.enq, COALESCE(j.n, 0)::int AS jobs, COALESCE(j.open, 0)::int AS "openJobs",
         COALESCE(j.deferrals, 0)::int AS deferrals
  FROM scans s
  LEFT JOIN (SELECT scan_id, extract(epoch FROM min(claimed_at)) * 1000 AS claimed, count(*) AS n FROM scan_attempts GROUP BY scan_id) a
    ON a.scan_id = s.id
  LEFT JOIN (SELECT data->>'scanId' AS scan_id, extract(epoch FROM min((data->>'enqueuedAt')::timestamptz)) * 1000 AS enq, count(*) AS n,
                    count(*) FILTER (WHERE state <> 'completed') AS open, sum(COALESCE((data->>'deferrals')::int, 0)) AS deferrals
             FROM rampart_queue.job WHERE name = 'rampart-scan' GROUP BY 1) j
    ON j.scan_id = s.id`;

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

async function scanRows(url: string): Promise<ScanRow[]> {
  const rows = await query<Record<string, unknown>>(url, SCAN_ROWS);
  return rows.map((r) => ({
    id: String(r.id),
    status: String(r.status),
    enq: num(r.enq),
    claimed: num(r.claimed),
    finished: num(r.finished),
    attempts: Number(r.attempts),
    jobs: Number(r.jobs),
    openJobs: Number(r.openJobs),
    deferrals: Number(r.deferrals),
    requests: num(r.requests),
    durationMs: num(r.durationMs),
  }));
}

/** Waits until no scan is queued or running; fails when the count stays put for `stallMs` (a stuck queue). */
async function drained(observer: Observer, label: string, stallMs = 180_000): Promise<void> {
  let last = -1;
  let progressAt = Date.now();
  let printedAt = Date.now();
  for (;;) {
    const live = await observer.live();
    if (live === 0) return;
    if (live !== last) {
      last = live;
      progressAt = Date.now();
    }
    if (Date.now() - printedAt > 30_000) {
      printedAt = Date.now();
      process.stderr.write(`  ${label}: ${live} scans queued or running\n`);
    }
    if (Date.now() - progressAt > stallMs) throw new Error(`${label}: ${live} scans queued or running and none ended for ${stallMs / 1000} s: the queue is stuck`);
    await sleep(500);
  }
}

export class QueueBench {
  private readonly key = randomBytes(32).toString("hex");
  private readonly token = `rmp_${randomBytes(24).toString("hex")}`;
  private home = "";
  private port = 0;
  private load!: DbLoad;
  private fixtures!: Child;
  urls: string[] = [];

  constructor(readonly o: QueueBenchOptions) {}

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      RAMPART_HOME: this.home,
      XDG_CONFIG_HOME: this.home,
      RAMPART_SECRET_KEY: this.key,
      RAMPART_ADMIN_TOKEN: this.token,
      NO_COLOR: "1",
    };
  }

  get hostLimits(): { concurrency: number; rps: number } {
    return { concurrency: this.o.hostConcurrency ?? DEFAULT_HOST_LIMITS.concurrency, rps: this.o.hostRps ?? DEFAULT_HOST_LIMITS.rps };
  }

  async setUp(): Promise<{ pgVersion: string; settings: string }> {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-bench-queue-"));
    onCleanup(() => fs.rmSync(this.home, { recursive: true, force: true }));
    const server = await startPostgres({
      hba: HBA,
      // Durable commits (fsync on), unlike the test default: the commit cost is part of the load measured.
      conf: ["fsync = on", "max_connections = 200", "shared_buffers = 128MB", "shared_preload_libraries = 'pg_stat_statements'"],
    });
    onCleanup(() => server.stop());
    this.port = server.port;
    this.load = await DbLoad.open(server);
    onCleanup(() => this.load.close());
    this.fixtures = await startNode([FIXTURES, String(this.o.apis), String(this.o.operations)], /^ready$/m, this.env(), 30_000, "pipe");
    onCleanup(() => void this.fixtures.child.stdin?.end());
    this.urls = this.fixtures.out().split("\n").filter((l) => l.startsWith("http://127.0.0.1:"));
    const settings = ["fsync", "synchronous_commit", "shared_buffers", "max_connections"];
    const values: string[] = [];
    for (const s of settings) values.push(await this.load.setting(s)); // one connection: one query at a time
    return { pgVersion: this.load.version, settings: settings.map((s, i) => `${s}=${values[i]}`).join(", ") };
  }

  private workerArgs(url: string): string[] {
    const args = [BIN, "worker", "--store", url, "--concurrency", String(this.o.concurrency)];
    if (this.o.hostConcurrency) args.push("--host-concurrency", String(this.o.hostConcurrency));
    if (this.o.hostRps) args.push("--host-rps", String(this.o.hostRps));
    return args;
  }

  private async enqueue(base: string, n: number, offset: number): Promise<string[]> {
    const ids: string[] = new Array<string>(n);
    await pool(n, 16, async (i) => {
      const r = await api(base, this.token, "POST", "/api/scans", { url: this.urls[(offset + i) % this.urls.length], identities: ["bench"], depth: this.o.depth });
      if (r.status !== 202) throw new Error(`POST /api/scans answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
      ids[i] = String(r.body.id);
    });
    return ids;
  }

  async round(workers: number): Promise<RoundResult & { enqueuePerSecond: number }> {
    const db = `bench_queue_w${workers}`;
    await this.load.createDatabase(db);
    const url = this.load.url(this.port, db);
    const s0 = await this.load.snapshot(db);

    const serve = await startNode([BIN, "serve", "--port", "0", "--store", url, "--no-runner", "--rate-limit", "0"], /Rampart listening on (\S+)/, this.env());
    const base = /Rampart listening on (\S+)/.exec(serve.out())?.[1] as string;
    for (const target of this.urls) {
      const r = await api(base, this.token, "PUT", "/api/identities", {
        target,
        label: "bench",
        credentials: [{ kind: "header", name: "X-API-Key", value: "bench-key" }],
      });
      if (r.status !== 200) throw new Error(`PUT /api/identities answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    const observer = await Observer.open(url);
    // Statements from here on: the server's start-up (migrations) is left out, the workers' is counted.
    await this.load.resetStatements();

    const e0 = performance.now();
    const backlog = await this.enqueue(base, this.o.scans, 0);
    const enqueuePerSecond = (backlog.length / (performance.now() - e0)) * 1000;

    const pgA = this.load.cpuMs() - observer.cpuMs();
    const machineA = machineCpuMs();
    const tA = performance.now();
    const procs = await Promise.all(Array.from({ length: workers }, () => startNode(this.workerArgs(url), /Rampart worker taking scan jobs/, this.env())));
    const cpuOf = () => procs.reduce((sum, p) => sum + processCpuMs(p.pid), 0);
    const fixturesA = processCpuMs(this.fixtures.pid);
    // Worker CPU from when they are ready: start-up (loading modules, opening pools) is not per-scan work.
    const workerCpu0 = cpuOf();
    try {
      await drained(observer, `${workers} worker(s), backlog`);
      const pgB = this.load.cpuMs() - observer.cpuMs();
      const machineB = machineCpuMs();
      const tB = performance.now();
      const workerCpuBacklog = cpuOf() - workerCpu0;
      const fixturesB = processCpuMs(this.fixtures.pid);

      const trickle: string[] = [];
      for (let i = 0; i < this.o.trickle; i++) {
        trickle.push(...(await this.enqueue(base, 1, this.o.scans + i)));
        await sleep(1_000);
      }
      if (trickle.length) await drained(observer, `${workers} worker(s), trickle`);
      const workerCpu = cpuOf() - workerCpu0;
      const workerRssMb = Math.max(...procs.map((p) => peakRssMb(p.pid)));
      const codes = await Promise.all(procs.map((p) => stopChild(p)));
      await stopChild(serve);
      const observerCpu = observer.cpuMs();
      const observerCommits = observer.polls + 1;
      await observer.close();
      await sleep(500);
      const s1 = await this.load.snapshot(db);
      s1.cpuMs -= observerCpu;
      s1.commits -= observerCommits;
      const top = await this.load.topStatements(db);
      const statements = await this.load.statementTotals(db);
      const scansTableBytes = Number(
        (await query<{ b: string }>(url, "SELECT pg_total_relation_size('scans') AS b"))[0]?.b ?? 0,
      );
      const [report] = await query<{ stored: string; raw: string }>(
        url,
        "SELECT COALESCE(avg(pg_column_size(report_json)), 0) AS stored, COALESCE(avg(octet_length(report_json::text)), 0) AS raw FROM scans WHERE report_json IS NOT NULL",
      );

      const tables = (
        await query<{ name: string; ins: string; upd: string; del: string }>(
          url,
          `SELECT schemaname || '.' || relname AS name, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del FROM pg_stat_user_tables
           WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY n_tup_ins + n_tup_upd + n_tup_del DESC LIMIT 5`,
        )
      ).map((t) => ({
        // pg-boss keeps each queue in a partition named by a hash: name it by what it holds.
        name: t.name.replace(/^rampart_queue\.j[0-9a-f]{20,}$/, "rampart_queue.job (scan queue)"),
        inserted: Number(t.ins),
        updated: Number(t.upd),
        deleted: Number(t.del),
      }));
      const rows = await scanRows(url);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const pick = (ids: string[]) => ids.map((id) => byId.get(id)).filter((r): r is ScanRow => Boolean(r));
      const b = pick(backlog);
      const t = pick(trickle);
      const firstClaim = Math.min(...b.map((r) => r.claimed ?? Infinity));
      const lastEnd = Math.max(...b.map((r) => r.finished ?? -Infinity));
      const latency = (rs: ScanRow[]) => rs.filter((r) => r.enq !== null && r.claimed !== null).map((r) => (r.claimed as number) - (r.enq as number));
      const done = b.filter((r) => r.status === "completed");
      const avg = (xs: number[]) => (xs.length ? xs.reduce((a, c) => a + c, 0) / xs.length : NaN);

      const anomalies: string[] = [];
      const all = [...b, ...t];
      const notCompleted = all.filter((r) => r.status !== "completed");
      if (notCompleted.length) anomalies.push(`${notCompleted.length} scan(s) not completed (${[...new Set(notCompleted.map((r) => r.status))].join(", ")})`);
      const retried = all.filter((r) => r.attempts > 1).length;
      if (retried) anomalies.push(`${retried} scan(s) run more than once`);
      const open = all.reduce((s, r) => s + r.openJobs, 0);
      if (open) anomalies.push(`${open} job(s) left not completed in the queue`);
      // A deferral re-schedules the same job row and counts itself in the job's data (not as extra rows).
      const deferred = all.reduce((s, r) => s + r.deferrals, 0);
      if (deferred) {
        const most = Math.max(...all.map((r) => r.deferrals));
        anomalies.push(`${deferred} deferral(s), ${(deferred / all.length).toFixed(1)} per scan, at most ${most} of one scan: a job put back because its host was at its limit`);
      }
      const extraRows = all.reduce((s, r) => s + Math.max(0, r.jobs - 1), 0);
      if (extraRows) anomalies.push(`${extraRows} extra job row(s) for scans that should have one`);
      const badExit = codes.filter((c) => c !== 0).length;
      if (badExit) anomalies.push(`${badExit} worker(s) exited with a non-zero code`);
      const workerErrors = procs.flatMap((p) => p.err().split("\n")).filter((l) => l.trim() && !/SIGTERM: taking no new jobs/.test(l));
      if (workerErrors.length) anomalies.push(`worker stderr: ${[...new Set(workerErrors)].slice(0, 3).join(" | ")}`);

      const wallB = tB - tA;
      return {
        workers,
        scans: b.length,
        perMinute: (done.length / (lastEnd - firstClaim)) * 60_000,
        wallPerMinute: (done.length / wallB) * 60_000,
        backlogLatency: latency(b),
        trickleLatency: latency(t),
        scanMs: avg(done.map((r) => r.durationMs ?? 0)),
        requests: avg(done.map((r) => r.requests ?? 0)),
        workerCpuMsPerScan: workerCpu / all.length,
        pgCpuMsPerScan: (s1.cpuMs - s0.cpuMs) / all.length,
        pgCores: (pgB - pgA) / wallB,
        workerCores: workerCpuBacklog / wallB,
        fixtureCores: (fixturesB - fixturesA) / wallB,
        workerRssMb,
        machineBusy: (machineB.busy - machineA.busy) / (machineB.total - machineA.total),
        load: diff(s0, s1),
        totalScans: all.length,
        reportBytes: Number(report?.stored ?? 0),
        reportRawBytes: Number(report?.raw ?? 0),
        scansTableBytes,
        top,
        statements,
        tables,
        anomalies,
        enqueuePerSecond,
      };
    } finally {
      for (const p of procs) p.child.kill("SIGKILL");
      serve.child.kill("SIGKILL");
      await observer.close();
    }
  }

  /**
   * The queue alone (pg-boss on this PostgreSQL, no scanning): `jobs` empty jobs sent 8 at a time, as the API
   * does, then fetched one at a time and completed by `consumers` loops, as workers do.
   */
  async queueAlone(jobs: number, consumers: number): Promise<QueueAloneResult> {
    const db = "bench_queue_alone";
    await this.load.createDatabase(db);
    const url = this.load.url(this.port, db);
    const q = await openQueue(url, { max: consumers + 8 });
    try {
      await q.boss.createQueue("bench-noop", { name: "bench-noop" });
      const s0 = await this.load.snapshot(db);
      const t0 = performance.now();
      await pool(jobs, 8, async (i) => {
        await q.boss.send("bench-noop", { i });
      });
      const t1 = performance.now();
      let taken = 0;
      await Promise.all(
        Array.from({ length: consumers }, async () => {
          for (;;) {
            const [job] = await q.boss.fetch("bench-noop", { batchSize: 1 });
            if (!job) return;
            await q.boss.complete("bench-noop", job.id);
            taken++;
          }
        }),
      );
      const t2 = performance.now();
      await q.stop();
      await sleep(500);
      const load = diff(s0, await this.load.snapshot(db));
      return { jobs, taken, consumers, sendPerSecond: (jobs / (t1 - t0)) * 1000, takePerSecond: (taken / (t2 - t1)) * 1000, pgCpuMsPerJob: load.cpuMs / jobs, commitsPerJob: load.commits / jobs };
    } finally {
      await q.stop().catch(() => undefined);
    }
  }
}
