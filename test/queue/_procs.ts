/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read field by field */
// Real processes for the queue tests: `rampart serve` and `rampart worker` from dist/, one shared PostgreSQL
// database, slow fixture APIs on 127.0.0.1, and read-outs of the scans, attempts and queue tables.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { LISTENING, listeningUrl, startCli, type CliProcess } from "../helpers/cli.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { startTestPostgres, stopTestPostgres } from "../helpers/store-backends.js";

export const KEY = randomBytes(32).toString("hex");
export const ADMIN = `rmp_${randomBytes(24).toString("hex")}`;
export const home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-queue-"));

/** The harness's PostgreSQL for this file's tests, stopped afterwards with the shared home removed. */
export function useQueuePostgres(): void {
  beforeAll(async () => {
    await startTestPostgres();
  }, 120_000);
  afterAll(async () => {
    await stopTestPostgres();
    fs.rmSync(home, { recursive: true, force: true });
  });
}

export const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  RAMPART_HOME: home,
  XDG_CONFIG_HOME: home,
  RAMPART_SECRET_KEY: KEY,
  RAMPART_ADMIN_TOKEN: ADMIN,
  RAMPART_STORE: "",
  NO_COLOR: "1",
  ...extra,
});

export type Proc = CliProcess;

export function spawnRampart(args: string[], ready: RegExp, extraEnv: Record<string, string> = {}): Promise<Proc> {
  return startCli(args, ready, env(extraEnv), 30_000);
}

export async function serve(store: string, args: string[] = []): Promise<Proc & { url: string }> {
  const p = await spawnRampart(["serve", "--port", "0", "--store", store, ...args], LISTENING);
  return { ...p, url: listeningUrl(p) };
}

export function worker(store: string, args: string[] = []): Promise<Proc> {
  return spawnRampart(["worker", "--store", store, ...args], /Rampart worker taking scan jobs/);
}

export async function call(url: string, method: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function query<T = any>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export const attemptsOf = (url: string, scanId: string): Promise<{ attempt: number; worker: string; outcome: string | null; ended_at: Date | null }[]> =>
  query(url, "SELECT attempt, worker, outcome, ended_at FROM scan_attempts WHERE scan_id = $1 ORDER BY attempt", [scanId]);

/**
 * A fixture API that answers slowly (so a scan lasts a few seconds) and sets an insecure cookie (one finding
 * the quick scan always reports). It records each request's arrival time and the requests in flight.
 */
export interface SlowApi extends RunningServer {
  arrivals: number[];
  maxInFlight: () => number;
}

export async function slowApi(delayMs: number): Promise<SlowApi> {
  const arrivals: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = await startServer(async (_req, res) => {
    arrivals.push(Date.now());
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    json(res, 200, { items: [] }, { "set-cookie": "session=abc123; Path=/" });
  });
  return Object.assign(server, { arrivals, maxInFlight: () => maxInFlight });
}

/** A quick scan sending one request at a time at `rate` per second: its length is set by the rate. */
export const slowScan = (target: string, rate: number, extra: Record<string, unknown> = {}) => ({
  url: target,
  depth: "quick",
  concurrency: 1,
  rate,
  ...extra,
});

export async function scanStatus(base: string, id: string): Promise<any> {
  return (await call(`${base}/api/scans/${id}`, "GET")).body;
}

export function finished(base: string, id: string, timeoutMs = 90_000): Promise<any> {
  return waitFor(`scan ${id} to end`, async () => {
    const s = await scanStatus(base, id);
    return s && !["queued", "running"].includes(s.status) ? s : null;
  }, timeoutMs);
}

export async function stop(p: Proc, signal: NodeJS.Signals = "SIGTERM"): Promise<number | NodeJS.Signals | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}
