/* eslint-disable @typescript-eslint/no-explicit-any -- rows and JSON answers are read field by field */
// Deferral backoff with real processes on a real PostgreSQL: one host allowed one live scan
// (--host-concurrency 1), a slow scan holding it, and a second scan of the same host waiting in its job. The
// waiting job is put back again and again in the same row, each time for longer (2, 4, 8 … seconds, capped):
// its `deferrals` count goes up, each new start_after is at least the grown wait past the previous one, no
// retry is used up, and when the host's slot frees the waiting job is woken at once instead of sitting out
// its last wait.
import { describe, expect, it } from "vitest";
import { DEFER_BASE_S, DEFER_CAP_S, deferDelaySeconds } from "../../src/queue/boss.js";
import { freshDatabase } from "../helpers/store-backends.js";
import { call, finished, query, serve, slowApi, slowScan, stop, useQueuePostgres, waitFor, worker } from "./_procs.js";

useQueuePostgres();

const jobOf = async (url: string, scanId: string): Promise<any> =>
  (
    await query(
      url,
      `SELECT state, retry_count, COALESCE((data->>'deferrals')::int, 0) AS deferrals, extract(epoch FROM start_after) * 1000 AS start_after
       FROM rampart_queue.job WHERE name = 'rampart-scan' AND data->>'scanId' = $1`,
      [scanId],
    )
  )[0];

describe("deferral backoff", () => {
  it("waits 2, 4, 8, 16 s, then 20 s at most, each plus up to half again", () => {
    expect([0, 1, 2, 3, 4, 9, 50].map((n) => deferDelaySeconds(n, () => 0))).toEqual([2, 4, 8, 16, 20, 20, 20]);
    expect([0, 1, 2, 3, 4, 50].map((n) => deferDelaySeconds(n, () => 1))).toEqual([3, 6, 12, 24, 30, 30]);
    expect(deferDelaySeconds(-1, () => 0)).toBe(2);
  });

  it("a job waiting for a full host is put back in the same row for growing waits, and runs once the host is free", async () => {
    const url = await freshDatabase();
    const api = await slowApi(10);
    const server = await serve(url, ["--no-runner"]);
    // A 9 s lease is renewed every 3 s: the cancellation below reaches the worker within a few seconds.
    const w = await worker(url, ["--concurrency", "2", "--host-concurrency", "1", "--lease", "9"]);
    try {
      // One request a second: the first scan holds the host's only slot for a good while.
      const holder = (await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 1))).body.id as string;
      await waitFor("the first scan to run", async () => (await query(url, "SELECT 1 FROM scan_attempts WHERE scan_id = $1", [holder])).length > 0, 60_000);
      const waiting = (await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 50))).body.id as string;

      // Each deferral seen: its count and the start_after it set.
      const seen = new Map<number, number>();
      await waitFor("three deferrals of the waiting scan", async () => {
        const j = await jobOf(url, waiting);
        if (j && j.deferrals > 0 && !seen.has(j.deferrals)) seen.set(j.deferrals, Number(j.start_after));
        return seen.size >= 3 || j?.state === "completed";
      }, 120_000);
      expect(seen.size).toBeGreaterThanOrEqual(3);
      // Free the host: the slot's end wakes the waiting job, which starts before its last backoff ran out.
      const lastStart = Number((await jobOf(url, waiting)).start_after);
      expect((await call(`${server.url}/api/scans/${holder}/cancel`, "POST")).status).toBe(200);
      expect((await finished(server.url, waiting, 120_000)).status).toBe("completed");
      const claimed = await query(url, "SELECT extract(epoch FROM claimed_at) * 1000 AS t FROM scan_attempts WHERE scan_id = $1", [waiting]);
      const holderEnd = await query(url, "SELECT extract(epoch FROM ended_at) * 1000 AS t FROM scan_attempts WHERE scan_id = $1", [holder]);
      expect(Number(holderEnd[0].t)).toBeLessThan(lastStart);
      expect(Number(claimed[0].t)).toBeLessThan(lastStart);

      // The job deferred n times is fetched only after its start_after, and then put back for at least the
      // n-th wait (2, 4, 8 … s, capped): start_after moves on by at least that much each time.
      const counts = [...seen.keys()].sort((a, b) => a - b);
      let checked = 0;
      for (const n of counts) {
        const next = seen.get(n + 1);
        if (next === undefined) continue;
        const minWait = Math.min(DEFER_CAP_S, DEFER_BASE_S * 2 ** n) * 1000;
        expect(next - (seen.get(n) as number)).toBeGreaterThanOrEqual(minWait - 50);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(2);
      const job = await jobOf(url, waiting);
      expect(job).toMatchObject({ state: "completed", retry_count: 0 });
      expect(job.deferrals).toBeGreaterThanOrEqual(Math.max(...counts));
      expect((await query(url, "SELECT COUNT(*)::int AS n FROM rampart_queue.job WHERE data->>'scanId' = $1", [waiting]))[0].n).toBe(1);
      expect(w.err()).not.toMatch(/\n\s+at /);
    } finally {
      expect(await stop(w)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 240_000);
});
