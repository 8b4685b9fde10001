// The sender against a real receiver on 127.0.0.1: signatures verify, matching by type and severity, per-
// monitor order kept while the receiver is down and after it returns, Retry-After honoured, exhausted
// deliveries dead-lettered and redelivered, redirects not followed, secret rotation signs with both.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendEvents } from "../../src/store/events.js";
import * as table from "../../src/store/webhooks.js";
import { WebhookService } from "../../src/webhooks/endpoints.js";
import { backoffDelay, DEFAULT_RETRY, WebhookSender } from "../../src/webhooks/sender.js";
import { makeEvent, startReceiver, tempStore, testKey, waitFor, type Receiver } from "./_fixtures.js";
import type { ScanStore } from "../../src/store/index.js";
import http from "node:http";

let store: ScanStore;
let cleanup: () => void;
let receiver: Receiver;
let sender: WebhookSender | null = null;
const key = testKey();

beforeEach(async () => {
  ({ store, cleanup } = tempStore());
  receiver = await startReceiver();
});

afterEach(async () => {
  await sender?.stop();
  sender = null;
  await receiver.close();
  cleanup();
});

function startSender(service: WebhookService, retry = { baseMs: 40, maxDelayMs: 400, windowMs: 60_000 }): WebhookSender {
  sender = new WebhookSender({ store, service, retry, pollMs: 50, timeoutMs: 2000 });
  sender.start();
  return sender;
}

describe("webhook delivery", () => {
  it("delivers signed events that match the subscription's types and minimum severity", async () => {
    const service = new WebhookService(store, { key });
    const { view, secret } = await service.create({ url: receiver.url, events: ["finding.new", "scan.completed"], minSeverity: "high" });
    receiver.secrets.push(secret);
    appendEvents(store.db, [
      makeEvent("m1", 1, "finding.new", "critical"),
      makeEvent("m1", 2, "finding.new", "low"), // below minSeverity
      makeEvent("m1", 3, "finding.resolved", "high"), // not subscribed
      makeEvent("m1", 4, "scan.completed", null), // no severity: passes every filter
    ]);
    startSender(service);
    await waitFor(() => receiver.received.length >= 2, 10_000, "two deliveries");
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.map((r) => r.event?.data.n)).toEqual([1, 4]);
    for (const r of receiver.received) {
      expect(r.verifiedWith).toBe(secret);
      expect(r.headers["rampart-event"]).toBe(r.event?.type);
      expect(r.headers["rampart-delivery"]).toBe(r.event?.id);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(String(r.headers["rampart-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    }
    expect((await service.get(view.id))?.deliveries).toEqual({ pending: 0, delivered: 2, dead: 0 });
  });

  it("keeps every event and per-monitor order while the receiver is down, then delivers all", async () => {
    const service = new WebhookService(store, { key });
    const { secret } = await service.create({ url: receiver.url, events: ["*"] });
    receiver.secrets.push(secret);
    await receiver.down();
    startSender(service);
    for (let n = 1; n <= 10; n++) appendEvents(store.db, [makeEvent("a", n), makeEvent("b", n)]);
    sender?.wake();
    // Attempts fail (connection refused) and are retried with backoff.
    await waitFor(() => table.listDeliveries(store.db, { limit: 100 }).some((d) => d.attempts >= 2), 10_000, "retries");
    expect(receiver.received).toHaveLength(0);
    await receiver.up();
    await waitFor(() => receiver.received.length >= 20, 15_000, "all 20 deliveries");
    for (const m of ["a", "b"]) {
      const seen = receiver.received.filter((r) => r.event?.monitor?.id === m).map((r) => r.event?.data.n);
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
    expect(receiver.received.every((r) => r.verifiedWith === secret)).toBe(true);
    const failed = table.listDeliveries(store.db, { limit: 100 }).filter((d) => d.attempts > 1);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((d) => d.status === "delivered" && d.last_error === null)).toBe(true);
  });

  it("honours Retry-After before trying again", async () => {
    const service = new WebhookService(store, { key });
    const { secret } = await service.create({ url: receiver.url, events: ["*"] });
    receiver.secrets.push(secret);
    receiver.respond(503, { "retry-after": "1" });
    appendEvents(store.db, [makeEvent("r", 1)]);
    startSender(service);
    await waitFor(() => (table.listDeliveries(store.db, { limit: 1 })[0]?.attempts ?? 0) >= 1, 5000, "first attempt");
    const first = table.listDeliveries(store.db, { limit: 1 })[0] as table.DeliveryRow;
    expect(first.last_status).toBe(503);
    // Backoff alone would retry within 40 ms; Retry-After: 1 moves the next attempt a second out.
    expect(first.next_attempt_at - Date.parse(first.last_attempt_at as string)).toBeGreaterThanOrEqual(1000);
    receiver.respond(204);
    await waitFor(() => receiver.received.length === 1, 5000, "delivery after Retry-After");
  });

  it("dead-letters a delivery that keeps failing past the retry window, and redelivers it on request", async () => {
    const service = new WebhookService(store, { key });
    const { secret } = await service.create({ url: receiver.url, events: ["*"] });
    receiver.secrets.push(secret);
    receiver.respond(500);
    appendEvents(store.db, [makeEvent("d", 1), makeEvent("d", 2)]);
    startSender(service, { baseMs: 20, maxDelayMs: 50, windowMs: 300 });
    await waitFor(() => table.listDeliveries(store.db, { status: "dead", limit: 10 }).length === 2, 10_000, "two dead letters");
    const dead = table.listDeliveries(store.db, { status: "dead", limit: 10 });
    expect(dead.every((d) => d.attempts >= 1 && d.last_status === 500 && d.dead_at !== null)).toBe(true);
    // The first was retried until its window closed; the second waited behind it (order) and was then past its own.
    expect(dead.find((d) => d.event_seq === Math.min(...dead.map((x) => x.event_seq)))?.attempts).toBeGreaterThanOrEqual(2);
    receiver.respond(200);
    const ids = dead.map((d) => d.id);
    expect(table.requeueDeliveries(store.db, ids, Date.now())).toBe(2);
    sender?.wake();
    await waitFor(() => receiver.received.length === 2, 5000, "redelivered");
    expect(receiver.received.map((r) => r.event?.data.n)).toEqual([1, 2]);
  });

  it("does not follow a redirect: the delivery fails and says why", async () => {
    const redirector = http.createServer((_req, res) => res.writeHead(302, { location: receiver.url }).end());
    await new Promise<void>((r) => redirector.listen(0, "127.0.0.1", () => r()));
    try {
      const service = new WebhookService(store, { key });
      const port = (redirector.address() as { port: number }).port;
      await service.create({ url: `http://127.0.0.1:${port}/hook`, events: ["*"] });
      appendEvents(store.db, [makeEvent("x", 1)]);
      startSender(service);
      await waitFor(() => (table.listDeliveries(store.db, { limit: 1 })[0]?.attempts ?? 0) >= 1, 5000, "attempt");
      const d = table.listDeliveries(store.db, { limit: 1 })[0] as table.DeliveryRow;
      expect(d.status).toBe("pending");
      expect(d.last_status).toBe(302);
      expect(d.last_error).toMatch(/redirect.*not followed/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await sender?.stop();
      sender = null;
      redirector.close();
    }
  });

  it("signs with both secrets during a rotation's overlap, and only the new one after", async () => {
    const service = new WebhookService(store, { key });
    const { view, secret: oldSecret } = await service.create({ url: receiver.url, events: ["*"] });
    const rotated = await service.rotate(view.id, 3600);
    expect(rotated?.secret).toBeTruthy();
    const newSecret = rotated?.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    receiver.secrets.push(oldSecret); // a receiver not yet updated still accepts
    appendEvents(store.db, [makeEvent("k", 1)]);
    startSender(service);
    await waitFor(() => receiver.received.length === 1, 5000, "delivery during overlap");
    const header = String(receiver.received[0]?.headers["rampart-signature"]);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(receiver.received[0]?.verifiedWith).toBe(oldSecret);
    // Retire the old secret at once: only the new one signs.
    await service.rotate(view.id, 0);
    const latest = (await service.rotate(view.id, 0))?.secret as string;
    receiver.secrets.splice(0, 1, latest);
    appendEvents(store.db, [makeEvent("k", 2)]);
    sender?.wake();
    await waitFor(() => receiver.received.length === 2, 5000, "delivery after rotation");
    expect(String(receiver.received[1]?.headers["rampart-signature"]).match(/v1=/g)).toHaveLength(1);
    expect(receiver.received[1]?.verifiedWith).toBe(latest);
  });

  it("backs off exponentially with jitter and caps each delay", () => {
    const p = DEFAULT_RETRY;
    expect(backoffDelay(0, p, () => 0)).toBe(5_000);
    expect(backoffDelay(0, p, () => 1)).toBe(10_000);
    expect(backoffDelay(3, p, () => 1)).toBe(80_000);
    expect(backoffDelay(40, p, () => 1)).toBe(p.maxDelayMs);
    // About a day of attempts: the sum of mean delays until the window closes.
    let total = 0;
    let n = 0;
    while (total + backoffDelay(n, p, () => 0.5) <= p.windowMs) total += backoffDelay(n++, p, () => 0.5);
    expect(n).toBeGreaterThanOrEqual(15);
  });
});
