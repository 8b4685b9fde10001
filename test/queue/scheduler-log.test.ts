// Scheduler failures reach the operator: a real `rampart serve --no-runner` on a real PostgreSQL whose
// monitor_runs table refuses inserts (a trigger raising an error) cannot fire a due monitor. The failure is
// printed on serve's stderr as one line naming the monitor and the database's reason, once while it keeps
// failing every tick (not once a second), and the monitor fires as soon as the database takes runs again.
import { describe, expect, it } from "vitest";
import { freshDatabase } from "../helpers/store-backends.js";
import { call, query, serve, stop, useQueuePostgres, waitFor } from "./_procs.js";

useQueuePostgres();

const REFUSAL = "monitor_runs refused by the test";

describe("scheduler failures in serve's log", () => {
  it("a slot that cannot fire is printed once, in one line, and fires once the database recovers", async () => {
    const url = await freshDatabase();
    const server = await serve(url, ["--no-runner", "--min-interval", "2s"]);
    try {
      await query(url, `CREATE FUNCTION refuse_runs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSAL}'; END $$`);
      await query(url, "CREATE TRIGGER refuse_runs BEFORE INSERT ON monitor_runs FOR EACH ROW EXECUTE FUNCTION refuse_runs()");
      const made = await call(`${server.url}/api/monitors`, "POST", { url: "http://127.0.0.1:9/api", schedule: { every: "2s" }, depth: "quick" });
      expect(made.status).toBe(201);
      const id = made.body.id as string;
      const failures = () => server.err().split("\n").filter((l) => l.includes(REFUSAL));
      await waitFor("the scheduler's failure on stderr", async () => failures().length > 0, 30_000);
      expect(failures()[0]).toBe(`rampart: monitors: monitor ${id} could not start a run: ${REFUSAL}`);
      // The slot stays due, so every tick (one a second) fails again: still one line after several ticks.
      const ticksBefore = Date.now();
      await new Promise((r) => setTimeout(r, 4000));
      expect(Date.now() - ticksBefore).toBeGreaterThanOrEqual(4000);
      expect(failures()).toHaveLength(1);
      expect(server.err()).not.toMatch(/\n\s+at /);
      const runsWhileRefused = await query(url, "SELECT COUNT(*)::int AS n FROM monitor_runs");
      expect(runsWhileRefused[0].n).toBe(0);

      await query(url, "DROP TRIGGER refuse_runs ON monitor_runs");
      const runs = await waitFor("a run once inserts are taken again", async () => {
        const rows = await query(url, "SELECT status, job_id FROM monitor_runs WHERE monitor_id = $1", [id]);
        return rows.length > 0 ? rows : null;
      }, 30_000);
      // No worker runs: the run waits in the queue with its job.
      expect(runs[0].status).toBe("running");
      expect(runs[0].job_id).toBeTruthy();
    } finally {
      await stop(server);
    }
  }, 120_000);
});
