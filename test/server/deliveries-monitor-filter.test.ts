/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// `GET /api/deliveries?monitor=` and `GET /api/webhooks/{id}/deliveries?monitor=` on a real server: only the
// deliveries of the events that monitor raised, combined with the other filters; a monitor that raised
// nothing lists nothing; a bad value is a 400. The sender is off: the store's own fan-out makes the rows,
// so what is listed does not depend on delivery timing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "../../src/store/events.js";
import { endpointMatches } from "../../src/webhooks/endpoints.js";
import { makeEvent, testKey } from "../webhooks/_fixtures.js";
import { startApi, type TestServer } from "./_server.js";

let api: TestServer;
let first = "";
let second = "";

beforeAll(async () => {
  api = await startApi({ webhooks: { key: testKey(), send: false, resolver: async () => [{ address: "127.0.0.1", family: 4 }] } });
  for (const description of ["first", "second"]) {
    const made = await api.call("POST", "/api/webhooks", { body: { url: "http://127.0.0.1:9/hook", events: ["*"], description } });
    expect(made.status, made.text).toBe(201);
    if (description === "first") first = made.body.id;
    else second = made.body.id;
  }
  appendEvents(api.store.db, [makeEvent("mon_a", 1), makeEvent("mon_b", 2), makeEvent("mon_a", 3, "grade.changed", null)]);
  const fanned = await api.app.rampart.store.webhooks.fanOut(endpointMatches, new Date());
  expect(fanned).toEqual({ events: 3, deliveries: 6 });
  // One of mon_a's deliveries to the second endpoint is a dead letter (as after its retries ran out).
  api.store.db.prepare("UPDATE webhook_deliveries SET status = 'dead', dead_at = ? WHERE endpoint_id = ? AND event_type = 'grade.changed'").run(new Date().toISOString(), second);
});

afterAll(async () => {
  await api?.close();
});

const items = async (p: string): Promise<any[]> => {
  const r = await api.call("GET", p, { token: api.token("viewer") });
  expect(r.status, r.text).toBe(200);
  return r.body.items as any[];
};

describe("deliveries filtered by monitor", () => {
  it("lists only the deliveries of the events a monitor raised, newest first", async () => {
    const all = await items("/api/deliveries");
    expect(all).toHaveLength(6);
    const a = await items("/api/deliveries?monitor=mon_a");
    expect(a).toHaveLength(4);
    expect(a.every((d) => d.monitor?.id === "mon_a")).toBe(true);
    expect(a.map((d) => d.id)).toEqual([...a.map((d) => d.id)].sort((x, y) => y - x));
    const b = await items("/api/deliveries?monitor=mon_b");
    expect(b.map((d) => [d.monitor.id, d.eventType])).toEqual([
      ["mon_b", "finding.new"],
      ["mon_b", "finding.new"],
    ]);
    expect(await items("/api/deliveries?monitor=mon_none")).toEqual([]);
  });

  it("combines with the endpoint, status and paging filters", async () => {
    const dead = await items("/api/deliveries?monitor=mon_a&status=dead");
    expect(dead.map((d) => [d.webhookId, d.eventType, d.status])).toEqual([[second, "grade.changed", "dead"]]);
    expect(await items("/api/deliveries?monitor=mon_b&status=dead")).toEqual([]);
    const ofFirst = await items(`/api/deliveries?monitor=mon_a&webhook=${first}`);
    expect(ofFirst.map((d) => [d.webhookId, d.eventType])).toEqual([
      [first, "grade.changed"],
      [first, "finding.new"],
    ]);
    expect(await items(`/api/webhooks/${first}/deliveries?monitor=mon_a`)).toEqual(ofFirst);
    const page = await items("/api/deliveries?monitor=mon_a&limit=3");
    expect(page).toHaveLength(3);
    const rest = await items(`/api/deliveries?monitor=mon_a&limit=3&before=${page[2].id}`);
    expect(rest.map((d) => d.monitor.id)).toEqual(["mon_a"]);
  });

  it("refuses an empty monitor id with a 400 naming the parameter", async () => {
    const r = await api.call("GET", "/api/deliveries?monitor=", { token: api.token("viewer") });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/monitor/);
  });

  it("documents the filter in the OpenAPI document", async () => {
    const doc = (await api.call("GET", "/api/openapi.json", { token: null })).body;
    const params = doc.paths["/api/deliveries"].get.parameters.map((p: any) => p.name);
    expect(params).toContain("monitor");
  });
});
