// The monitoring half of the store contract on both backends (SQLite file, real PostgreSQL started for this
// file): monitors and their runs, a run's events committed with it or not at all, webhook endpoints, the
// fan-out, leased claims of due deliveries (never two holders at once), retries, dead letters, redelivery.
import { describe, expect, it } from "vitest";
import { newEventId, type RampartEvent } from "../../src/monitor/events.js";
import type { RampartStore } from "../../src/store/contract.js";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { openSqliteBackend } from "../../src/store/sqlite-backend.js";
import type { EndpointRow } from "../../src/store/webhooks.js";
import { endpointMatches } from "../../src/webhooks/endpoints.js";
import { BACKENDS, useTestBackends } from "../helpers/store-backends.js";

const TARGET = "http://127.0.0.1:8000";
const open = useTestBackends();

function event(monitorId: string | null, type: RampartEvent["type"] = "finding.new", severity: RampartEvent["severity"] = "high", id = newEventId()): RampartEvent {
  return {
    id,
    type,
    createdAt: new Date().toISOString(),
    monitor: monitorId ? { id: monitorId, name: `${monitorId} name` } : null,
    target: TARGET,
    scanId: null,
    link: null,
    severity,
    data: {},
  } as RampartEvent;
}

function endpoint(id: string, fromSeq: number, extra: Partial<EndpointRow> = {}): EndpointRow {
  const at = "2026-04-01T00:00:00.000Z";
  return {
    id,
    format: "json",
    url_sealed: "sealed-url",
    url_display: "http://127.0.0.1/…",
    description: null,
    events_json: JSON.stringify(["*"]),
    min_severity: null,
    active: 1,
    secret_sealed: "sealed-secret",
    previous_secret_sealed: null,
    previous_expires_at: null,
    key_id: "k1",
    from_seq: fromSeq,
    created_at: at,
    updated_at: at,
    ...extra,
  };
}

describe.each(BACKENDS)("monitoring store contract on $name", (backend) => {
  async function store(): Promise<RampartStore> {
    const s = await backend.open();
    open.push(s);
    return s;
  }

  it("creates, lists, edits, schedules and deletes monitors", async () => {
    const s = await store();
    const t0 = new Date("2026-04-01T10:00:00.000Z");
    const a = await s.monitors.insert({ name: "orders", target: `${TARGET}/`, schedule: { every: "1h" }, settings: { depth: "quick" }, nextRunAt: t0.toISOString(), createdBy: "ci" }, t0);
    const b = await s.monitors.insert({ target: "http://127.0.0.1:9000", schedule: { cron: "0 * * * *" }, paused: true, nextRunAt: null }, new Date(t0.getTime() + 1000));
    expect(a).toMatchObject({ name: "orders", target: `${TARGET}/`, specUrl: null, settings: { depth: "quick" }, schedule: { every: "1h" }, paused: false, nextRunAt: t0.toISOString(), createdAt: t0.toISOString(), createdBy: "ci" });
    expect(a.id).toMatch(/^mon_[0-9a-f]{16}$/);
    expect(await s.monitors.get(` ${a.id} `)).toEqual(a);
    expect((await s.monitors.list()).map((m) => m.id)).toEqual([a.id, b.id]);
    // Pages keep the same order (oldest first); the count spans every page.
    expect((await s.monitors.list({ limit: 1 })).map((m) => m.id)).toEqual([a.id]);
    expect((await s.monitors.list({ limit: 1, offset: 1 })).map((m) => m.id)).toEqual([b.id]);
    expect(await s.monitors.list({ limit: 5, offset: 2 })).toEqual([]);
    expect(await s.monitors.count()).toBe(2);
    expect((await s.monitors.due(t0)).map((m) => m.id)).toEqual([a.id]);
    expect(await s.monitors.due(new Date(t0.getTime() - 1))).toEqual([]);

    const later = new Date(t0.getTime() + 60_000);
    const edited = await s.monitors.update(b.id, { paused: false, nextRunAt: later.toISOString(), specUrl: "http://127.0.0.1:9000/openapi.json" }, later);
    expect(edited).toMatchObject({ paused: false, nextRunAt: later.toISOString(), specUrl: "http://127.0.0.1:9000/openapi.json", updatedAt: later.toISOString() });
    // A slot is taken once: of two schedulers that read the same due monitor, one moves it on.
    const claims = await Promise.all([1, 2].map((n) => s.monitors.claimSlot(a.id, t0.toISOString(), new Date(t0.getTime() + n * 3_600_000).toISOString())));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.monitors.claimSlot(b.id, t0.toISOString(), later.toISOString())).toBe(false); // its slot moved meanwhile
    await s.monitors.setNextRun(a.id, null);
    expect((await s.monitors.due(new Date(t0.getTime() + 3_600_000))).map((m) => m.id)).toEqual([b.id]);
    expect(await s.monitors.update("mon_nothing", { paused: true })).toBeNull();
    expect((await s.monitors.remove(a.id))?.id).toBe(a.id);
    expect(await s.monitors.remove(a.id)).toBeNull();
    expect((await s.monitors.list()).map((m) => m.id)).toEqual([b.id]);
  });

  it("records runs with their events in one transaction, and compares with the right previous run", async () => {
    const s = await store();
    const m = await s.monitors.insert({ target: TARGET, schedule: { every: "1h" }, nextRunAt: null });
    const t = (min: number) => new Date(Date.parse("2026-04-01T10:00:00.000Z") + min * 60_000);
    const r1 = await s.monitors.startRun(m.id, t(0).toISOString(), null, t(0));
    await s.monitors.attachScan(r1, "scan-1");
    expect(await s.monitors.finishRun(r1, { status: "completed", reachable: true, score: 80, grade: "B", changes: { firstRun: true } }, [event(m.id, "scan.completed", null)], t(1))).toBe(true);
    // A run ends once: a second end is refused and appends nothing.
    expect(await s.monitors.finishRun(r1, { status: "failed", reachable: null }, [event(m.id)], t(2))).toBe(false);
    const r2 = await s.monitors.startRun(m.id, t(60).toISOString(), "scan-2", t(60));
    expect(await s.monitors.finishRun(r2, { status: "failed", reachable: false, error: "cannot reach" }, [event(m.id, "target.unreachable"), event(m.id, "scan.failed", null)], t(61))).toBe(true);
    const r3 = await s.monitors.startRun(m.id, t(120).toISOString(), null, t(120));

    expect(await s.monitors.getRun(r1)).toEqual({
      id: r1, monitorId: m.id, scanId: "scan-1", scheduledFor: t(0).toISOString(), startedAt: t(0).toISOString(), finishedAt: t(1).toISOString(),
      status: "completed", reachable: true, score: 80, grade: "B", error: null, events: 1, changes: { firstRun: true },
    });
    expect(await s.monitors.getRun(r2)).toMatchObject({ status: "failed", reachable: false, events: 2, error: "cannot reach" });
    expect((await s.monitors.runs(m.id)).map((r) => r.id)).toEqual([r3, r2, r1]);
    expect((await s.monitors.runs(m.id, 1)).map((r) => r.id)).toEqual([r3]);
    expect((await s.monitors.latestRuns()).get(m.id)?.id).toBe(r3);
    expect((await s.monitors.previousFinished(m.id, r3))?.id).toBe(r2);
    expect((await s.monitors.previousCompleted(m.id, r3))?.id).toBe(r1);
    expect((await s.events.after(0)).map((e) => e.event.type)).toEqual(["scan.completed", "target.unreachable", "scan.failed"]);

    // Events that cannot be written (a repeated id) take the run's end down with them.
    const taken = (await s.events.after(0))[0]!.event.id;
    await expect(s.monitors.finishRun(r3, { status: "completed", reachable: true }, [event(m.id, "scan.completed", null, taken)], t(121))).rejects.toThrow();
    expect((await s.monitors.getRun(r3))?.status).toBe("running");
    expect(await s.events.after(0)).toHaveLength(3);

    // A run its stopped server left running is failed as interrupted (its scan is not live any more).
    expect(await s.monitors.failInterrupted(t(200))).toBe(1);
    expect(await s.monitors.getRun(r3)).toMatchObject({ status: "failed", error: expect.stringMatching(/^interrupted/) });
    // Deleting the monitor deletes its runs; its events stay in the outbox.
    await s.monitors.remove(m.id);
    expect(await s.monitors.getRun(r1)).toBeNull();
    expect(await s.monitors.finishRun(r3, { status: "completed", reachable: true }, [event(m.id)])).toBe(false);
    expect(await s.events.after(0)).toHaveLength(3);
  });

  it("fans events out to matching endpoints, then claims only each queue's head, under a lease only one sender holds", async () => {
    const s = await store();
    await s.events.append([event("mon_old")]);
    const from = await s.webhooks.latestEventSeq();
    expect(from).toBeGreaterThan(0);
    await s.webhooks.insertEndpoint(endpoint("wh_all", from));
    await s.webhooks.insertEndpoint(endpoint("wh_crit", from, { events_json: JSON.stringify(["finding.new"]), min_severity: "critical" }));
    expect((await s.webhooks.listEndpoints()).map((e) => [e.id, e.active, e.from_seq])).toEqual([["wh_all", 1, from], ["wh_crit", 1, from]]);

    await s.events.append([event("mon_a"), event("mon_a", "finding.new", "critical"), event("mon_b"), event(null, "grade.changed", null)]);
    const now = new Date();
    expect(await s.webhooks.fanOut(endpointMatches, now)).toEqual({ events: 5, deliveries: 5 });
    expect(await s.webhooks.fanOut(endpointMatches, now)).toEqual({ events: 0, deliveries: 0 });
    expect(await s.webhooks.deliveryCounts("wh_all")).toEqual({ pending: 4, delivered: 0, dead: 0 });

    // Heads only: wh_all has queues m:mon_a (2 deliveries), m:mon_b and t:<target>; wh_crit one queue.
    const ms = now.getTime();
    expect(await s.webhooks.nextDueAt()).toBe(ms);
    const first = await s.webhooks.claimDue("sender-1", ms, 10, 60_000);
    expect(first.map((d) => `${d.endpoint_id} ${d.order_key}`).sort()).toEqual(["wh_all m:mon_a", "wh_all m:mon_b", `wh_all t:${TARGET}`, "wh_crit m:mon_a"]);
    expect(JSON.parse(first[0]!.body_json)).toMatchObject({ id: first[0]!.event_id });
    // Held: another sender gets nothing (not even the deliveries queued behind a held one).
    expect(await s.webhooks.claimDue("sender-2", ms, 10, 60_000)).toEqual([]);

    const headA = first.find((d) => d.endpoint_id === "wh_all" && d.order_key === "m:mon_a")!;
    // Only the holder records the outcome.
    await s.webhooks.markDelivered(headA.id, "sender-2", { at: now, status: 204, error: null });
    expect((await s.webhooks.getDelivery(headA.id))?.status).toBe("pending");
    await s.webhooks.markDelivered(headA.id, "sender-1", { at: now, status: 204, error: null });
    expect(await s.webhooks.getDelivery(headA.id)).toMatchObject({ status: "delivered", attempts: 1, last_status: 204, lease_owner: null });
    // Listed deliveries name the monitor and target of their event (none for an event no monitor raised).
    const listed = await s.webhooks.listDeliveries({ endpointId: "wh_all", limit: 10 });
    expect(listed.map((d) => [d.monitor_id, d.monitor_name, d.target])).toEqual([
      [null, null, TARGET],
      ["mon_b", "mon_b name", TARGET],
      ["mon_a", "mon_a name", TARGET],
      ["mon_a", "mon_a name", TARGET],
    ]);
    // Filtered by the monitor that raised the event (alone, with the endpoint, the status) and paged by position.
    const ofA = await s.webhooks.listDeliveries({ monitorId: "mon_a", limit: 10 });
    expect(ofA.map((d) => [d.endpoint_id, d.monitor_id])).toEqual([
      ["wh_crit", "mon_a"],
      ["wh_all", "mon_a"],
      ["wh_all", "mon_a"],
    ]);
    expect((await s.webhooks.listDeliveries({ monitorId: "mon_a", endpointId: "wh_all", limit: 10 })).map((d) => d.id)).toEqual(ofA.slice(1).map((d) => d.id));
    expect((await s.webhooks.listDeliveries({ monitorId: "mon_a", status: "delivered", limit: 10 })).map((d) => d.id)).toEqual([headA.id]);
    expect((await s.webhooks.listDeliveries({ monitorId: "mon_b", status: "delivered", limit: 10 }))).toEqual([]);
    expect(await s.webhooks.listDeliveries({ monitorId: "mon_old", limit: 10 })).toEqual([]);
    expect((await s.webhooks.listDeliveries({ monitorId: "mon_a", limit: 1, offset: 1 })).map((d) => d.id)).toEqual([ofA[1]!.id]);
    expect(await s.webhooks.listDeliveries({ monitorId: "mon_a", limit: 10, offset: 3 })).toEqual([]);
    // The next of that queue is now the head, free for anyone.
    const next = await s.webhooks.claimDue("sender-2", ms, 10, 60_000);
    expect(next.map((d) => d.event_seq)).toEqual([headA.event_seq + 1]);

    // A failure is retried later or dead-lettered; dead letters are requeued on request.
    await s.webhooks.markFailed(next[0]!.id, "sender-2", { at: now, status: 500, error: "HTTP 500", nextAttemptAt: ms + 1000, dead: false });
    expect(await s.webhooks.getDelivery(next[0]!.id)).toMatchObject({ status: "pending", attempts: 1, next_attempt_at: ms + 1000, last_error: "HTTP 500" });
    expect(await s.webhooks.claimDue("sender-1", ms, 10, 60_000)).toEqual([]);
    const retry = await s.webhooks.claimDue("sender-1", ms + 1000, 10, 60_000);
    expect(retry.map((d) => d.id)).toEqual([next[0]!.id]);
    await s.webhooks.markFailed(retry[0]!.id, "sender-1", { at: now, status: null, error: "ECONNREFUSED", nextAttemptAt: ms + 9e9, dead: true });
    expect(await s.webhooks.deadDeliveryIds("wh_all")).toEqual([retry[0]!.id]);
    expect((await s.webhooks.listDeliveries({ status: "dead", limit: 10 })).map((d) => d.id)).toEqual([retry[0]!.id]);
    expect(await s.webhooks.requeueDeliveries([retry[0]!.id], ms + 5000)).toBe(1);
    expect(await s.webhooks.requeueDeliveries([retry[0]!.id], ms + 5000)).toBe(0);
    expect(await s.webhooks.getDelivery(retry[0]!.id)).toMatchObject({ status: "pending", window_start: ms + 5000, next_attempt_at: ms + 5000, dead_at: null });

    // Leases of a sender that is gone are freed at once.
    expect(await s.webhooks.releaseLeases((owner) => owner === "sender-1")).toBe(3);
    expect((await s.webhooks.claimDue("sender-3", ms, 10, 60_000)).length).toBe(3);

    // Inactive endpoints hold their deliveries; deleting an endpoint deletes them.
    await s.webhooks.updateEndpoint("wh_crit", { active: 0, description: "paused" });
    expect(await s.webhooks.getEndpoint("wh_crit")).toMatchObject({ active: 0, description: "paused" });
    expect(await s.webhooks.deleteEndpoint("wh_all")).toBe(true);
    expect(await s.webhooks.deleteEndpoint("wh_all")).toBe(false);
    expect(await s.webhooks.listDeliveries({ endpointId: "wh_all", limit: 10 })).toEqual([]);
    expect((await s.webhooks.listDeliveries({ limit: 10 })).map((d) => d.endpoint_id)).toEqual(["wh_crit"]);
  });

  it("two senders claiming at once never hold the same delivery", async () => {
    const s = await store();
    // A second handle on the same store (a second pool on PostgreSQL, a second connection on SQLite).
    const t = s.kind === "sqlite" ? openSqliteBackend({ path: s.location }) : await openPgBackend(s.location, { max: 4 });
    open.push(t);
    await s.webhooks.insertEndpoint(endpoint("wh_1", 0));
    const events = Array.from({ length: 40 }, (_, i) => event(`mon_${i}`));
    await s.events.append(events);
    await s.webhooks.fanOut(endpointMatches, new Date());
    const ms = Date.now();
    const claimed: number[] = [];
    // Two store handles (two pools on PostgreSQL), claiming in small batches in parallel until all are taken.
    await Promise.all(
      [s, t].map(async (store, n) => {
        for (;;) {
          const got = await store.webhooks.claimDue(`sender-${n}`, ms, 3, 60_000);
          if (got.length === 0) break;
          claimed.push(...got.map((d) => d.id));
        }
      }),
    );
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
  });
});
