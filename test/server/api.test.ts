// REST API against a real server on 127.0.0.1: auth and roles, validation, starting and reading scans,
// paging, tokens, and the OpenAPI 3.1 document generated from the route schemas.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../mcp/fixtures/target.js";
import { startApi, waitForScan, type TestServer } from "./_server.js";

let api: TestServer;
let target: Target;

beforeAll(async () => {
  target = await startTarget();
  api = await startApi();
});
afterAll(async () => {
  await api.close();
  await target.close();
});

const scanBody = () => ({ url: target.url, spec: `${target.url}/openapi.json`, depth: "quick" });

describe("access control", () => {
  it("serves health and the OpenAPI document without a token", async () => {
    const health = await api.call("GET", "/api/health", { token: null });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
    const doc = await api.call("GET", "/api/openapi.json", { token: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
  });

  it("refuses /api routes without a token, with an unknown token and after revocation", async () => {
    const none = await api.call("GET", "/api/scans", { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ error: "unauthorized", message: expect.stringContaining("Bearer") });
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await api.call("GET", "/api/scans", { token: "rmp_not-a-real-token-at-all-0000000000" });
    expect(wrong.status).toBe(401);
    const made = await api.call("POST", "/api/tokens", { body: { role: "viewer", name: "short-lived" } });
    expect(made.status).toBe(201);
    expect(made.body.token).toMatch(/^rmp_[A-Za-z0-9_-]{40,}$/);
    expect((await api.call("GET", "/api/scans", { token: made.body.token })).status).toBe(200);
    expect((await api.call("DELETE", `/api/tokens/${made.body.id}`)).status).toBe(200);
    expect((await api.call("GET", "/api/scans", { token: made.body.token })).status).toBe(401);
  });

  it("stores tokens only as hashes", async () => {
    const made = await api.call("POST", "/api/tokens", { body: { role: "operator" } });
    const rows = api.store.db.prepare("SELECT * FROM api_tokens").all() as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(made.body.token);
    const list = await api.call("GET", "/api/tokens");
    expect(JSON.stringify(list.body)).not.toContain(made.body.token);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(made.body.id);
  });

  it("enforces roles: viewers read, operators scan, admins manage tokens", async () => {
    const viewer = api.token("viewer");
    const operator = api.token("operator");
    expect((await api.call("GET", "/api/scans", { token: viewer })).status).toBe(200);
    const denied = await api.call("POST", "/api/scans", { token: viewer, body: scanBody() });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain("operator");
    expect((await api.call("GET", "/api/tokens", { token: operator })).status).toBe(403);
    expect((await api.call("POST", "/api/tokens", { token: operator, body: { role: "admin" } })).status).toBe(403);
  });

  it("lets only admins mint tokens, admin tokens included: role is a privilege, not an assignable field", async () => {
    for (const role of ["viewer", "operator"] as const) {
      for (const wanted of ["viewer", "operator", "admin"]) {
        const r = await api.call("POST", "/api/tokens", { token: api.token(role), body: { role: wanted } });
        expect(r.status).toBe(403);
      }
    }
    const admin = await api.call("POST", "/api/tokens", { body: { role: "admin", name: "second admin" } });
    expect(admin.status).toBe(201);
    expect(admin.body.role).toBe("admin");
    // Unknown fields are refused, not ignored: no `id`, `hash` or `createdAt` can be smuggled in.
    const smuggled = await api.call("POST", "/api/tokens", { body: { role: "viewer", id: "tok_mine" } });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.message).toBe("body has no field 'id'");
  });
});

describe("paging", () => {
  it("pages targets, tokens and triage entries with limit, offset and total", async () => {
    for (const n of [1, 2, 3]) {
      const id = `0000targets-${n}`;
      api.store.beginScan({ scanId: id, target: `http://127.0.0.1:9/t${n}`, startedAt: `2021-0${n}-01T00:00:00Z` });
      api.store.failScan(id, "fixture");
    }
    const allTargets = await api.call("GET", "/api/targets?limit=500");
    const total = allTargets.body.total as number;
    expect(total).toBe(allTargets.body.items.length);
    expect(total).toBeGreaterThanOrEqual(3);
    const pages = [];
    for (let offset = 0; offset < total; offset += 2) {
      const page = await api.call("GET", `/api/targets?limit=2&offset=${offset}`);
      expect(page.body).toMatchObject({ total, limit: 2, offset });
      pages.push(...page.body.items.map((t: { target: string }) => t.target));
    }
    expect(pages).toEqual(allTargets.body.items.map((t: { target: string }) => t.target));
    expect((await api.call("GET", "/api/targets?limit=501")).status).toBe(400);

    for (const n of [1, 2, 3]) await api.call("POST", "/api/tokens", { body: { role: "viewer", name: `paged ${n}` } });
    const tokens = await api.call("GET", "/api/tokens?limit=2&offset=1");
    expect(tokens.body.items).toHaveLength(2);
    expect(tokens.body.total).toBeGreaterThanOrEqual(4);
    expect(tokens.body).toMatchObject({ limit: 2, offset: 1 });

    const target = "http://127.0.0.1:9/t1";
    for (const id of ["f-aaaa", "f-bbbb", "f-cccc"]) {
      expect((await api.call("PUT", `/api/findings/${id}/triage`, { body: { status: "false-positive", target } })).status).toBe(200);
    }
    const triage = await api.call("GET", `/api/triage?target=${encodeURIComponent(target)}&limit=2&offset=2`);
    expect(triage.body).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect(triage.body.items.map((t: { findingId: string }) => t.findingId)).toEqual(["f-cccc"]);
  });
});

describe("validation", () => {
  it.each([
    [{}, "body.url is required"],
    [{ url: "ftp://127.0.0.1/" }, "body.url must use http or https"],
    [{ url: "not a url" }, "body.url must be an absolute URL"],
    [{ url: "http://127.0.0.1:1", mode: "loud" }, "body.mode must be one of passive, safe, active"],
    [{ url: "http://127.0.0.1:1", budget: 0 }, "body.budget must be >= 1"],
    [{ url: "http://127.0.0.1:1", surprise: true }, "body has no field 'surprise'"],
    [{ url: "http://127.0.0.1:1", identities: ["alice"] }, "body.identities"],
  ])("POST /api/scans %j → 400 naming the field", async (body, message) => {
    const r = await api.call("POST", "/api/scans", { body });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("bad_request");
    expect(r.body.message).toContain(message);
  });

  it("answers malformed JSON, bad query values and unknown routes with {error, message}", async () => {
    const res = await fetch(`${api.url}/api/scans`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.admin}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(["error", "message"]);
    const bad = await api.call("GET", "/api/scans?limit=5000");
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("querystring.limit");
    const status = await api.call("GET", "/api/scans?status=exploded");
    expect(status.body.message).toContain("querystring.status");
    const missing = await api.call("GET", "/api/scans/0000nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe("not_found");
  });
});

describe("scans", () => {
  it("starts a scan (202), runs it on the engine and stores it in the CLI's store", async () => {
    const started = await api.call("POST", "/api/scans", { token: api.token("operator"), body: scanBody() });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ id: expect.any(String), status: "queued" });
    const done = await waitForScan(api, started.body.id);
    expect(done.status).toBe("completed");
    expect(done.id).toBe(started.body.id);
    expect(done.grade).toMatch(/^[ABCDF]$/);
    expect(typeof done.score).toBe("number");
    expect(done.categories.length).toBeGreaterThan(0);
    expect(done.findings.some((f: { checkId: string }) => f.checkId.includes("cookie"))).toBe(true);
    expect(done.progress).toBeNull();
    // The same row the CLI's `rampart history` reads.
    expect(api.store.get(started.body.id)?.status).toBe("completed");
    expect(api.store.list().map((s) => s.id)).toContain(started.body.id);
  });

  it("lists scans newest first with paging and filters by target and status", async () => {
    for (const id of ["a", "b", "c"]) {
      api.store.beginScan({ scanId: `0000paging-${id}`, target: `http://127.0.0.1:9/${id}`, startedAt: `2020-01-0${id.charCodeAt(0) - 96}T00:00:00Z` });
      api.store.failScan(`0000paging-${id}`, "fixture");
    }
    const all = await api.call("GET", "/api/scans?limit=2&status=failed");
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(all.body.items).toHaveLength(2);
    const page = await api.call("GET", `/api/scans?limit=1&offset=1&target=${encodeURIComponent("http://127.0.0.1:9/b")}`);
    expect(page.body.total).toBe(1);
    expect(page.body.items).toHaveLength(0);
    const one = await api.call("GET", `/api/scans?target=${encodeURIComponent("http://127.0.0.1:9/b/")}`);
    expect(one.body.items.map((s: { id: string }) => s.id)).toEqual(["0000paging-b"]);
    expect(one.body.items[0].status).toBe("failed");
  });
});

describe("OpenAPI document", () => {
  it("describes every route with its schemas and the bearer scheme", async () => {
    const doc = (await api.call("GET", "/api/openapi.json", { token: null })).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/scans", "/api/scans/{id}", "/api/health", "/api/tokens"]));
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const post = doc.paths["/api/scans"].post;
    expect(JSON.stringify(post.requestBody)).toContain("ScanRequest");
    expect(doc.components.schemas.ScanRequest.required).toEqual(["url"]);
    expect(doc.paths["/api/health"].get.security).toEqual([]);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(["202", "400", "401", "403"]));
  });

  it("sends hardening headers on API answers", async () => {
    const r = await api.call("GET", "/api/scans");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
