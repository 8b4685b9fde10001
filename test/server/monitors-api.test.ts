// /api/monitors against a real server on 127.0.0.1: create, validate, list, edit, pause, resume, delete,
// roles, and the rows the scheduler reads (next run planned, cleared while paused).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, type TestServer } from "./_server.js";

let api: TestServer;

beforeAll(async () => {
  // Tests use seconds; the scheduler is not started here, only the rows it reads are checked.
  api = await startApi({ monitoring: { minIntervalMs: 1000, maxJitterMs: 0, scheduler: false } });
});
afterAll(async () => {
  await api.close();
});

const body = (extra: Record<string, unknown> = {}) => ({ url: "http://127.0.0.1:9/", schedule: { every: "6h" }, ...extra });

describe("monitors API", () => {
  it("creates a monitor, plans its first run at once for `every`, and lists it", async () => {
    const before = Date.now();
    const made = await api.call("POST", "/api/monitors", { body: body({ name: "orders", depth: "quick", identities: ["alice"] }) });
    expect(made.status).toBe(201);
    expect(made.headers.get("location")).toBe(`/api/monitors/${made.body.id}`);
    expect(made.body).toMatchObject({
      name: "orders",
      url: "http://127.0.0.1:9/",
      spec: null,
      schedule: { every: "6h" },
      settings: { depth: "quick", identities: ["alice"] },
      paused: false,
      createdBy: "initial admin",
      lastRun: null,
    });
    expect(made.body.id).toMatch(/^mon_[0-9a-f]{16}$/);
    const next = Date.parse(made.body.nextRunAt);
    expect(next).toBeGreaterThanOrEqual(before - 1000);
    expect(next).toBeLessThanOrEqual(Date.now() + 1000);

    const list = await api.call("GET", "/api/monitors", { token: api.token("viewer") });
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toContain(made.body.id);
    const one = await api.call("GET", `/api/monitors/${made.body.id}`, { token: api.token("viewer") });
    expect(one.body.name).toBe("orders");
    const runs = await api.call("GET", `/api/monitors/${made.body.id}/runs`);
    expect(runs.body).toEqual({ items: [] });
  });

  it("plans a cron monitor at its next match (UTC)", async () => {
    const made = await api.call("POST", "/api/monitors", { body: body({ schedule: { cron: "0 */6 * * *" } }) });
    expect(made.status).toBe(201);
    const next = new Date(made.body.nextRunAt);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getUTCHours() % 6).toBe(0);
    expect(next.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const cases: [unknown, RegExp][] = [
      [body({ schedule: { every: "often" } }), /body\.schedule\.every must be a duration/],
      [body({ schedule: { every: "500ms" } }), /more often than this server allows \(1s/],
      [body({ schedule: { cron: "61 * * * * *" } }), /body\.schedule\.cron is not a cron expression/],
      [body({ schedule: { every: "1h", cron: "0 * * * *" } }), /body\.schedule/],
      [body({ schedule: {} }), /body\.schedule/],
      [body({ url: "ftp://127.0.0.1/" }), /body\.url must use http or https/],
      [body({ url: "http://user:pw@127.0.0.1/" }), /body\.url must not carry credentials/],
      [{ schedule: { every: "1h" } }, /body\.url is required/],
      [body({ mode: "loud" }), /body\.mode must be one of/],
      [body({ colour: "red" }), /has no field 'colour'/],
    ];
    for (const [b, message] of cases) {
      const r = await api.call("POST", "/api/monitors", { body: b });
      expect(r.status, JSON.stringify(b)).toBe(400);
      expect(r.body.error).toBe("bad_request");
      expect(r.body.message).toMatch(message);
    }
  });

  it("lets viewers read but not change monitors", async () => {
    const viewer = api.token("viewer");
    expect((await api.call("POST", "/api/monitors", { token: viewer, body: body() })).status).toBe(403);
    const made = await api.call("POST", "/api/monitors", { token: api.token("operator"), body: body() });
    expect(made.status).toBe(201);
    expect((await api.call("POST", `/api/monitors/${made.body.id}/pause`, { token: viewer })).status).toBe(403);
    expect((await api.call("DELETE", `/api/monitors/${made.body.id}`, { token: viewer })).status).toBe(403);
    expect((await api.call("GET", "/api/monitors", { token: null })).status).toBe(401);
  });

  it("pauses (no next run), resumes (planned again), edits and deletes", async () => {
    const made = await api.call("POST", "/api/monitors", { body: body({ checks: ["authentication"] }) });
    const id = made.body.id as string;
    const paused = await api.call("POST", `/api/monitors/${id}/pause`);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, nextRunAt: null });
    expect((await api.app.rampart.monitors.due(new Date(Date.now() + 365 * 86_400_000))).map((m) => m.id)).not.toContain(id);

    const resumed = await api.call("POST", `/api/monitors/${id}/resume`);
    expect(resumed.body.paused).toBe(false);
    expect(typeof resumed.body.nextRunAt).toBe("string");

    const edited = await api.call("PATCH", `/api/monitors/${id}`, {
      body: { name: "renamed", schedule: { cron: "*/30 * * * * *" }, checks: [], depth: "deep", spec: "http://127.0.0.1:9/openapi.json" },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: "renamed", schedule: { cron: "*/30 * * * * *" }, settings: { depth: "deep" }, spec: "http://127.0.0.1:9/openapi.json" });
    expect(edited.body.settings.checks).toBeUndefined();
    // null clears a scalar setting too (the dashboard's edit form sends it when a setting is unset).
    const set = await api.call("PATCH", `/api/monitors/${id}`, { body: { context: "financial", mode: "passive" } });
    expect(set.body.settings).toMatchObject({ context: "financial", mode: "passive" });
    const cleared = await api.call("PATCH", `/api/monitors/${id}`, { body: { context: null, mode: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings.context).toBeUndefined();
    expect(cleared.body.settings.mode).toBeUndefined();
    expect((await api.call("PATCH", `/api/monitors/${id}`, { body: { context: "galactic" } })).status).toBe(400);
    expect((await api.call("PATCH", `/api/monitors/${id}`, { body: { schedule: { every: "1ms" } } })).status).toBe(400);
    expect((await api.call("PATCH", `/api/monitors/${id}`, { body: {} })).status).toBe(400);

    const gone = await api.call("DELETE", `/api/monitors/${id}`);
    expect(gone.status).toBe(200);
    expect(gone.body.id).toBe(id);
    const missing = await api.call("GET", `/api/monitors/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "not_found", message: `no monitor has id '${id}'` });
    expect((await api.call("POST", `/api/monitors/${id}/resume`)).status).toBe(404);
  });

  it("pages the list like the other list routes: limit and offset in, items, total, limit and offset out", async () => {
    const all = await api.call("GET", "/api/monitors?limit=200");
    const before = all.body.total as number;
    expect(all.body.items).toHaveLength(before);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call("POST", "/api/monitors", { body: body({ name: `page ${i}` }) })).body.id);
    const first = await api.call("GET", `/api/monitors?limit=2&offset=${before}`, { token: api.token("viewer") });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: before + 3, limit: 2, offset: before });
    expect(first.body.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 2));
    const second = await api.call("GET", `/api/monitors?limit=2&offset=${before + 2}`);
    expect(second.body.items.map((m: { id: string }) => m.id)).toEqual([ids[2]]);
    expect(second.body.items[0]).toMatchObject({ name: "page 2", lastRun: null });
    // The default page is 50; out-of-range paging is a 400 naming the parameter.
    expect((await api.call("GET", "/api/monitors")).body).toMatchObject({ limit: 50, offset: 0 });
    const bad = await api.call("GET", "/api/monitors?limit=201");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("querystring.limit must be <= 200");
    for (const id of ids) expect((await api.call("DELETE", `/api/monitors/${id}`)).status).toBe(200);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await api.call("GET", "/api/openapi.json", { token: null });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/api/monitors", "/api/monitors/{id}", "/api/monitors/{id}/pause", "/api/monitors/{id}/resume", "/api/monitors/{id}/runs"]));
    const params = (doc.body.paths["/api/monitors"].get.parameters as { name: string; in: string }[]).map((p) => `${p.in}:${p.name}`);
    expect(params).toEqual(expect.arrayContaining(["query:limit", "query:offset"]));
  });
});
