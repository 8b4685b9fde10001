// One suite, both backends: everything the server persists behaves the same on the embedded SQLite file and
// on PostgreSQL (a real server started for this file), plus the PostgreSQL migration race across processes.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { newEventId, type RampartEvent } from "../../src/monitor/events.js";
import type { RampartStore } from "../../src/store/contract.js";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from "../../src/store/postgres/migrations.js";
import { BACKENDS, freshDatabase, useTestBackends } from "../helpers/store-backends.js";
import { makeReport } from "./fixtures/report.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const TARGET = "http://127.0.0.1:8000";
const open = useTestBackends();

function event(type: RampartEvent["type"], scanId: string, id = newEventId()): RampartEvent {
  return { id, type, createdAt: new Date().toISOString(), monitor: { id: "mon_1", name: "orders" }, target: TARGET, scanId, link: null, severity: "high", data: {} };
}

describe.each(BACKENDS)("store contract on $name", (backend) => {
  async function store(): Promise<RampartStore> {
    const s = await backend.open();
    open.push(s);
    return s;
  }

  it("queues, runs and completes a scan; secrets in its options never reach the stored report", async () => {
    const s = await store();
    const secret = "s3cr3t-bearer-value-123456";
    const id = await s.scans.begin({ target: `${TARGET}/`, status: "queued", options: { target: TARGET, auth: [`bearer:${secret}`] } });
    expect((await s.scans.get(id))?.status).toBe("queued");
    expect(JSON.stringify((await s.scans.get(id))?.options)).not.toContain(secret);
    expect(await s.scans.markRunning(id)).toBe(true);
    expect(await s.scans.markRunning(id)).toBe(false);
    const report = makeReport({ scanId: id, score: 71.6, grade: "C", findings: [{ id: "f-aaaa1", severity: "high", excerpt: `token ${secret}` }, { id: "f-bbbb2", severity: "low" }] });
    const stored = await s.scans.complete(report, id);
    expect(stored).toMatchObject({ id, status: "completed", score: 72, grade: "C", findings: { high: 1, low: 1, total: 2 }, requestsSent: 42 });
    expect(JSON.stringify(stored.report)).not.toContain(secret);
    expect(stored.report?.findings.map((f) => f.id)).toEqual(["f-aaaa1", "f-bbbb2"]);
    // By unique prefix too.
    expect((await s.scans.get(id.slice(0, id.length - 2)))?.id).toBe(id);
    expect(await s.scans.get("nothing-like-this")).toBeNull();
  });

  it("lists newest first with paging and filters, counts, and summarises targets with score history", async () => {
    const s = await store();
    const t0 = Date.parse("2026-03-01T10:00:00.000Z");
    for (let i = 0; i < 5; i++) {
      const target = i % 2 === 0 ? TARGET : "http://127.0.0.1:9000";
      const startedAt = new Date(t0 + i * 60_000).toISOString();
      await s.scans.complete(makeReport({ scanId: `scan-${i}`, target, startedAt, score: 50 + i, grade: "D" }));
    }
    await s.scans.begin({ scanId: "scan-live", target: TARGET, status: "running", startedAt: new Date(t0 + 10 * 60_000).toISOString() });
    expect((await s.scans.list()).map((x) => x.id)).toEqual(["scan-live", "scan-4", "scan-3", "scan-2", "scan-1", "scan-0"]);
    expect((await s.scans.list({ limit: 2, offset: 1 })).map((x) => x.id)).toEqual(["scan-4", "scan-3"]);
    expect((await s.scans.list({ target: `${TARGET}/`, status: "completed" })).map((x) => x.id)).toEqual(["scan-4", "scan-2", "scan-0"]);
    expect(await s.scans.count({ target: TARGET })).toBe(4);
    expect(await s.scans.count({ status: "running" })).toBe(1);
    const targets = await s.scans.targets({ historyLength: 2 });
    expect(await s.scans.targetCount()).toBe(2);
    expect((await s.scans.targets({ limit: 1, offset: 1 })).map((t) => t.targetKey)).toEqual(["http://127.0.0.1:9000"]);
    expect(targets.map((t) => [t.targetKey, t.scans, t.latest.id])).toEqual([
      [TARGET, 4, "scan-live"],
      ["http://127.0.0.1:9000", 2, "scan-3"],
    ]);
    expect(targets[0]?.history).toEqual([
      { id: "scan-2", startedAt: new Date(t0 + 2 * 60_000).toISOString(), score: 52, grade: "D" },
      { id: "scan-4", startedAt: new Date(t0 + 4 * 60_000).toISOString(), score: 54, grade: "D" },
    ]);
    expect((await s.scans.latestTwo(TARGET)).map((x) => x.id)).toEqual(["scan-4", "scan-2"]);
    await expect(s.scans.get("scan-")).rejects.toThrow(/ambiguous/);
  });

  it("fails and cancels only live scans, with a duration, and reaps this machine's dead runners", async () => {
    const s = await store();
    const started = new Date(Date.now() - 5_000).toISOString();
    const a = await s.scans.begin({ target: TARGET, startedAt: started });
    await s.scans.fail(a, "boom\nsecond line");
    const failed = await s.scans.get(a);
    expect(failed).toMatchObject({ status: "failed", error: "boom second line" });
    expect(failed?.durationMs).toBeGreaterThanOrEqual(4_000);
    expect(await s.scans.cancel(a)).toBe(false);
    const b = await s.scans.begin({ target: TARGET, status: "queued" });
    expect(await s.scans.cancel(b, "cancelled by request")).toBe(true);
    expect(await s.scans.markRunning(b)).toBe(false);
    expect((await s.scans.get(b))?.status).toBe("cancelled");
    const c = await s.scans.begin({ target: TARGET, pid: 999_999 });
    expect(await s.scans.reapInterrupted(() => false)).toEqual([c]);
    expect((await s.scans.get(c))?.error).toBe("scan interrupted");
  });

  it("finds the newest completed scan holding a finding by id or prefix", async () => {
    const s = await store();
    await s.scans.complete(makeReport({ scanId: "old", startedAt: "2026-01-01T00:00:00.000Z", findings: [{ id: "abcd1234" }] }));
    await s.scans.complete(makeReport({ scanId: "new", startedAt: "2026-02-01T00:00:00.000Z", findings: [{ id: "abcd1234" }, { id: "abcd9999" }] }));
    expect((await s.scans.findFinding("abcd1234"))?.scan.id).toBe("new");
    expect((await s.scans.findFinding("abcd99"))?.finding.id).toBe("abcd9999");
    await expect(s.scans.findFinding("abcd")).rejects.toThrow(/ambiguous/);
    expect(await s.scans.findFinding("zzzz")).toBeNull();
    expect(await s.scans.findFinding("ab")).toBeNull();
  });

  it("keeps triage per target: set, replace, reopen", async () => {
    const s = await store();
    expect(await s.triage.set({ target: `${TARGET}/`, findingId: "f1", status: "accepted", reason: " known ", expires: "2030-01-01", by: "tok_1" })).toMatchObject({
      target: TARGET,
      status: "accepted",
      reason: "known",
      expires: "2030-01-01",
      updatedBy: "tok_1",
    });
    await s.triage.set({ target: TARGET, findingId: "f2", status: "false-positive" });
    await s.triage.set({ target: TARGET, findingId: "f1", status: "false-positive", reason: "not exploitable" });
    expect((await s.triage.forTarget(TARGET)).map((t) => [t.findingId, t.status, t.reason])).toEqual([
      ["f1", "false-positive", "not exploitable"],
      ["f2", "false-positive", "false positive"],
    ]);
    expect(await s.triage.set({ target: TARGET, findingId: "f2", status: "open" })).toBeNull();
    expect((await s.triage.forTarget(TARGET)).map((t) => t.findingId)).toEqual(["f1"]);
    expect([...(await s.triage.targetKeys())]).toEqual([TARGET]);
  });

  it("stores token hashes, looks them up, touches at most once a minute, revokes", async () => {
    const s = await store();
    expect(await s.tokens.total()).toBe(0);
    await s.tokens.insert({ id: "tok_a", name: "ci", role: "operator", hash: "h-a" });
    await s.tokens.insert({ id: "tok_b", name: "viewer", role: "viewer", hash: "h-b" });
    await expect(s.tokens.insert({ id: "tok_c", name: "dup", role: "viewer", hash: "h-a" })).rejects.toThrow();
    expect(await s.tokens.byHash("h-a")).toMatchObject({ id: "tok_a", role: "operator", lastUsedAt: null });
    const t1 = new Date("2026-05-01T00:00:00.000Z");
    await s.tokens.touch("tok_a", t1);
    await s.tokens.touch("tok_a", new Date(t1.getTime() + 30_000));
    expect((await s.tokens.byHash("h-a"))?.lastUsedAt).toBe(t1.toISOString());
    expect((await s.tokens.revoke("tok_a"))?.revokedAt).toBeTruthy();
    expect(await s.tokens.revoke("tok_a")).toBeNull();
    expect(await s.tokens.byHash("h-a")).toBeNull();
    expect((await s.tokens.list()).map((t) => t.id)).toEqual(["tok_b"]);
    expect((await s.tokens.list(true)).length).toBe(2);
    expect(await s.tokens.total()).toBe(2);
  });

  it("keeps sealed identities per target and label; replacing keeps the creation time", async () => {
    const s = await store();
    const row = { targetKey: TARGET, label: "admin", summary: "[]", sealed: "v1.sealed-blob", keyId: "k1", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    await s.identities.put(row);
    await s.identities.put({ ...row, sealed: "v1.other-blob", createdAt: "2026-02-02T00:00:00.000Z", updatedAt: "2026-02-02T00:00:00.000Z" });
    await s.identities.put({ ...row, label: "reader" });
    expect(await s.identities.get(TARGET, "admin")).toEqual({ ...row, sealed: "v1.other-blob", updatedAt: "2026-02-02T00:00:00.000Z" });
    expect((await s.identities.list(TARGET)).map((r) => r.label)).toEqual(["admin", "reader"]);
    expect(await s.identities.remove(TARGET, "admin")).toBe(true);
    expect(await s.identities.remove(TARGET, "admin")).toBe(false);
    expect(await s.identities.get(TARGET, "admin")).toBeNull();
  });

  it("appends events in order and commits them with the run that raised them, or not at all", async () => {
    const s = await store();
    const first = event("finding.new", "x");
    await s.events.append([first]);
    const id = await s.scans.begin({ target: TARGET });
    const done = event("scan.completed", id);
    await s.scans.complete(makeReport({ scanId: id }), id, [done, event("grade.changed", id)]);
    const all = await s.events.after(0);
    expect(all.map((e) => e.event.type)).toEqual(["finding.new", "scan.completed", "grade.changed"]);
    expect(all[1]?.event).toEqual(done);
    expect((await s.events.after(all[1]!.seq)).map((e) => e.event.type)).toEqual(["grade.changed"]);

    // A run whose events cannot be written (a repeated event id) is not recorded either.
    const other = await s.scans.begin({ target: TARGET });
    await expect(s.scans.complete(makeReport({ scanId: other }), other, [event("scan.completed", other, first.id)])).rejects.toThrow();
    expect((await s.scans.get(other))?.status).toBe("running");
    expect(await s.events.after(0)).toHaveLength(3);
  });

  it("copies rows out and in without doubling them", async () => {
    const s = await store();
    await s.scans.complete(makeReport({ scanId: "c1" }));
    await s.tokens.insert({ id: "tok_x", name: "x", role: "admin", hash: "hx" });
    const rows = await s.copy.read("scans", 0, 10);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: "c1", status: "completed" });
    expect(typeof rows[0]?.report_json).toBe("string");
    const target = await store();
    expect(await target.copy.write("scans", rows)).toBe(1);
    expect(await target.copy.write("scans", rows)).toBe(0);
    expect(await target.copy.write("api_tokens", await s.copy.read("api_tokens", 0, 10))).toBe(1);
    expect(await target.scans.get("c1")).toEqual(await s.scans.get("c1"));
    expect(await target.tokens.byHash("hx")).toEqual(await s.tokens.byHash("hx"));
    expect(await target.copy.count("scans")).toBe(1);
  });
});

describe("PostgreSQL migrations", () => {
  it("several processes starting at once on an empty database apply each step exactly once", async () => {
    const url = await freshDatabase();
    const children = Array.from({ length: 4 }, () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ["--import", "tsx", path.join(fixtures, "pg-open.ts"), url], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("close", (code) => resolve({ code, out, err }));
      }),
    );
    // And several pools of this process at the same moment.
    const pools = Array.from({ length: 3 }, () => openPgBackend(url, { max: 1 }));
    const results = await Promise.all(children);
    for (const r of results) expect(r, r.err).toMatchObject({ code: 0, out: `${PG_SCHEMA_VERSION}\n` });
    for (const s of await Promise.all(pools)) open.push(s);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const versions = (await client.query<{ version: number }>("SELECT version FROM rampart_schema ORDER BY version")).rows.map((r) => r.version);
      expect(versions).toEqual(PG_MIGRATIONS.map((m) => m.version));
      expect((await client.query<{ n: string }>("SELECT COUNT(*) AS n FROM scans")).rows[0]?.n).toBe("4");
      // The job queue's attempts table is one of the steps (not created on the side by the first worker).
      expect((await client.query<{ t: string | null }>("SELECT to_regclass('scan_attempts')::text AS t")).rows[0]?.t).toBe("scan_attempts");
    } finally {
      await client.end();
    }
  }, 60_000);

  it("refuses a database newer than this Rampart, and a database that is not there, in one line", async () => {
    const url = await freshDatabase();
    const s = await openPgBackend(url, { max: 1 });
    await s.pool.query("INSERT INTO rampart_schema (version, description) VALUES ($1, 'from the future')", [PG_SCHEMA_VERSION + 1]);
    await s.close();
    await expect(openPgBackend(url, { max: 1 })).rejects.toThrow(`schema version ${PG_SCHEMA_VERSION + 1} is newer than this Rampart understands`);
    const missing = url.replace(/\/[^/]+$/, "/no_such_db");
    await expect(openPgBackend(missing, { max: 1 })).rejects.toThrow(/cannot use the PostgreSQL store postgres:\/\/postgres@127\.0\.0\.1:\d+\/no_such_db: no such database/);
    await expect(openPgBackend("postgres://u:hunter2@127.0.0.1:1/x", { max: 1, connectTimeoutMs: 2000 })).rejects.toThrow(/^cannot use the PostgreSQL store postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: nothing listens there/);
  });
});
