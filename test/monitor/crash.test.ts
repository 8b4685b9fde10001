/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// A monitor's events survive kill -9 of `rampart serve` between recording a run and delivering its events.
// The real server runs a monitor on a seconds schedule against a fixture API; the webhook receiver holds
// every request open (never answers), so the first run's events are recorded in the outbox and their first
// delivery is in flight when the server is killed with SIGKILL. After a restart (the receiver now answering),
// every event the monitor recorded reaches the receiver, signed, in order; duplicates are allowed, gaps not.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { LISTENING, listeningUrl, startCli, type CliProcess } from "../helpers/cli.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { startReceiver, waitFor } from "../webhooks/_fixtures.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-monitor-crash-"));
const config = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-monitor-crash-config-"));
const db = path.join(dir, "rampart.db");
const admin = `rmp_${randomBytes(24).toString("hex")}`;
const env = {
  ...process.env,
  RAMPART_HOME: dir,
  XDG_CONFIG_HOME: config,
  RAMPART_SECRET_KEY: randomBytes(32).toString("hex"),
  RAMPART_SECRET_KEY_FILE: "",
  RAMPART_ADMIN_TOKEN: admin,
  RAMPART_STORE: "",
};
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(config, { recursive: true, force: true });
});

const serve = (): Promise<CliProcess> => startCli(["serve", "--port", "0", "--store", db, "--min-interval", "1s"], LISTENING, env, 30_000);

async function call(base: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

async function kill9(p: CliProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill("SIGKILL");
  await p.exited;
}

/** What the store holds for the monitor: its runs and its events in outbox order, with their delivery states. */
function recorded(monitorId: string) {
  const store = openStore({ path: db });
  try {
    const runs = store.db.prepare("SELECT id, status, scan_id, events FROM monitor_runs WHERE monitor_id = ? ORDER BY id").all(monitorId) as {
      id: number;
      status: string;
      scan_id: string | null;
      events: number;
    }[];
    const events = store.db.prepare("SELECT id, type, scan_id FROM events WHERE monitor_id = ? ORDER BY seq").all(monitorId) as { id: string; type: string; scan_id: string }[];
    const delivered = new Set(
      (store.db.prepare("SELECT event_id FROM webhook_deliveries WHERE status = 'delivered'").all() as { event_id: string }[]).map((r) => r.event_id),
    );
    return { runs, events, delivered };
  } finally {
    store.close();
  }
}

describe("monitor events across kill -9", () => {
  it("delivers a recorded run's events after the server is killed before delivering them", { timeout: 150_000 }, async () => {
    const api = await startServer((_req, res) => json(res, 200, { ok: true }));
    const receiver = await startReceiver();
    receiver.hold();
    let server = await serve();
    try {
      const base = listeningUrl(server);
      const hook = await call(base, "POST", "/api/webhooks", { url: receiver.url, events: ["*"] });
      expect(hook.status).toBe(201);
      receiver.secrets.push(hook.body.secret);
      const made = await call(base, "POST", "/api/monitors", { url: api.url, name: "crash", schedule: { every: "2s" } });
      expect(made.status).toBe(201);
      const monitorId = made.body.id as string;

      // The first run is recorded and the sender is delivering its first event (held open): kill -9 now.
      await waitFor(() => receiver.held() > 0, 60_000, "the first delivery of the first run");
      await kill9(server);
      const atKill = recorded(monitorId);
      const completed = atKill.runs.filter((r) => r.status === "completed");
      expect(completed.length).toBeGreaterThan(0);
      // Each recorded run's events are in the outbox (committed with the run), and none was delivered.
      for (const run of completed) expect(atKill.events.filter((e) => e.scan_id === run.scan_id)).toHaveLength(run.events);
      expect(atKill.events.map((e) => e.type)).toContain("scan.completed");
      expect(atKill.events.filter((e) => atKill.delivered.has(e.id))).toEqual([]);
      expect(receiver.received).toEqual([]);

      // Back up, answering: every event recorded before the kill arrives after the restart.
      receiver.release();
      server = await serve();
      const seen = () => new Set(receiver.received.map((r) => r.event?.id));
      await waitFor(() => atKill.events.every((e) => seen().has(e.id)), 60_000, `the ${atKill.events.length} events recorded before the kill`);

      // The monitor keeps running after the restart (wait for a run recorded by the new process); paused, its
      // last run finishes and everything it recorded is delivered too: no gap anywhere in the monitor's outbox.
      const completedCount = () => recorded(monitorId).runs.filter((r) => r.status === "completed").length;
      await waitFor(() => completedCount() > completed.length, 60_000, "a run after the restart");
      expect((await call(listeningUrl(server), "POST", `/api/monitors/${monitorId}/pause`)).status).toBe(200);
      await waitFor(() => recorded(monitorId).runs.every((r) => r.status !== "running"), 60_000, "the last run to finish");
      const final = recorded(monitorId);
      await waitFor(() => final.events.every((e) => seen().has(e.id)), 60_000, `all ${final.events.length} events of the monitor`);

      // In outbox order (a duplicate may repeat an event already seen, never skip ahead), every one signed.
      const mine = receiver.received.filter((r) => r.event?.monitor?.id === monitorId).map((r) => r.event?.id as string);
      const firstSeen = mine.filter((id, i) => mine.indexOf(id) === i);
      expect(firstSeen).toEqual(final.events.map((e) => e.id).slice(0, firstSeen.length));
      expect(firstSeen.length).toBe(final.events.length);
      expect(receiver.received.every((r) => r.verifiedWith === hook.body.secret)).toBe(true);
      expect(receiver.received.every((r) => r.headers["rampart-delivery"] === r.event?.id)).toBe(true);
    } finally {
      await kill9(server);
      await receiver.close();
      await api.close();
    }
  });
});
