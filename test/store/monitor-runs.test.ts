// Monitor runs end to end on both backends: the scheduler claims the slot, the scan runs on the real engine
// against a fixture API on 127.0.0.1, and the run is recorded with the events it raised (a new finding
// first, then its resolution once the API is fixed) — the same on the SQLite file and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MonitorScheduler } from "../../src/monitor/scheduler.js";
import { MonitorService } from "../../src/monitor/service.js";
import { ScanRunner } from "../../src/server/runner.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { BACKENDS, useTestBackends } from "../helpers/store-backends.js";

const open = useTestBackends();
let api: RunningServer;
let insecure = true;

beforeAll(async () => {
  // A cookie without Secure/HttpOnly while `insecure`; the hardened twin once fixed.
  api = await startServer((_req, res) =>
    json(res, 200, { items: [] }, { "set-cookie": insecure ? "session=abc123; Path=/" : "session=abc123; Path=/; Secure; HttpOnly; SameSite=Strict" }),
  );
});
afterAll(async () => {
  await api.close();
});

describe.each(BACKENDS)("monitor runs on $name", (backend) => {
  it("records each run with its events in the outbox, once per slot", async () => {
    const store = await backend.open();
    open.push(store);
    insecure = true;
    const runner = new ScanRunner({ store, maxConcurrent: 1 });
    const service = new MonitorService({ store, runner, guard: null, identities: null, publicUrl: () => null });
    let clock = Date.now();
    const scheduler = new MonitorScheduler({
      monitors: store.monitors,
      launch: (m, slot) => service.launch(m, slot),
      minIntervalMs: 1000,
      maxJitterMs: 0,
      now: () => new Date(clock),
    });
    // A second scheduler on the same store (another server) never fires the same slot.
    const other = new MonitorScheduler({ monitors: store.monitors, launch: (m, slot) => service.launch(m, slot), minIntervalMs: 1000, maxJitterMs: 0, now: () => new Date(clock) });
    const m = await store.monitors.insert({
      target: api.url,
      schedule: { every: "1h" },
      settings: { depth: "quick", checks: ["encryption.cookie-insecure"] },
      nextRunAt: new Date(clock).toISOString(),
    });
    const [a, b] = await Promise.all([scheduler.tick(), other.tick()]);
    expect([...a, ...b]).toEqual([m.id]);
    await Promise.all([scheduler.idle(), other.idle()]);

    const [first] = await store.monitors.runs(m.id);
    expect(first).toMatchObject({ status: "completed", reachable: true });
    const events = (await store.events.after(0)).map((e) => e.event);
    expect(events.map((e) => e.type)).toContain("finding.new");
    expect(events.at(-1)?.type).toBe("scan.completed");
    expect(first?.events).toBe(events.length);
    expect(events.every((e) => e.monitor?.id === m.id && e.scanId === first?.scanId)).toBe(true);

    // The API is fixed; the next slot's run resolves the finding.
    insecure = false;
    clock += 3_600_000 + 1000;
    expect(await scheduler.tick()).toEqual([m.id]);
    await scheduler.idle();
    const [second] = await store.monitors.runs(m.id);
    expect(second).toMatchObject({ status: "completed", reachable: true });
    const after = (await store.events.after(0)).map((e) => e.event).slice(events.length);
    expect(after.map((e) => e.type)).toContain("finding.resolved");
    expect(second?.events).toBe(after.length);
    scheduler.stop();
    other.stop();
    await runner.shutdown();
  }, 60_000);
});
