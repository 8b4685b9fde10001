// Active mode's guard rails: the target guard (loopback/private or --confirm-target), the changes ledger
// the HTTP client fills for every state-changing request, and the clean-up API checks use (ctx.changes),
// against a real store on 127.0.0.1 whose contents are read back after the clean-up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeTracker, deriveCleanup } from "../../src/engine/cleanup.js";
import { scan } from "../../src/engine/scan.js";
import { planScan } from "../../src/engine/plan.js";
import { activeTargetRefusal, privateRange } from "../../src/http/active-target.js";
import { createdObject } from "../../src/http/changes.js";
import { createHttpClient } from "../../src/http/client.js";
import { loadParsedSpec } from "../../src/spec/index.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { config } from "./_support.js";

/** A tiny store: POST /items answers 201 + Location, POST /notes answers {id} (DELETE /notes/{id} in the spec). */
function store() {
  const items = new Map<string, string>();
  const notes = new Map<string, string>();
  let next = 1;
  const server = startServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const [, kind, id] = url.pathname.split("/");
    const table = kind === "items" ? items : kind === "notes" ? notes : null;
    if (!table) return json(res, 404, { error: "no such route" });
    if (req.method === "POST" && !id) {
      if (body.includes("forbidden")) return json(res, 403, { error: "no" });
      const key = String(next++);
      table.set(key, body);
      return kind === "items" ? json(res, 201, { ok: true }, { location: `/items/${key}` }) : json(res, 200, { id: Number(key) });
    }
    if (req.method === "DELETE" && id) return table.delete(id) ? json(res, 204, {}) : json(res, 404, {});
    if (req.method === "PATCH" && id && table.has(id)) {
      table.set(id, body);
      return json(res, 200, { ok: true });
    }
    if (req.method === "GET" && id) return table.has(id) ? json(res, 200, { body: table.get(id) }) : json(res, 404, {});
    return json(res, 405, {});
  });
  return { items, notes, server };
}

const SPEC = {
  openapi: "3.0.3",
  info: { title: "store", version: "1" },
  paths: {
    "/notes": { post: { responses: { "200": { description: "ok" } } } },
    "/notes/{noteId}": {
      delete: { parameters: [{ name: "noteId", in: "path", required: true, schema: { type: "string" } }], responses: { "204": { description: "gone" } } },
    },
  },
};

describe("active target guard", () => {
  it("lets loopback and private addresses through and names the range", async () => {
    expect(privateRange("127.0.0.1")).toBe("loopback");
    expect(privateRange("::1")).toBe("loopback");
    expect(privateRange("10.20.30.40")).toBe("private");
    expect(privateRange("172.31.255.1")).toBe("private");
    expect(privateRange("192.168.1.1")).toBe("private");
    expect(privateRange("fd12::1")).toBe("unique-local");
    expect(privateRange("::ffff:10.0.0.1")).toBe("private");
    expect(privateRange("172.32.0.1")).toBeNull();
    expect(privateRange("8.8.8.8")).toBeNull();
    expect(await activeTargetRefusal("127.0.0.1", [])).toBeNull();
    expect(await activeTargetRefusal("localhost", [])).toBeNull();
    expect(await activeTargetRefusal("api.localhost", [])).toBeNull();
  });

  it("asks for --confirm-target naming any other host, and accepts it when named", async () => {
    const refusal = await activeTargetRefusal("203.0.113.10", []);
    expect(refusal).toBe("--mode active sends attack payloads and writes; 203.0.113.10 is 203.0.113.10, outside loopback and private ranges: add --confirm-target 203.0.113.10 to scan it actively");
    expect(await activeTargetRefusal("203.0.113.10", ["other.example"])).not.toBeNull();
    expect(await activeTargetRefusal("203.0.113.10", ["203.0.113.10"])).toBeNull();
    // A name is judged by every address it resolves to: one public address is enough to ask.
    const resolve = async () => ["10.0.0.5", "198.51.100.7"];
    expect(await activeTargetRefusal("staging.example", [], { resolve })).toMatch(/staging\.example is 198\.51\.100\.7, outside/);
    expect(await activeTargetRefusal("staging.example", [], { resolve: async () => ["10.0.0.5"] })).toBeNull();
    expect(await activeTargetRefusal("Staging.Example.", ["staging.example"], { resolve })).toBeNull();
    expect(await activeTargetRefusal("nowhere.invalid", [], { resolve: async () => Promise.reject(new Error("ENOTFOUND")) })).toMatch(/does not resolve here/);
  });

  it("scan() refuses an unconfirmed public target in one line, before any request; a dry run says what is needed", async () => {
    await expect(scan({ target: "http://203.0.113.10:9", mode: "active", discoverSpec: false })).rejects.toThrow(/^--mode active sends attack payloads and writes; 203\.0\.113\.10 is 203\.0\.113\.10, outside loopback and private ranges: add --confirm-target 203\.0\.113\.10 to scan it actively$/);
    // Safe mode is not asked for a confirmation (it would fail to connect, which is not this error).
    const plan = await planScan({ target: "http://203.0.113.10:9", mode: "active", discoverSpec: false, spec: null });
    expect(plan.confirmation).toMatch(/add --confirm-target 203\.0\.113\.10/);
  });
});

describe("changes ledger and clean-up", () => {
  let s: ReturnType<typeof store>;
  let running: RunningServer;
  beforeAll(async () => {
    s = store();
    running = await s.server;
  });
  afterAll(() => running.close());

  it("records every state-changing request, deletes created objects newest first and reads as undone", async () => {
    const http = createHttpClient(config(running.url, { mode: "active" }));
    const api = await loadParsedSpec("store.json", SPEC);
    const derive = deriveCleanup(api, running.url, "");
    const changes = changeTracker(http.withSource("test.check"), http.changes, derive);
    const item = await changes.create({ method: "POST", url: "/items", body: '{"name":"a"}' });
    expect(item.location).toBe(`${running.url}/items/1`);
    const note = await changes.create({ method: "POST", url: "/notes", body: '{"text":"b"}' });
    expect(note.id).toBe("2");
    const refused = await changes.create({ method: "POST", url: "/items", body: '{"name":"forbidden"}' });
    expect(refused.change?.outcome).toBe("rejected");
    // A PATCH with the check's own restore, and a GET that is not a change at all.
    const patched = await http.withSource("test.check").send({ method: "PATCH", url: "/items/1", body: '{"name":"changed"}' });
    expect(changes.undo(patched, { method: "PATCH", url: "/items/1", body: '{"name":"a"}' }, "restore the name")).toBe(true);
    const read = await http.send({ url: "/items/1" });
    expect(changes.entryFor(read)).toBeNull();
    expect(s.items.size).toBe(1);
    expect(s.notes.size).toBe(1);
    expect(http.changes.pending()).toBe(3);

    await http.undoChanges(derive);
    expect(s.items.size).toBe(0);
    expect(s.notes.size).toBe(0);
    const list = http.changes.list();
    expect(list.map((c) => `${c.id} ${c.method} ${c.outcome} ${c.undo.state}`)).toEqual([
      "1 POST applied done",
      "2 POST applied done",
      "3 POST rejected not-needed",
      "4 PATCH applied done",
    ]);
    expect(list[0]!.undo.request).toBe(`DELETE ${running.url}/items/1`);
    expect(list[1]!.undo.request).toBe(`DELETE ${running.url}/notes/2`);
    expect(list[3]!.undo.note).toBe("restore the name");
    expect(list.every((c) => c.checkId === "test.check")).toBe(true);
    // Clean-ups are recorded as exchanges of their own (for the report's evidence), newest change first:
    // the PATCH is restored before the item it changed is deleted.
    const cleanups = http.exchanges().filter((e) => e.source === "cleanup").map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`);
    expect(cleanups).toEqual(["PATCH /items/1", "DELETE /notes/2", "DELETE /items/1"]);
    await http.close();
  });

  it("an object with no way to delete it is listed as left, with the reason", async () => {
    const http = createHttpClient(config(running.url, { mode: "active" }));
    const derive = deriveCleanup(null, running.url, "");
    const changes = changeTracker(http.withSource("test.check"), http.changes, derive);
    const note = await changes.create({ method: "POST", url: "/notes", body: "{}" });
    expect(note.id).not.toBeNull();
    await http.undoChanges(derive);
    expect(http.changes.list()[0]!.undo).toEqual({ state: "left", note: "no way to delete the created object was found" });
    expect(s.notes.size).toBe(1);
    s.notes.clear();
    await http.close();
  });

  it("clean-ups pass an exhausted budget because each one held a request back", async () => {
    const http = createHttpClient(config(running.url, { mode: "active", budget: 3 }));
    const derive = deriveCleanup(null, running.url, "");
    const changes = changeTracker(http.withSource("test.check"), http.changes, derive);
    await changes.create({ method: "POST", url: "/items", body: "{}" });
    await changes.create({ method: "POST", url: "/items", body: "{}" });
    // 2 sent + 2 held back for their clean-ups: a third request would eat a clean-up's share.
    await expect(http.send({ url: "/items/x" })).rejects.toThrow(/budget/);
    await http.undoChanges(derive);
    expect(http.changes.list().map((c) => c.undo.state)).toEqual(["done", "done"]);
    expect(s.items.size).toBe(0);
    await http.close();
  });

  it("knows a created object by 201, a Location, or a POST answered with an id", () => {
    const ex = (method: string, status: number, body: string, headers: Record<string, string> = {}) =>
      ({
        id: 1,
        source: "x",
        operation: null,
        request: { method, url: "http://127.0.0.1/things", headers: {}, body: null, identity: null },
        response: { status, headers, body, size: body.length, truncated: false, contentType: "application/json", timeMs: 1 },
        error: null,
        redirects: [],
      }) as Parameters<typeof createdObject>[0];
    expect(createdObject(ex("POST", 201, ""))).toEqual({ location: null, id: null });
    expect(createdObject(ex("POST", 200, '{"data":{"_id":"ab12"}}'))).toEqual({ location: null, id: "ab12" });
    expect(createdObject(ex("PUT", 200, "", { location: "/things/9" }))).toEqual({ location: "http://127.0.0.1/things/9", id: null });
    expect(createdObject(ex("POST", 200, '{"ok":true}'))).toBeNull();
    expect(createdObject(ex("PATCH", 201, '{"id":1}'))).toBeNull();
    expect(createdObject(ex("POST", 400, '{"id":1}'))).toBeNull();
  });
});

describe("changes in the renderers", () => {
  it("one counting line, and each change left to review", async () => {
    const { changesLine, changeText, changesToReview } = await import("../../src/report/renderers/_changes.js");
    const base = { id: 1, exchangeId: 3, checkId: "x.y", method: "POST" as const, url: "http://127.0.0.1/a", identity: null, status: 201, outcome: "applied" as const };
    const report = {
      changes: [
        { ...base, created: { location: "http://127.0.0.1/a/1", id: null }, undo: { state: "done" as const, request: "DELETE http://127.0.0.1/a/1", status: 204 } },
        { ...base, id: 2, status: 403, outcome: "rejected" as const, created: null, undo: { state: "not-needed" as const } },
        { ...base, id: 3, created: { location: null, id: "9" }, undo: { state: "left" as const, note: "no way to delete the created object was found" } },
      ],
    } as unknown as Parameters<typeof changesLine>[0];
    expect(changesLine(report)).toBe("Changes: 3 state-changing request(s): 2 object(s) created, 1 undone, 1 rejected by the target, 1 to review by hand");
    expect(changesToReview(report).map(changeText)).toEqual(["POST http://127.0.0.1/a → 201 applied, created id 9: left (no way to delete the created object was found) [x.y]"]);
    expect(changesLine({ changes: [] } as unknown as Parameters<typeof changesLine>[0])).toBeNull();
  });
});
