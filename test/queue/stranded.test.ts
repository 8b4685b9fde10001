/* eslint-disable @typescript-eslint/no-explicit-any -- rows and JSON answers are read field by field */
// Jobs a worker left active without a live attempt, with real processes on a real PostgreSQL. A worker that
// dies after fetching a job but before claiming its scan, or after ending the scan's attempt but before
// completing the job, leaves the job `active` with nothing renewing anything: only pg-boss's expiry (hours)
// would bring it back. The state such a death leaves is written into the database (the instants between
// the two statements are too short to hit with a signal), and a running worker's sweeper must retry the
// job: the first scan then runs once; the recorded one is found recorded and its job completes at once,
// without a second attempt.
import { describe, expect, it } from "vitest";
import { json, startServer } from "../helpers/fixture-server.js";
import { freshDatabase } from "../helpers/store-backends.js";
import { attemptsOf, call, finished, query, serve, stop, useQueuePostgres, waitFor, worker } from "./_procs.js";

useQueuePostgres();

const jobOf = async (url: string, scanId: string): Promise<any> =>
  (await query(url, "SELECT id::text AS id, state, retry_count FROM rampart_queue.job WHERE name = 'rampart-scan' AND data->>'scanId' = $1", [scanId]))[0];

/** What a worker that fetched the job ten minutes ago and then died leaves behind. */
const strandJob = (url: string, scanId: string) =>
  query(
    url,
    `UPDATE rampart_queue.job SET state = 'active', started_on = now() - interval '10 minutes', completed_on = NULL
     WHERE name = 'rampart-scan' AND data->>'scanId' = $1`,
    [scanId],
  );

describe("stranded queue jobs", () => {
  it("a job left active by a dead worker is retried: run once if it never started, completed at once if recorded", async () => {
    const url = await freshDatabase();
    const api = await startServer((_req, res) => json(res, 200, { items: [] }, { "set-cookie": "session=abc123; Path=/" }));
    const server = await serve(url, ["--no-runner"]);
    let w: Awaited<ReturnType<typeof worker>> | null = null;
    try {
      // 1. Fetched, never claimed: no attempt at all.
      const unclaimed = (await call(`${server.url}/api/scans`, "POST", { url: api.url, depth: "quick" })).body.id as string;
      await strandJob(url, unclaimed);
      w = await worker(url, ["--lease", "6"]);
      expect((await finished(server.url, unclaimed, 120_000)).status).toBe("completed");
      expect((await attemptsOf(url, unclaimed)).map((a) => a.outcome)).toEqual(["completed"]);
      const first = await jobOf(url, unclaimed);
      expect(first).toMatchObject({ state: "completed", retry_count: 1 });
      expect(w.err()).toContain(`rampart worker: job ${first.id}: its worker stopped without completing it; the job is retried`);

      // 2. Recorded and its attempt ended, the job never completed.
      const recorded = (await call(`${server.url}/api/scans`, "POST", { url: api.url, depth: "quick" })).body.id as string;
      const done = await finished(server.url, recorded, 120_000);
      expect(done.status).toBe("completed");
      await waitFor("the job completed", async () => (await jobOf(url, recorded))?.state === "completed", 30_000);
      await strandJob(url, recorded);
      await query(url, "UPDATE scan_attempts SET ended_at = ended_at - interval '10 minutes' WHERE scan_id = $1", [recorded]);
      const job = await waitFor("the stranded job to be completed again", async () => {
        const j = await jobOf(url, recorded);
        return j?.state === "completed" && j.retry_count === 1 ? j : null;
      }, 90_000);
      expect(w.err()).toContain(`rampart worker: job ${job.id}: its worker stopped without completing it; the job is retried`);
      // Found recorded: no second attempt, the stored scan untouched.
      expect((await attemptsOf(url, recorded)).map((a) => a.outcome)).toEqual(["completed"]);
      const after = (await call(`${server.url}/api/scans/${recorded}`, "GET")).body;
      expect(after.status).toBe("completed");
      expect(after.finishedAt).toBe(done.finishedAt);
      expect(after.counts).toEqual(done.counts);
      expect(w.err()).not.toMatch(/\n\s+at /);
    } finally {
      if (w) expect(await stop(w)).toBe(0);
      await stop(server);
      await api.close();
    }
  }, 240_000);
});
