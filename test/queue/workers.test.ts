// Two `rampart worker` processes and a `rampart serve --no-runner` share one real PostgreSQL: the server only
// enqueues, the workers run every scan once, the queue's tables hold no credential in clear, and the
// command-line mistakes are one line each.
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { freshDatabase } from "../helpers/store-backends.js";
import { attemptsOf, call, env, finished, home, query, serve, slowApi, slowScan, stop, useQueuePostgres, worker } from "./_procs.js";

useQueuePostgres();

describe("rampart worker and serve --no-runner", () => {
  it("a server that only enqueues and two workers: every scan runs once, by a worker, with sealed credentials", async () => {
    const url = await freshDatabase();
    const SECRET = "queue-identity-secret-7f3a";
    const seen: string[] = [];
    const authed = await startServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      json(res, 200, { items: [] }, { "set-cookie": "session=abc123; Path=/" });
    });
    const api = await slowApi(100);
    const server = await serve(url, ["--no-runner"]);
    // Which worker takes a job is the queue's choice, so each worker's share is made certain by construction:
    // the first scan runs while only the first worker is up, the last one after it has stopped.
    const w1 = await worker(url, ["--concurrency", "2"]);
    let w2: Awaited<ReturnType<typeof worker>> | null = null;
    let w1Stopped = false;
    try {
      expect(server.err()).toContain("run them with `rampart worker` (--no-runner)");
      expect((await call(`${server.url}/api/identities`, "PUT", { target: authed.url, label: "ci", credentials: [{ kind: "bearer", token: SECRET }] })).status).toBe(200);
      const withIdentity = await call(`${server.url}/api/scans`, "POST", { url: authed.url, identities: ["ci"], depth: "quick", checks: ["encryption.cookie-insecure"] });
      expect(withIdentity.status, JSON.stringify(withIdentity.body)).toBe(202);
      const ids: string[] = [withIdentity.body.id];
      expect(`${(await finished(server.url, ids[0] as string)).status}`).toBe("completed");
      expect(seen).toContain(`Bearer ${SECRET}`);
      w2 = await worker(url, ["--concurrency", "2"]);
      const post = async (): Promise<void> => {
        const r = await call(`${server.url}/api/scans`, "POST", slowScan(api.url, 50));
        expect(r.status).toBe(202);
        ids.push(r.body.id);
      };
      for (let i = 0; i < 5; i++) await post();
      const ends = await Promise.all(ids.map((id) => finished(server.url, id)));
      for (const e of ends) expect(`${e.status} ${e.error}`).toBe("completed null");
      expect(await stop(w1)).toBe(0);
      w1Stopped = true;
      await post();
      expect(`${(await finished(server.url, ids.at(-1) as string)).status}`).toBe("completed");

      // One attempt per scan, each by a worker process (never the --no-runner server): the first by the first
      // worker, the last by the second, the ones between by either.
      const byScan: string[] = [];
      for (const id of ids) {
        const attempts = await attemptsOf(url, id);
        expect(attempts.map((a) => a.outcome)).toEqual(["completed"]);
        byScan.push(attempts[0]?.worker.split(":").pop() as string);
      }
      const [p1, p2] = [String(w1.child.pid), String(w2.child.pid)];
      expect(byScan[0]).toBe(p1);
      expect(byScan.at(-1)).toBe(p2);
      expect(byScan.every((p) => p === p1 || p === p2)).toBe(true);
      expect(byScan).not.toContain(String(server.child.pid));

      // The queue's job rows hold the request sealed: no credential in clear. Jobs deferred while their host
      // was at its limit are new rows of the same scan; none is left waiting or running.
      const jobs = await query(url, "SELECT data::text AS data, data->>'scanId' AS scan, state FROM rampart_queue.job WHERE name = 'rampart-scan'");
      expect(new Set(jobs.map((j) => j.scan))).toEqual(new Set(ids));
      for (const j of jobs) {
        expect(j.data).not.toContain(SECRET);
        expect(j.state).toBe("completed");
      }
      const report = (await call(`${server.url}/api/scans/${ids[0]}`, "GET")).body;
      expect(JSON.stringify(report)).not.toContain(SECRET);
    } finally {
      if (!w1Stopped) expect(await stop(w1)).toBe(0);
      if (w2) expect(await stop(w2)).toBe(0);
      expect(await stop(server)).toBe(0);
      await authed.close();
      await api.close();
    }
  }, 180_000);

  it("mistakes are one line: a worker without PostgreSQL, --no-runner on SQLite, a worker without the key", async () => {
    const noPg = await runCli(["worker", "--store", `${home}/x.db`], { env: env() as Record<string, string> });
    expect(noPg.code).toBe(2);
    expect(noPg.stderr.trim()).toMatch(/^.*rampart worker needs a PostgreSQL store/);
    expect(noPg.stderr.trim().split("\n")).toHaveLength(1);
    const sqlite = await runCli(["serve", "--port", "0", "--store", `${home}/y.db`, "--no-runner"], { env: env() as Record<string, string> });
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain("--no-runner needs a PostgreSQL store");
    const url = await freshDatabase();
    const noKey = await runCli(["worker", "--store", url], { env: env({ RAMPART_SECRET_KEY: "", RAMPART_SECRET_KEY_FILE: path.join(os.tmpdir(), `rampart-no-key-${process.pid}`, "missing.key") }) as Record<string, string> });
    expect(noKey.code).not.toBe(0);
    expect(noKey.stderr).toContain("does not exist; set RAMPART_SECRET_KEY");
    expect(noKey.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
