/* eslint-disable @typescript-eslint/no-explicit-any -- rows and JSON answers are read field by field */
// Monitor runs through the job queue, with real processes on a real PostgreSQL: servers started with
// --no-runner fire the slots, a `rampart worker` runs the scans against fixture APIs on 127.0.0.1 and records
// each run with its events in the outbox. Two servers sharing the database fire each slot once; a run longer
// than the interval delays the next instead of stacking; a worker killed with SIGKILL mid-run has its job
// retried after its lease lapses, and the run and its events are recorded once.
import { describe, expect, it } from "vitest";
import { json, startServer } from "../helpers/fixture-server.js";
import { freshDatabase } from "../helpers/store-backends.js";
import { attemptsOf, call, query, serve, slowApi, stop, useQueuePostgres, waitFor, worker } from "./_procs.js";

useQueuePostgres();

const SECONDS = ["--min-interval", "2s"];

async function addMonitor(base: string, body: Record<string, unknown>): Promise<string> {
  const r = await call(`${base}/api/monitors`, "POST", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

const runsOf = (url: string, monitorId: string): Promise<any[]> =>
  query(url, "SELECT id::int AS id, scan_id, job_id, scheduled_for, started_at, finished_at, status, events, error FROM monitor_runs WHERE monitor_id = $1 ORDER BY id", [monitorId]);

const eventsOf = (url: string, scanId: string): Promise<any[]> =>
  query(url, "SELECT id, type, body_json FROM events WHERE scan_id = $1 ORDER BY seq", [scanId]);

function completedRuns(url: string, monitorId: string, n: number, timeoutMs = 120_000): Promise<any[]> {
  return waitFor(`${n} completed runs of ${monitorId}`, async () => {
    const runs = await runsOf(url, monitorId);
    return runs.filter((r) => r.status === "completed").length >= n ? runs : null;
  }, timeoutMs);
}

/** Each finished run: its scan ran once, on a worker, and its events are in the outbox once. */
async function expectRecordedOnce(url: string, run: any, workerPids: number[]): Promise<any[]> {
  expect(run.job_id).toBeTruthy();
  const attempts = await attemptsOf(url, run.scan_id);
  expect(attempts.map((a) => a.outcome)).toEqual(["completed"]);
  expect(workerPids.some((pid) => attempts[0]?.worker.endsWith(`:${pid}`))).toBe(true);
  const events = await eventsOf(url, run.scan_id);
  expect(events).toHaveLength(run.events);
  expect(events.filter((e) => e.type === "scan.completed")).toHaveLength(1);
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  return events;
}

describe("monitor runs through the job queue", () => {
  it("a --no-runner server fires, a worker runs: each run and its events recorded once", async () => {
    const url = await freshDatabase();
    const api = await startServer((_req, res) => json(res, 200, { items: [] }, { "set-cookie": "session=abc123; Path=/" }));
    const server = await serve(url, ["--no-runner", ...SECONDS]);
    const w = await worker(url);
    try {
      const id = await addMonitor(server.url, { url: api.url, schedule: { every: "2s" }, depth: "quick" });
      const runs = (await completedRuns(url, id, 3)).filter((r) => r.status === "completed");
      for (const run of runs) await expectRecordedOnce(url, run, [w.child.pid as number]);
      // The first run raised the insecure cookie as new; later runs found nothing new.
      const first = await eventsOf(url, runs[0].scan_id);
      expect(first.filter((e) => e.type === "finding.new").length).toBeGreaterThan(0);
      for (const run of runs.slice(1)) expect((await eventsOf(url, run.scan_id)).filter((e) => e.type === "finding.new")).toEqual([]);
      expect(new Set(runs.map((r) => r.scheduled_for.getTime())).size).toBe(runs.length);
      // The scans ran on the worker, not in the server; the API shows the runs as any other.
      const listed = await call(`${server.url}/api/monitors/${id}/runs?limit=50`, "GET");
      expect(listed.body.items.filter((r: any) => r.status === "completed").length).toBeGreaterThanOrEqual(3);
      const jobs = await query(url, "SELECT state, retry_count FROM rampart_queue.job WHERE id = ANY($1::uuid[])", [runs.map((r) => r.job_id)]);
      expect(jobs).toEqual(runs.map(() => ({ state: "completed", retry_count: 0 })));
    } finally {
      expect(await stop(w)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 180_000);

  it("two servers on one database fire each slot once, and a run longer than the interval never stacks", async () => {
    const url = await freshDatabase();
    // Each request takes 1 s and a quick scan sends about a dozen, one at a time: a run lasts several times the
    // 2 s interval (asserted below for every run).
    const api = await slowApi(1000);
    const a = await serve(url, ["--no-runner", ...SECONDS]);
    const b = await serve(url, ["--no-runner", ...SECONDS]);
    const w = await worker(url, ["--concurrency", "3"]);
    let maxRunning = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const rows = await query(url, "SELECT COUNT(*)::int AS n FROM monitor_runs WHERE status = 'running'").catch(() => [{ n: 0 }]);
        maxRunning = Math.max(maxRunning, rows[0].n);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      const id = await addMonitor(a.url, { url: api.url, schedule: { every: "2s" }, depth: "quick", checks: ["encryption.cookie-insecure"], concurrency: 1 });
      const runs = (await completedRuns(url, id, 3, 150_000)).filter((r) => r.status !== "running");
      polling = false;
      await poller;
      expect(maxRunning).toBe(1);
      expect(new Set(runs.map((r) => r.scheduled_for.getTime())).size).toBe(runs.length);
      for (let i = 1; i < runs.length; i++) {
        const prev = runs[i - 1];
        const run = runs[i];
        // Longer than the interval, so the next slot was due while it ran: it started once, after the end.
        expect(prev.finished_at.getTime() - prev.started_at.getTime()).toBeGreaterThan(2000);
        expect(run.started_at.getTime()).toBeGreaterThanOrEqual(prev.finished_at.getTime());
        expect(run.started_at.getTime() - prev.finished_at.getTime()).toBeLessThan(5000);
      }
      for (const run of runs.filter((r) => r.status === "completed")) await expectRecordedOnce(url, run, [w.child.pid as number]);
    } finally {
      polling = false;
      await poller;
      expect(await stop(w)).toBe(0);
      await stop(a);
      await stop(b);
      await api.close();
    }
  }, 240_000);

  it("SIGKILL of the worker mid-run: the job is retried after the lease, the run and its events recorded once", async () => {
    const url = await freshDatabase();
    const api = await slowApi(100);
    const server = await serve(url, ["--no-runner", ...SECONDS]);
    const a = await worker(url, ["--lease", "3"]);
    let b = null;
    try {
      // One run (the next slot is an hour away), a scan of several seconds.
      const id = await addMonitor(server.url, { url: api.url, schedule: { every: "1h" }, depth: "quick", rate: 10, concurrency: 1 });
      // An hourly monitor's first run is jittered by up to a minute; this test is about the retry, so the run is
      // made due now (to the millisecond: the scheduler claims a slot by its stored time, which it keeps in ms). The
      // bound on next_run_at leaves a slot the scheduler already fired (moved an hour on) as it is.
      await query(url, "UPDATE monitors SET next_run_at = date_trunc('milliseconds', now()) WHERE id = $1 AND next_run_at < now() + interval '61 seconds'", [id]);
      const run = await waitFor("the run's scan to be claimed", async () => {
        const r = (await runsOf(url, id))[0];
        if (!r?.scan_id) return null;
        return (await attemptsOf(url, r.scan_id)).some((x) => x.ended_at === null) ? r : null;
      });
      expect((await attemptsOf(url, run.scan_id))[0]?.worker).toContain(`:${a.child.pid}`);
      await new Promise((r) => setTimeout(r, 1000));
      a.child.kill("SIGKILL");
      await a.exited;
      b = await worker(url, ["--lease", "3"]);
      const runs = await completedRuns(url, id, 1, 120_000);
      expect(runs).toHaveLength(1);
      const done = runs[0];
      const attempts = await attemptsOf(url, done.scan_id);
      expect(attempts.map((x) => x.outcome)).toEqual(["lost", "completed"]);
      expect(attempts[1]?.worker).toContain(`:${b.child.pid}`);
      const events = await eventsOf(url, done.scan_id);
      expect(events).toHaveLength(done.events);
      expect(events.filter((e) => e.type === "scan.completed")).toHaveLength(1);
      const newFindings = events.filter((e) => e.type === "finding.new").map((e) => e.body_json.data.finding.id);
      expect(newFindings.length).toBeGreaterThan(0);
      expect(new Set(newFindings).size).toBe(newFindings.length);
      // Every event of the monitor is this run's: nothing from the lost attempt.
      expect((await query(url, "SELECT COUNT(*)::int AS n FROM events WHERE monitor_id = $1", [id]))[0].n).toBe(events.length);
      const jobs = await query(url, "SELECT state, retry_count FROM rampart_queue.job WHERE id = $1::uuid", [done.job_id]);
      expect(jobs).toEqual([{ state: "completed", retry_count: 1 }]);
    } finally {
      if (b) expect(await stop(b)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 180_000);
});
