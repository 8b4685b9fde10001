// Scans waiting with no worker are visible, with real processes on a real PostgreSQL: a `rampart serve
// --no-runner` alone takes a scan, and the API marks it as waiting for a worker and serve's stderr says so
// once it has waited past --queue-warning; a `rampart worker` then beats, runs it, and the server says
// workers are back. A worker stopped with SIGTERM removes its heartbeat, so the next queued scan is marked
// again.
import os from "node:os";
import { describe, expect, it } from "vitest";
import { NO_WORKER_NOTE } from "../../src/queue/presence.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { freshDatabase } from "../helpers/store-backends.js";
import { call, finished, query, scanStatus, serve, stop, useQueuePostgres, waitFor, worker } from "./_procs.js";

useQueuePostgres();

const WARNING = /^rampart: 1 queued scan\(s\) waiting, the oldest for \d+ s, and no worker is running: start `rampart worker` with this store and secret key$/;

describe("queued scans with no worker", () => {
  it("are marked in the API and reported in serve's log until a worker takes them", async () => {
    const url = await freshDatabase();
    const api = await startServer((_req, res) => json(res, 200, { items: [] }));
    const server = await serve(url, ["--no-runner", "--queue-warning", "2s"]);
    try {
      const submitted = await call(`${server.url}/api/scans`, "POST", { url: api.url, depth: "quick" });
      expect(submitted.status).toBe(202);
      const id = submitted.body.id as string;
      const detail = await scanStatus(server.url, id);
      expect(detail.status).toBe("queued");
      expect(detail.waiting).toBe(NO_WORKER_NOTE);
      const listed = await call(`${server.url}/api/scans`, "GET");
      expect(listed.body.items.find((s: { id: string }) => s.id === id).waiting).toBe(NO_WORKER_NOTE);

      const warnings = () => server.err().split("\n").filter((l) => l.includes("no worker is running"));
      await waitFor("the no-worker warning", async () => warnings().length > 0, 30_000);
      expect(warnings()[0]).toMatch(WARNING);
      // Repeated every 10 minutes while it lasts, not at every look (one every 500 ms here).
      await new Promise((r) => setTimeout(r, 3000));
      expect(warnings()).toHaveLength(1);

      const w = await worker(url);
      const done = await finished(server.url, id);
      expect(done.status).toBe("completed");
      expect(done.waiting).toBeNull();
      await waitFor("the workers-back line", async () => /rampart: 1 worker\(s\) running again; queued scans are being taken/.test(server.err()), 30_000);
      expect((await query(url, "SELECT name FROM queue_workers")).map((r) => r.name)).toEqual([`${os.hostname()}:${w.child.pid}`]);

      // A worker stopped cleanly leaves at once: the next queued scan is marked again (after the 2 s cache).
      expect(await stop(w)).toBe(0);
      expect(await query(url, "SELECT name FROM queue_workers")).toEqual([]);
      const again = await call(`${server.url}/api/scans`, "POST", { url: api.url, depth: "quick" });
      const marked = await waitFor("the second scan marked", async () => {
        const s = await scanStatus(server.url, again.body.id);
        return s.waiting === NO_WORKER_NOTE ? s : null;
      }, 15_000);
      expect(marked.status).toBe("queued");
      expect(server.err()).not.toMatch(/\n\s+at /);
    } finally {
      await stop(server);
      await api.close();
    }
  }, 180_000);
});
