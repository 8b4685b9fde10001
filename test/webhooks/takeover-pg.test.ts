// Two real `rampart serve` processes on one real PostgreSQL: the one holding webhook-delivery leases is killed
// with SIGKILL while its deliveries are in flight (the receiver holds the requests open), and the other one,
// running all along, takes those deliveries over once the leases have expired. Every event arrives; the only
// duplicates are the deliveries the dead server had sent, repeated with the same delivery id and body; each
// monitor's events arrive in order.
import { describe, expect, it } from "vitest";
import type { RampartStore } from "../../src/store/contract.js";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { freshDatabase } from "../helpers/store-backends.js";
import { call, query, serve, stop, useQueuePostgres } from "../queue/_procs.js";
import { makeEvent, startReceiver, waitFor } from "./_fixtures.js";

useQueuePostgres();

const MONITORS = ["takeover-a", "takeover-b", "takeover-c"];
const PER_MONITOR = 5;

describe("webhook delivery lease takeover across servers", () => {
  it("a server killed mid-delivery: another server delivers everything once the lease has expired", async () => {
    const url = await freshDatabase();
    const receiver = await startReceiver();
    receiver.hold();
    const a = await serve(url, ["--no-runner"]);
    let b: Awaited<ReturnType<typeof serve>> | null = null;
    const store: RampartStore = await openPgBackend(url, { max: 2 });
    try {
      const hook = await call(`${a.url}/api/webhooks`, "POST", { url: receiver.url, events: ["*"] });
      expect(hook.status).toBe(201);
      receiver.secrets.push(hook.body.secret);
      const events = MONITORS.flatMap((m) => Array.from({ length: PER_MONITOR }, (_, n) => makeEvent(m, n + 1)));
      await store.events.append(events);

      // Server A claims the head of each monitor's queue and sends it; the receiver holds the three requests.
      await waitFor(() => receiver.held() >= MONITORS.length, 30_000, "server A's deliveries in flight");
      const leases = await query(url, "SELECT id::int AS id, event_id, lease_owner, lease_until::bigint AS lease_until FROM webhook_deliveries WHERE lease_owner IS NOT NULL");
      expect(leases).toHaveLength(MONITORS.length);
      expect(leases.every((l) => l.lease_owner.includes(`/${a.child.pid}/`))).toBe(true);
      expect(new Set(receiver.heldSeen.map((r) => r.event?.data.n))).toEqual(new Set([1]));

      // Server B starts while A is alive (so it frees none of A's leases at start), then A is killed mid-delivery.
      b = await serve(url, ["--no-runner"]);
      expect(await stop(a, "SIGKILL")).toBe("SIGKILL");
      receiver.release();
      // Until the leases expire nothing is sent: every monitor's head is leased by the dead server.
      const leaseEnd = Math.min(...leases.map((l) => Number(l.lease_until)));
      while (Date.now() < leaseEnd - 2000) {
        expect(receiver.received).toEqual([]);
        await new Promise((r) => setTimeout(r, 250));
      }
      await waitFor(() => receiver.received.length >= events.length, 120_000, `all ${events.length} events from server B`);
      await new Promise((r) => setTimeout(r, 1500));

      // Every event arrived exactly once after the takeover, signed, under its own delivery id.
      expect(receiver.received).toHaveLength(events.length);
      expect(new Set(receiver.received.map((r) => r.event?.id))).toEqual(new Set(events.map((e) => e.id)));
      expect(receiver.received.every((r) => r.verifiedWith === hook.body.secret && r.headers["rampart-delivery"] === r.event?.id)).toBe(true);
      // The only duplicates: what A had sent when it died, repeated by B with the same delivery id and body.
      for (const seen of receiver.heldSeen) {
        const again = receiver.received.filter((r) => r.headers["rampart-delivery"] === seen.headers["rampart-delivery"]);
        expect(again).toHaveLength(1);
        expect(again[0]?.body).toBe(seen.body);
      }
      // In order per monitor, starting with the head A held.
      for (const m of MONITORS) {
        const order = receiver.received.filter((r) => r.event?.monitor?.id === m).map((r) => r.event?.data.n);
        expect(order).toEqual(Array.from({ length: PER_MONITOR }, (_, n) => n + 1));
      }

      // The store: all delivered, no lease left; A's lost attempt never counted; the heads went out after A's lease.
      const rows = await query(url, "SELECT id::int AS id, status, attempts, lease_owner, delivered_at FROM webhook_deliveries ORDER BY id");
      expect(rows).toHaveLength(events.length);
      expect(rows.every((r) => r.status === "delivered" && r.attempts === 1 && r.lease_owner === null)).toBe(true);
      for (const l of leases) {
        const row = rows.find((r) => r.id === l.id);
        expect(row.delivered_at.getTime()).toBeGreaterThanOrEqual(Number(l.lease_until));
      }
      expect(b.err()).not.toMatch(/\n\s+at /);
    } finally {
      receiver.release();
      if (b) await stop(b);
      await stop(a, "SIGKILL");
      await store.close();
      await receiver.close();
    }
  }, 240_000);
});
