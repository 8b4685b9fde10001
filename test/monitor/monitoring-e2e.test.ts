/* eslint-disable @typescript-eslint/no-explicit-any -- event data is checked field by field */
// Monitoring end to end: a real buildServer with its scheduler and webhook sender, a monitor on a seconds-scale
// schedule scanning an HTTPS fixture API (test/apps/monitored-api.ts) with certificates generated here.
// Run 1 is the baseline; before run 2 a stack trace appears, HSTS is fixed, an operation is added to the spec
// and the certificate is swapped for one expiring in 10 days; run 3 finds the target down; run 4 finds it back.
// The outbox must hold the events each change raises, and a receiver that verifies every HMAC signature must
// get all of them, in order per monitor, and each must match schema/event.schema.json.
//
// The scheduler decides when runs start; a gate in front of the real scan engine only holds each run's scan
// until the test has put the fixture in the state that run must see (a run scanning while the fixture changes
// would see half of each).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/engine/scan.js";
import { validateEvent } from "../../src/monitor/event-schema.js";
import type { RampartEvent } from "../../src/monitor/events.js";
import type { ScanFn } from "../../src/server/runner.js";
import { eventsAfter } from "../../src/store/events.js";
import { startMonitoredApi, type MonitoredApi } from "../apps/monitored-api.js";
import { startApi, type TestServer } from "../server/_server.js";
import { issue, type Issued } from "../tls/helpers/pki.js";
import { startReceiver, testKey, waitFor, type Receiver } from "../webhooks/_fixtures.js";

/** Scans wait here until the test releases them, one per release. */
function scanGate() {
  const waiting: (() => void)[] = [];
  let permits = 0;
  return {
    wait: () => (permits > 0 ? (permits--, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else permits++;
    },
  };
}

const gate = scanGate();
const gatedScan: ScanFn = async (options, hooks) => {
  await gate.wait();
  return scan(options, hooks);
};

let server: TestServer;
let api: MonitoredApi;
let receiver: Receiver;
let fresh: Issued;
let expiring: Issued;

beforeAll(async () => {
  fresh = await issue({ cn: "127.0.0.1", ip: ["127.0.0.1"], dns: ["localhost"], toDays: 90 });
  expiring = await issue({ cn: "127.0.0.1", ip: ["127.0.0.1"], dns: ["localhost"], toDays: 10 });
  api = await startMonitoredApi(fresh);
  receiver = await startReceiver();
  server = await startApi({
    scan: gatedScan,
    monitoring: { minIntervalMs: 1000, maxJitterMs: 200, tickMs: 100, publicUrl: "https://rampart.example.test" },
    webhooks: { key: testKey(), pollMs: 50, timeoutMs: 2000, retry: { baseMs: 50, maxDelayMs: 200 } },
  });
}, 30_000);

afterAll(async () => {
  await server?.close();
  await api?.close();
  await receiver?.close();
});

async function runs(id: string): Promise<any[]> {
  const r = await server.call("GET", `/api/monitors/${id}/runs?limit=50`);
  return (r.body.items as any[]).slice().reverse();
}

/** Lets the next run scan, and waits until it has been recorded. */
async function nextRun(id: string, n: number): Promise<any> {
  gate.release();
  const until = Date.now() + 120_000;
  for (;;) {
    const all = await runs(id);
    const run = all[n - 1];
    if (run && run.status !== "running") return run;
    if (Date.now() > until) throw new Error(`run ${n} of ${id} not recorded: ${JSON.stringify(all)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const outbox = (): RampartEvent[] => eventsAfter(server.store.db, 0, 10_000).map((e) => e.event);
const ofScan = (scanId: string | null) => outbox().filter((e) => e.scanId === scanId);
const types = (events: RampartEvent[]) => events.map((e) => e.type);

describe("monitoring end to end", () => {
  it("raises each change as an event in the outbox and delivers them all, signed, in order", async () => {
    const hook = await server.call("POST", "/api/webhooks", { body: { url: receiver.url, events: ["*"] } });
    expect(hook.status).toBe(201);
    receiver.secrets.push(hook.body.secret);
    const made = await server.call("POST", "/api/monitors", {
      body: { url: api.url, spec: api.specUrl, name: "orders api", schedule: { every: "2s" }, depth: "quick" },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as string;

    // Run 1: the baseline. HSTS is missing (a finding), every finding is new, nothing to compare.
    const first = await nextRun(id, 1);
    expect(first).toMatchObject({ status: "completed", reachable: true });
    const baseline = ofScan(first.scanId);
    expect(types(baseline).at(-1)).toBe("scan.completed");
    expect(baseline.find((e) => e.type === "scan.completed")?.data).toMatchObject({ firstRun: true, inventory: null });
    const hstsMissing = baseline.find((e) => e.type === "finding.new" && (e.data as any).finding.checkId === "encryption.hsts-missing");
    expect(hstsMissing, JSON.stringify(types(baseline))).toBeDefined();
    expect(types(baseline)).not.toContain("certificate.expiring");
    expect(types(baseline)).not.toContain("grade.changed");

    // Run 2: a stack trace appears, HSTS is sent, GET /orders is added, the certificate nears expiry.
    Object.assign(api.state, { stackTrace: true, hsts: true, orders: true });
    api.setCertificate(expiring);
    const second = await nextRun(id, 2);
    expect(second.status).toBe("completed");
    const changed = ofScan(second.scanId);
    const byType = (t: string) => changed.filter((e) => e.type === t);
    const added = byType("finding.new").map((e: any) => e.data.finding);
    expect(added.map((f: any) => f.checkId)).toContain("dataExposure.stack-trace");
    const trace = added.find((f: any) => f.checkId === "dataExposure.stack-trace");
    expect(trace).toMatchObject({ severity: "medium", operation: "GET /items" });
    expect(trace.fix).toContain("generic error body");
    expect(byType("finding.new").every((e: any) => e.data.firstRun === false)).toBe(true);
    const fixed = byType("finding.resolved").map((e: any) => e.data);
    expect(fixed.map((d: any) => d.finding.checkId)).toContain("encryption.hsts-missing");
    expect(fixed[0].lastSeenScanId).toBe(first.scanId);
    // The data-exposure category gets worse: the grade event carries it.
    const grade = byType("grade.changed");
    expect(grade).toHaveLength(1);
    expect((grade[0]?.data as any).categories.map((c: any) => c.id)).toContain("dataExposure");
    const certificate = byType("certificate.expiring");
    expect(certificate).toHaveLength(1);
    expect(certificate[0]).toMatchObject({ severity: "medium", data: { kind: "api", threshold: 14, expired: false, previousThreshold: null } });
    expect((certificate[0]?.data as any).daysLeft).toBeGreaterThanOrEqual(9);
    expect((certificate[0]?.data as any).daysLeft).toBeLessThanOrEqual(10);
    const completed = byType("scan.completed")[0]?.data as any;
    expect(completed.inventory).toMatchObject({ added: ["GET /orders"], removed: [], specChanged: true });
    expect(completed.firstRun).toBe(false);
    expect(second.changes).toMatchObject({ firstRun: false, inventory: { added: ["GET /orders"] } });
    // Order within a run: findings, then the grade, certificates, and the summary last.
    expect(types(changed).at(-1)).toBe("scan.completed");
    expect(types(changed).indexOf("grade.changed")).toBeGreaterThan(types(changed).lastIndexOf("finding.resolved"));
    expect(changed.every((e) => e.link === `https://rampart.example.test/#/scans/${second.scanId}`)).toBe(true);

    // Run 3: the target is down.
    await api.down();
    const third = await nextRun(id, 3);
    expect(third).toMatchObject({ status: "failed", reachable: false });
    const down = outbox().filter((e) => e.monitor?.id === id && e.createdAt >= third.startedAt);
    expect(types(down)).toEqual(["target.unreachable", "scan.failed"]);
    expect(down[0]).toMatchObject({ severity: "high" });
    expect((down[1]?.data as any).unreachable).toBe(true);

    // Run 4: back on the same port; the recovery comes first and names when the outage began.
    await api.up();
    const fourth = await nextRun(id, 4);
    expect(fourth.status).toBe("completed");
    const back = ofScan(fourth.scanId);
    expect(types(back)[0]).toBe("target.recovered");
    expect((back[0]?.data as any).downSince).toBe(third.startedAt);
    expect(types(back)).not.toContain("finding.new");
    expect(types(back)).not.toContain("certificate.expiring");

    // No more runs; every event of the monitor reaches the receiver, verified, in the outbox's order.
    await server.call("POST", `/api/monitors/${id}/pause`);
    const expected = outbox().filter((e) => e.monitor?.id === id);
    expect(expected.length).toBeGreaterThanOrEqual(baseline.length + changed.length + down.length + back.length);
    await waitFor(() => receiver.received.length >= expected.length, 30_000, "all events delivered");
    expect(receiver.received.every((r) => r.verifiedWith === hook.body.secret)).toBe(true);
    const delivered = receiver.received.map((r) => r.event?.id);
    expect(delivered).toEqual(expected.map((e) => e.id));
    expect(receiver.received.map((r) => r.headers["rampart-event"])).toEqual(expected.map((e) => e.type));

    // Every event the runs produced (all eight types) matches schema/event.schema.json.
    expect(new Set(types(expected))).toEqual(new Set(["scan.completed", "scan.failed", "finding.new", "finding.resolved", "grade.changed", "certificate.expiring", "target.unreachable", "target.recovered"]));
    for (const e of expected) expect(validateEvent(e), `${e.type} ${JSON.stringify(e.data).slice(0, 300)}`).toEqual([]);
  }, 300_000);
});
