// `rampart store migrate|copy` as built, against a real PostgreSQL started for this file: a SQLite history
// copied over (twice: nothing doubled), sealed identities and token hashes unchanged, counts printed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newEventId, type RampartEvent } from "../../src/monitor/events.js";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { PG_SCHEMA_VERSION } from "../../src/store/postgres/migrations.js";
import { openSqliteBackend } from "../../src/store/sqlite-backend.js";
import { runCli } from "../helpers/cli.js";
import { freshDatabase, startTestPostgres, stopTestPostgres } from "../helpers/store-backends.js";
import { makeReport } from "./fixtures/report.js";

let dir: string;
beforeAll(async () => {
  await startTestPostgres();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-store-cli-"));
}, 120_000);
afterAll(async () => {
  await stopTestPostgres();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("rampart store", () => {
  it("migrates a PostgreSQL store and copies a SQLite history into it idempotently", async () => {
    const url = await freshDatabase();
    const file = path.join(dir, "rampart.db");
    const local = openSqliteBackend({ path: file });
    for (let i = 0; i < 3; i++) await local.scans.complete(makeReport({ scanId: `scan-${i}`, startedAt: `2026-01-0${i + 1}T00:00:00.000Z`, findings: [{ id: `f-${i}` }] }));
    await local.scans.fail(await local.scans.begin({ scanId: "scan-failed", target: "http://127.0.0.1:8000" }), "target down");
    await local.tokens.insert({ id: "tok_1", name: "ci", role: "operator", hash: "a".repeat(64) });
    await local.triage.set({ target: "http://127.0.0.1:8000", findingId: "f-1", status: "false-positive" });
    const sealed = { targetKey: "http://127.0.0.1:8000", label: "ci", summary: "[]", sealed: "v1.k.iv.tag.ct", keyId: "k", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" };
    await local.identities.put(sealed);
    // Monitoring: a monitor with two runs, events in the outbox, a webhook endpoint subscribed after the first
    // event, its deliveries (one delivered, one dead) and the fan-out cursor.
    const monitor = await local.monitors.insert({ name: "orders", target: "http://127.0.0.1:8000", schedule: { every: "1h" }, nextRunAt: "2026-01-05T00:00:00.000Z" });
    const ev = (n: number): RampartEvent => ({ id: newEventId(new Date(Date.parse("2026-01-01T00:00:00Z") + n)), type: "finding.new", createdAt: "2026-01-01T00:00:00.000Z", monitor: { id: monitor.id, name: "orders" }, target: "http://127.0.0.1:8000", scanId: "scan-1", link: null, severity: "high", data: { n } });
    const events = [ev(1), ev(2), ev(3)];
    await local.events.append([events[0]!]);
    await local.webhooks.insertEndpoint({
      id: "wh_1", format: "json", url_sealed: "v1.sealed-url", url_display: "http://127.0.0.1/…", description: null, events_json: '["*"]', min_severity: null,
      active: 1, secret_sealed: "v1.sealed-secret", previous_secret_sealed: null, previous_expires_at: null, key_id: "k",
      from_seq: await local.webhooks.latestEventSeq(), created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z",
    });
    const r1 = await local.monitors.startRun(monitor.id, "2026-01-01T00:00:00.000Z", "scan-1", new Date("2026-01-01T00:00:00.000Z"));
    await local.monitors.finishRun(r1, { status: "completed", reachable: true, score: 80, grade: "B", changes: { firstRun: true } }, [events[1]!, events[2]!], new Date("2026-01-01T00:01:00.000Z"));
    const r2 = await local.monitors.startRun(monitor.id, "2026-01-01T01:00:00.000Z", null, new Date("2026-01-01T01:00:00.000Z"));
    await local.webhooks.fanOut(() => true, new Date("2026-01-01T00:02:00.000Z"));
    const [d1] = await local.webhooks.claimDue("s", Date.parse("2026-01-01T00:02:00.000Z"), 1, 60_000);
    await local.webhooks.markDelivered(d1!.id, "s", { at: new Date("2026-01-01T00:02:01.000Z"), status: 204, error: null });
    const [d2] = await local.webhooks.claimDue("s", Date.parse("2026-01-01T00:02:02.000Z"), 1, 60_000);
    await local.webhooks.markFailed(d2!.id, "s", { at: new Date("2026-01-01T00:02:03.000Z"), status: 500, error: "HTTP 500", nextAttemptAt: 0, dead: true });
    await local.close();

    const migrated = await runCli(["store", "migrate", "--store", url]);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain(`(PostgreSQL): schema version ${PG_SCHEMA_VERSION}, up to date`);

    const first = await runCli(["store", "copy", "--from", file, "--to", url]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("scans: 4 read, 4 copied, 0 already there");
    expect(first.stdout).toContain("api_tokens: 1 read, 1 copied");
    expect(first.stdout).toContain("target_identities: 1 read, 1 copied");
    for (const line of ["events: 3 read, 3 copied", "monitors: 1 read, 1 copied", "monitor_runs: 2 read, 2 copied", "webhook_endpoints: 1 read, 1 copied", "webhook_deliveries: 2 read, 2 copied", "webhook_cursor: 1 read, 1 copied"]) {
      expect(first.stdout).toContain(line);
    }
    const again = await runCli(["store", "copy", "--from", file, "--to", url]);
    expect(again.stdout).toContain("scans: 4 read, 0 copied, 4 already there");
    expect(again.stdout).toContain("webhook_deliveries: 2 read, 0 copied, 2 already there");
    expect(again.stdout).toContain("events: 3 read, 0 copied, 3 already there");

    const pg = await openPgBackend(url, { max: 1 });
    const sqlite = openSqliteBackend({ path: file });
    try {
      expect(await pg.scans.count()).toBe(4);
      expect(await pg.scans.get("scan-2")).toEqual(await sqlite.scans.get("scan-2"));
      expect((await pg.scans.get("scan-failed"))?.error).toBe("target down");
      expect(await pg.identities.get(sealed.targetKey, "ci")).toEqual(sealed);
      expect(await pg.tokens.byHash("a".repeat(64))).toMatchObject({ id: "tok_1", role: "operator" });
      expect((await pg.triage.forTarget("http://127.0.0.1:8000")).map((t) => t.findingId)).toEqual(["f-1"]);
      // Monitoring came over as it was; seq values are the destination's, pointing at the same events.
      expect(await pg.monitors.list()).toEqual(await sqlite.monitors.list());
      expect(await pg.monitors.runs(monitor.id)).toEqual(await sqlite.monitors.runs(monitor.id));
      expect((await pg.events.after(0)).map((e) => e.event)).toEqual(events);
      expect((await pg.webhooks.listDeliveries({ limit: 10 })).map((d) => [d.event_id, d.status, d.attempts])).toEqual(
        (await sqlite.webhooks.listDeliveries({ limit: 10 })).map((d) => [d.event_id, d.status, d.attempts]),
      );
      const seqs = new Map((await pg.events.after(0)).map((e) => [e.event.id, e.seq]));
      for (const d of await pg.webhooks.listDeliveries({ limit: 10 })) expect(d.event_seq).toBe(seqs.get(d.event_id));
      expect((await pg.webhooks.getEndpoint("wh_1"))?.from_seq).toBe(seqs.get(events[0]!.id));
      // Nothing left to fan out, and new rows are numbered after the copied ones.
      expect(await pg.webhooks.fanOut(() => true, new Date())).toEqual({ events: 0, deliveries: 0 });
      expect(await pg.monitors.startRun(monitor.id, "2026-01-02T00:00:00.000Z", null)).toBeGreaterThan(r2);
    } finally {
      await pg.close();
      await sqlite.close();
    }

    const same = await runCli(["store", "copy", "--from", file, "--to", file]);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("name the same store");
  }, 90_000);
});
