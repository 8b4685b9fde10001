/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read field by field */
// No lost or doubled work, with real processes on a real PostgreSQL: a worker killed with SIGKILL mid-scan
// (its lease lapses, another worker retries the scan, which is recorded once), a worker stopped with SIGTERM
// and a short grace period (its scan goes back to the queue), a database restart under a running scan, and
// per-host limits that two workers keep together (a scan whose host is full waits in its own job row).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgInstance } from "../helpers/postgres.js";
import { freshDatabase, startTestPostgres, stopTestPostgres } from "../helpers/store-backends.js";
import { attemptsOf, call, finished, home, query, serve, slowApi, slowScan, stop, waitFor, worker } from "./_procs.js";

let pgServer: PgInstance;
beforeAll(async () => {
  pgServer = await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await stopTestPostgres();
  fs.rmSync(home, { recursive: true, force: true });
});

const running = (url: string, scanId: string) =>
  waitFor(`scan ${scanId} to be claimed`, async () => (await attemptsOf(url, scanId)).find((a) => a.ended_at === null) ?? null);

function expectOneReport(scan: any): void {
  expect(scan.status).toBe("completed");
  const ids = scan.findings.map((f: any) => f.id);
  expect(ids.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
}

describe("queue faults", () => {
  it("SIGKILL mid-scan: the lease lapses, another worker retries, the scan is recorded once", async () => {
    const url = await freshDatabase();
    const api = await slowApi(100);
    const server = await serve(url, ["--no-runner"]);
    const a = await worker(url, ["--lease", "3"]);
    let b = null;
    try {
      const started = await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 50));
      const id = started.body.id as string;
      const first = await running(url, id);
      expect(first.worker).toContain(`:${a.child.pid}`);
      await new Promise((r) => setTimeout(r, 1000));
      a.child.kill("SIGKILL");
      await a.exited;
      b = await worker(url, ["--lease", "3"]);
      const done = await finished(server.url, id, 120_000);
      expectOneReport(done);
      const attempts = await attemptsOf(url, id);
      expect(attempts.map((x) => x.outcome)).toEqual(["lost", "completed"]);
      expect(attempts[1]?.worker).toContain(`:${b.child.pid}`);
      expect((await query(url, "SELECT COUNT(*)::int AS n FROM scans WHERE id = $1", [id]))[0].n).toBe(1);
      const jobs = await query(url, "SELECT state, retry_count FROM rampart_queue.job WHERE data->>'scanId' = $1", [id]);
      expect(jobs).toEqual([{ state: "completed", retry_count: 1 }]);
    } finally {
      if (b) expect(await stop(b)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 180_000);

  it("SIGTERM with a short grace: the running scan goes back to the queue and another worker records it", async () => {
    const url = await freshDatabase();
    const api = await slowApi(100);
    const server = await serve(url, ["--no-runner"]);
    const a = await worker(url, ["--grace", "1"]);
    let b = null;
    try {
      const id = (await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 50))).body.id as string;
      await running(url, id);
      expect(await stop(a, "SIGTERM")).toBe(0);
      expect(a.err()).toContain("0 scan(s) finished, 1 requeued for another worker");
      expect((await query(url, "SELECT status FROM scans WHERE id = $1", [id]))[0].status).toBe("queued");
      b = await worker(url);
      expectOneReport(await finished(server.url, id, 120_000));
      expect((await attemptsOf(url, id)).map((x) => x.outcome)).toEqual(["requeued", "completed"]);
    } finally {
      if (b) expect(await stop(b)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 180_000);

  it("a database restart under a running scan: server and worker reconnect, the scan completes", async () => {
    const url = await freshDatabase();
    const api = await slowApi(100);
    const server = await serve(url, ["--no-runner"]);
    const w = await worker(url, ["--lease", "20"]);
    try {
      const id = (await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 50))).body.id as string;
      await running(url, id);
      await pgServer.restart(2000);
      expectOneReport(await waitFor("the scan to end", async () => {
        const r = await call(`${server.url}/api/scans/${id}`, "GET");
        return r.status === 200 && !["queued", "running"].includes(r.body.status) ? r.body : null;
      }, 120_000));
      // Both processes work on after the restart: a new scan is enqueued and run.
      const again = await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 200, { checks: ["encryption.cookie-insecure"] }));
      expect(again.status).toBe(202);
      expect((await finished(server.url, again.body.id)).status).toBe("completed");
    } finally {
      expect(await stop(w)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 180_000);

  it("per-host limits hold across two workers: scans at once and requests per second to one host", async () => {
    const url = await freshDatabase();
    const api = await slowApi(10);
    const server = await serve(url, ["--no-runner"]);
    const limits = ["--host-concurrency", "2", "--host-rps", "20"];
    // One scan at a time on the first worker, three on the second: the host's two live scans are then on
    // both workers, and the second worker's third slot must stay idle for the host's sake.
    const w1 = await worker(url, ["--concurrency", "1", ...limits]);
    let w2: Awaited<ReturnType<typeof worker>> | null = null;
    let maxLive = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const rows = await query(url, "SELECT COUNT(*)::int AS n FROM scan_attempts WHERE ended_at IS NULL").catch(() => [{ n: 0 }]);
        maxLive = Math.max(maxLive, rows[0].n);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      // The first scan is slow (2 requests a second) and taken by the first worker before the second starts.
      const ids: string[] = [(await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 2))).body.id];
      expect((await running(url, ids[0] as string)).worker).toContain(`:${w1.child.pid}`);
      w2 = await worker(url, ["--concurrency", "3", ...limits]);
      // The others ask for 50 requests per second; the host's 20/s is shared by at most 2 scans at once.
      for (let i = 0; i < 3; i++) ids.push((await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 50))).body.id);
      for (const id of ids) expect((await finished(server.url, id, 150_000)).status).toBe("completed");
      polling = false;
      await poller;
      expect(maxLive).toBe(2);
      const workers = new Set<string>();
      for (const id of ids) for (const a of await attemptsOf(url, id)) workers.add(a.worker);
      expect(workers.size).toBe(2);
      // In any one-second window: at most 20 requests, plus the one token each scan's bucket may hold.
      const t = api.arrivals;
      let busiest = 0;
      for (let i = 0, j = 0; i < t.length; i++) {
        while ((t[i] as number) - (t[j] as number) >= 1000) j++;
        busiest = Math.max(busiest, i - j + 1);
      }
      expect(t.length).toBeGreaterThan(40);
      expect(busiest).toBeLessThanOrEqual(22);
      // Scans whose host was full were deferred in place: one job row per scan, re-scheduled (start_after
      // moved past its creation), completed, with no retry used up by the waiting.
      const jobs = await query(
        url,
        "SELECT data->>'scanId' AS scan, state, retry_count, start_after > created_on + interval '1 second' AS deferred FROM rampart_queue.job WHERE name = 'rampart-scan'",
      );
      expect(jobs.map((j) => j.scan).sort()).toEqual([...ids].sort());
      for (const j of jobs) expect(j).toMatchObject({ state: "completed", retry_count: 0 });
      expect(jobs.filter((j) => j.deferred).length).toBeGreaterThan(0);
    } finally {
      polling = false;
      expect(await stop(w1)).toBe(0);
      if (w2) expect(await stop(w2)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 240_000);
});
