// Two webhook senders (as two servers would run them) on one real PostgreSQL, delivering to one slow receiver
// on 127.0.0.1: every event arrives exactly once, no delivery is ever being sent by both at the same moment,
// and each monitor's events arrive in order.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RampartStore } from "../../src/store/contract.js";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { WebhookService } from "../../src/webhooks/endpoints.js";
import { WebhookSender } from "../../src/webhooks/sender.js";
import { freshDatabase, startTestPostgres, stopTestPostgres } from "../helpers/store-backends.js";
import { makeEvent, testKey, waitFor } from "../webhooks/_fixtures.js";

beforeAll(async () => {
  await startTestPostgres();
}, 120_000);
afterAll(async () => {
  await stopTestPostgres();
});

interface Hit {
  eventId: string;
  monitor: string;
  n: number;
  start: number;
  end: number;
}

/** Answers 204 after `delayMs`, recording when each delivery started and ended. */
async function slowReceiver(delayMs: number): Promise<{ url: string; hits: Hit[]; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const start = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const event = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string; monitor: { id: string }; data: { n: number } };
      setTimeout(() => {
        hits.push({ eventId: event.id, monitor: event.monitor.id, n: event.data.n, start, end: Date.now() });
        res.writeHead(204).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("webhook senders sharing one PostgreSQL", () => {
  it("send every delivery once, never the same one at the same moment, in order per monitor", async () => {
    const url = await freshDatabase();
    const stores: RampartStore[] = [await openPgBackend(url, { max: 4 }), await openPgBackend(url, { max: 4 })];
    const receiver = await slowReceiver(15);
    const key = testKey();
    const services = stores.map((s) => new WebhookService(s, { key }));
    const senders = stores.map((store, i) => new WebhookSender({ store, service: services[i] as WebhookService, pollMs: 20, concurrency: 4, timeoutMs: 5000 }));
    try {
      await services[0]!.create({ url: receiver.url, events: ["*"] });
      const monitors = ["m1", "m2", "m3", "m4", "m5", "m6"];
      const events = monitors.flatMap((m) => Array.from({ length: 10 }, (_, n) => makeEvent(m, n + 1)));
      for (const s of senders) s.start();
      // Appended through both stores, in batches, while the senders run.
      for (let i = 0; i < events.length; i += 6) await (stores[(i / 6) % 2] as RampartStore).events.append(events.slice(i, i + 6));
      await waitFor(() => receiver.hits.length >= events.length, 30_000, "all deliveries");
      await new Promise((r) => setTimeout(r, 200));

      expect(receiver.hits).toHaveLength(events.length);
      expect(new Set(receiver.hits.map((h) => h.eventId)).size).toBe(events.length);
      for (const m of monitors) {
        const mine = receiver.hits.filter((h) => h.monitor === m);
        expect(mine.map((h) => h.n)).toEqual(Array.from({ length: 10 }, (_, n) => n + 1));
        // One monitor's deliveries never overlap in time, whichever sender sent them.
        for (let i = 1; i < mine.length; i++) expect(mine[i]!.start).toBeGreaterThanOrEqual(mine[i - 1]!.end);
      }
      const counts = await stores[1]!.webhooks.deliveryCounts((await stores[1]!.webhooks.listEndpoints())[0]!.id);
      expect(counts).toEqual({ pending: 0, delivered: events.length, dead: 0 });
    } finally {
      for (const s of senders) await s.stop();
      await receiver.close();
      for (const s of stores) await s.close();
    }
  }, 60_000);
});
