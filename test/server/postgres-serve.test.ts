/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// `rampart serve --store postgres://…` as built: two servers on one real PostgreSQL (started for this file)
// share scans, tokens, sealed identities and triage; `rampart tokens` works on the same database;
// RAMPART_STORE names the store too; SIGTERM still exits 0.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LISTENING, listeningUrl, runCli, startCli, type CliProcess } from "../helpers/cli.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { freshDatabase, startTestPostgres, stopTestPostgres } from "../helpers/store-backends.js";

let home: string;
const KEY = randomBytes(32).toString("hex");
const ADMIN = `rmp_${randomBytes(24).toString("hex")}`;

beforeAll(async () => {
  await startTestPostgres();
  home = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-pg-serve-"));
}, 120_000);
afterAll(async () => {
  await stopTestPostgres();
  fs.rmSync(home, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  RAMPART_HOME: home,
  XDG_CONFIG_HOME: home,
  RAMPART_SECRET_KEY: KEY,
  RAMPART_ADMIN_TOKEN: ADMIN,
  RAMPART_STORE: "",
  ...extra,
});

async function serve(args: string[], extraEnv: Record<string, string> = {}): Promise<CliProcess & { url: string; stderr: () => string }> {
  const p = await startCli(["serve", "--port", "0", ...args], LISTENING, env(extraEnv), 30_000);
  return { ...p, url: listeningUrl(p), stderr: p.err };
}

async function call(url: string, method: string, token: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function finished(base: string, token: string, id: string): Promise<any> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await call(`${base}/api/scans/${id}`, "GET", token);
    if (!["queued", "running"].includes(r.body?.status)) return r.body;
    if (Date.now() > until) throw new Error(`scan ${id} still ${r.body?.status}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

describe("rampart serve on PostgreSQL", () => {
  it("two servers share one database: tokens, sealed identities, scans and triage", async () => {
    const url = await freshDatabase();
    const SECRET = "pg-stored-identity-secret-41d2";
    const seen: string[] = [];
    const api = await startServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      if (req.headers.authorization !== `Bearer ${SECRET}`) return json(res, 401, { error: "unauthorized" });
      return json(res, 200, { items: [] }, { "set-cookie": "session=abc123; Path=/" });
    });
    const a = await serve(["--store", url]);
    // The second server finds the store through RAMPART_STORE.
    const b = await serve([], { RAMPART_STORE: url });
    try {
      expect(a.stderr()).toContain("store postgres://postgres@127.0.0.1:");
      expect(a.stderr()).toContain("admin token taken from RAMPART_ADMIN_TOKEN");
      expect(b.stderr()).not.toContain("admin token"); // the token table was not empty any more

      // A token made by the CLI on the same database works on both servers.
      const made = await runCli(["tokens", "create", "--role", "operator", "--name", "ci", "--store", url], { env: env() });
      expect(made.code, made.stderr).toBe(0);
      const operator = made.stdout.trim();
      for (const s of [a, b]) expect((await call(`${s.url}/api/scans`, "GET", operator)).status).toBe(200);
      // A monitor made on server A is there on server B (paused: it only proves the shared rows).
      const monitor = await call(`${a.url}/api/monitors`, "POST", operator, { url: api.url, schedule: { every: "1h" }, paused: true });
      expect(monitor.status, JSON.stringify(monitor.body)).toBe(201);
      expect((await call(`${b.url}/api/monitors`, "GET", operator)).body.items.map((m: any) => m.id)).toEqual([monitor.body.id]);
      expect((await call(`${b.url}/api/monitors/${monitor.body.id}`, "DELETE", operator)).status).toBe(200);

      // An identity stored through server A is used by a scan started on server B, and never stored in clear.
      expect((await call(`${a.url}/api/identities`, "PUT", ADMIN, { target: api.url, label: "ci", credentials: [{ kind: "bearer", token: SECRET }] })).status).toBe(200);
      const started = await call(`${b.url}/api/scans`, "POST", operator, { url: api.url, identities: ["ci"], depth: "quick", checks: ["encryption.cookie-insecure"] });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const done = await finished(b.url, operator, started.body.id);
      expect(done.status).toBe("completed");
      expect(seen).toContain(`Bearer ${SECRET}`);
      const finding = done.findings.find((f: any) => f.checkId === "encryption.cookie-insecure");
      expect(finding).toBeTruthy();

      // Server A sees B's scan; triage made on A changes the score B shows.
      const onA = await call(`${a.url}/api/scans/${started.body.id}`, "GET", operator);
      expect(onA.body).toMatchObject({ status: "completed", score: done.score });
      const triaged = await call(`${a.url}/api/findings/${finding.id}/triage`, "PUT", operator, { status: "false-positive", reason: "served over TLS by the proxy" });
      expect(triaged.status).toBe(200);
      const after = await call(`${b.url}/api/scans/${started.body.id}`, "GET", operator);
      expect(after.body.findings.map((f: any) => f.id)).not.toContain(finding.id);
      expect(after.body.suppressed.length).toBeGreaterThan(0);
      expect((await call(`${b.url}/api/targets`, "GET", operator)).body.items.map((t: any) => t.latest.id)).toEqual([started.body.id]);

      // Nothing secret in the database: tokens as hashes, the identity sealed, the report redacted.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const dump = JSON.stringify((await client.query("SELECT * FROM scans")).rows) + JSON.stringify((await client.query("SELECT * FROM target_identities")).rows) + JSON.stringify((await client.query("SELECT * FROM api_tokens")).rows);
        for (const secret of [SECRET, ADMIN, operator]) expect(dump).not.toContain(secret);
      } finally {
        await client.end();
      }
    } finally {
      a.child.kill("SIGTERM");
      b.child.kill("SIGTERM");
      expect(await a.exited).toBe(0);
      expect(await b.exited).toBe(0);
      await api.close();
    }
  }, 120_000);

  it("a database that cannot be reached is one line and exit 2, with no password in it", async () => {
    const r = await runCli(["serve", "--port", "0", "--store", "postgres://rampart:hunter2@127.0.0.1:1/rampart"], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("cannot use the PostgreSQL store postgres://rampart:***@127.0.0.1:1/rampart: nothing listens there");
    expect(r.stderr).not.toContain("hunter2");
  });
});
