// The scheduler on a real store with a hand-driven clock: an overrunning run delays the next and never
// stacks, a run missed while the server was down runs once, jitter stays within its bounds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { jitterMs, parseDuration, planNextRun } from "../../src/monitor/schedule.js";
import { MonitorScheduler } from "../../src/monitor/scheduler.js";
import { openStore, sqliteMonitorRepository, type MonitorRepository, type ScanStore } from "../../src/store/index.js";
import type { MonitorRecord } from "../../src/store/monitors.js";

const stores: { store: ScanStore; dir: string }[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) {
    s.store.close();
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

function table(): MonitorRepository {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-sched-"));
  const store = openStore({ path: path.join(dir, "r.db") });
  stores.push({ store, dir });
  return sqliteMonitorRepository(store.db);
}

const T0 = Date.parse("2026-01-01T00:00:00Z");

function harness(monitors: MonitorRepository) {
  let now = T0;
  const launched: { id: string; slot: Date; finish: () => void }[] = [];
  const scheduler = new MonitorScheduler({
    monitors,
    minIntervalMs: 1000,
    maxJitterMs: 0,
    now: () => new Date(now),
    launch: (m: MonitorRecord, slot: Date) =>
      new Promise<void>((resolve) => {
        launched.push({ id: m.id, slot, finish: resolve });
      }),
  });
  return { scheduler, launched, advance: (ms: number) => (now += ms), at: () => now };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("monitor scheduler", () => {
  it("never stacks runs: an overrunning run delays the next, which then starts once", async () => {
    const monitors = table();
    const m = await monitors.insert({ target: "http://127.0.0.1:9", schedule: { every: "10s" }, nextRunAt: new Date(T0).toISOString() });
    const h = harness(monitors);
    expect(await h.scheduler.tick()).toEqual([m.id]);
    expect((await monitors.get(m.id))?.nextRunAt).toBe(new Date(T0 + 10_000).toISOString());
    // The run takes 35 s: three slots pass, none starts a second run.
    for (let i = 0; i < 7; i++) {
      h.advance(5000);
      expect(await h.scheduler.tick()).toEqual([]);
    }
    await settle();
    expect(h.launched).toHaveLength(1);
    h.launched[0]?.finish();
    await settle();
    // Once it ends the overdue run starts at once, one run only, and the next slot is 10 s after it.
    expect(await h.scheduler.tick()).toEqual([m.id]);
    expect(await h.scheduler.tick()).toEqual([]);
    await settle();
    expect(h.launched).toHaveLength(2);
    expect((await monitors.get(m.id))?.nextRunAt).toBe(new Date(h.at() + 10_000).toISOString());
    h.scheduler.stop();
  });

  it("runs a slot missed while the server was down once at start, not once per missed slot", async () => {
    const monitors = table();
    // Due 5 hours ago on an hourly schedule: five slots were missed.
    const m = await monitors.insert({ target: "http://127.0.0.1:9", schedule: { every: "1h" }, nextRunAt: new Date(T0 - 5 * 3_600_000).toISOString() });
    const running = await monitors.startRun(m.id, new Date(T0 - 6 * 3_600_000).toISOString(), null, new Date(T0 - 6 * 3_600_000));
    const h = harness(monitors);
    await h.scheduler.start();
    await h.scheduler.tick();
    h.scheduler.stop();
    await settle();
    expect(h.launched.map((l) => l.id)).toEqual([m.id]);
    expect(h.launched[0]?.slot.toISOString()).toBe(new Date(T0 - 5 * 3_600_000).toISOString());
    expect((await monitors.get(m.id))?.nextRunAt).toBe(new Date(T0 + 3_600_000).toISOString());
    // The run the dead server left running is failed, so it never counts as the previous run.
    expect((await monitors.getRun(running))?.status).toBe("failed");
  });

  it("skips paused monitors and keeps jitter within a tenth of the interval and the bound", async () => {
    const monitors = table();
    await monitors.insert({ target: "http://127.0.0.1:9", schedule: { every: "1s" }, paused: true, nextRunAt: null });
    const h = harness(monitors);
    expect(await h.scheduler.tick()).toEqual([]);
    expect(jitterMs(10_000, 60_000, () => 0.999)).toBeLessThan(1000);
    expect(jitterMs(6 * 3_600_000, 60_000, () => 0.999)).toBeLessThan(60_000);
    expect(jitterMs(6 * 3_600_000, 60_000, () => 0.999)).toBeGreaterThan(59_000);
    expect(jitterMs(10_000, 60_000, () => 0)).toBe(0);
    for (let i = 0; i < 200; i++) {
      const at = planNextRun({ every: "6h" }, new Date(T0), new Date(T0), { minIntervalMs: 1000, maxJitterMs: 30_000 }).getTime();
      expect(at - (T0 + 6 * 3_600_000)).toBeGreaterThanOrEqual(0);
      expect(at - (T0 + 6 * 3_600_000)).toBeLessThan(30_000);
    }
    expect(parseDuration("1h30m")).toBe(5_400_000);
  });
});
