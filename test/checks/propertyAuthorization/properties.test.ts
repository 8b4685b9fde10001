// Property-level authorization end to end through scan(): undocumented and sensitive response
// properties (passive) and the mass-assignment surface of request schemas (offline, write operations).
import { describe, expect, it } from "vitest";
import { undocumentedPaths } from "../../../src/checks/propertyAuthorization/undocumented-properties.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { json, type Handler } from "../../helpers/fixture-server.js";

function spec(hardened: boolean) {
  const user = {
    type: "object",
    properties: {
      id: { type: "integer" },
      name: { type: "string" },
      email: { type: "string" },
      address: { type: "object", properties: { city: { type: "string" } } },
      ...(hardened ? { card_number: { type: "string", description: "masked" } } : {}),
    },
  };
  const userInput = {
    type: "object",
    properties: hardened
      ? { name: { type: "string" }, email: { type: "string" }, role: { type: "string", readOnly: true } }
      : { name: { type: "string" }, email: { type: "string" }, role: { type: "string" }, is_admin: { type: "boolean" }, wallet: { type: "object", properties: { balance: { type: "number" } } } },
  };
  const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
  const ok = (schema: unknown) => ({ "200": { description: "ok", content: { "application/json": { schema } } } });
  return {
    openapi: "3.0.3",
    info: { title: "Users", version: "1" },
    components: { schemas: { User: user, UserInput: userInput } },
    paths: {
      "/users": { get: { responses: ok({ type: "array", items: { $ref: "#/components/schemas/User" } }) }, post: { requestBody: body({ $ref: "#/components/schemas/UserInput" }), responses: ok(user) } },
      "/users/{id}": {
        get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: ok({ $ref: "#/components/schemas/User" }) },
        patch: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], requestBody: body({ $ref: "#/components/schemas/UserInput" }), responses: ok(user) },
      },
      "/admin/users": { post: { requestBody: body({ type: "object", properties: { email: { type: "string" }, role: { type: "string" } } }), responses: ok(user) } },
      "/products": { post: { requestBody: body({ type: "object", properties: { name: { type: "string" }, price: { type: "number" } } }), responses: ok(user) } },
      "/settings": { get: { responses: ok({ type: "object", additionalProperties: true, properties: { theme: { type: "string" } } }) } },
      "/login/token": { get: { responses: ok({ type: "object", properties: { access_token: { type: "string" } } }) } },
    },
  };
}

function app(hardened: boolean): Handler {
  const user = (id: number) =>
    hardened
      ? { id, name: "Ada", email: "ada@example.com", address: { city: "London" }, card_number: "**** **** **** 4242" }
      : { id, name: "Ada", email: "ada@example.com", address: { city: "London", geo_internal: "x" }, password_hash: "$2b$12$Q9x8xv3a1bC2dE3fG4hI5u", is_internal: true, internal_notes: "VIP - do not bill", card_number: "**** **** **** 4242" };
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/users") return json(res, 200, [user(1), user(2)]);
    if (url.pathname.startsWith("/users/")) return json(res, 200, user(Number(url.pathname.slice(7)) || 1));
    if (url.pathname === "/settings") return json(res, 200, { theme: "dark", beta_flags: ["x"] });
    if (url.pathname === "/login/token") return json(res, 200, { access_token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc" });
    return json(res, 404, {});
  };
}

describe("propertyAuthorization.undocumented-properties", () => {
  const checks = ["propertyAuthorization.undocumented-properties"];
  it("lists up to five undocumented names per operation, nested paths included", async () => {
    const r = await scanApp(app(false), { spec: spec(false), checks });
    const f = findingsOf(r, "propertyAuthorization.undocumented-properties");
    expect(f.map((x) => x.operation?.path).sort()).toEqual(["/users", "/users/{id}"]);
    const one = f.find((x) => x.operation?.path === "/users/{id}")!;
    expect(one.evidence[0]!.excerpt).toBe("undocumented: address.geo_internal, password_hash, is_internal, internal_notes, card_number");
    expect(one.evidence[0]!.note).toMatch(/sensitive by name: password_hash, is_internal, internal_notes, card_number/);
    expect(f.find((x) => x.operation?.path === "/users")!.evidence[0]!.excerpt).toMatch(/^undocumented: \[\]\.address\.geo_internal/);
    expect(f.every((x) => x.severity === "medium")).toBe(true);
  });
  it("stays silent when responses match their schemas (open schemas are not judged)", async () => {
    const r = await scanApp(app(true), { spec: spec(true), checks });
    expect(r.findings).toEqual([]); // /settings has extra properties, but its schema allows them
  });
  it("compares bounded and never throws on hostile shapes", () => {
    const schema = { type: "object", properties: { a: { type: "object", properties: {} } } } as Record<string, unknown>;
    (schema["properties"] as Record<string, unknown>)["self"] = schema; // a cycle, as the loader leaves recursive refs
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 10_000; i++) cur = (cur["self"] = {}) as Record<string, unknown>;
    expect(undocumentedPaths(deep as never, schema)).toEqual([]);
    expect(undocumentedPaths({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, { type: "object", properties: { a: {} } })).toEqual(["b", "c", "d", "e", "f"]);
    expect(undocumentedPaths({ x: 1 }, { type: "array", items: { type: "object", properties: {} } })).toEqual([]);
  });
});

describe("propertyAuthorization.sensitive-properties", () => {
  const checks = ["propertyAuthorization.sensitive-properties"];
  it("fires on hashes, internal flags and notes with values; values never in the report", async () => {
    const r = await scanApp(app(false), { spec: spec(false), checks });
    const f = findingsOf(r, "propertyAuthorization.sensitive-properties");
    expect(f.map((x) => x.operation?.path).sort()).toEqual(["/users", "/users/{id}"]);
    expect(f[0]!.evidence[0]!.excerpt).toBe("properties password_hash (password hash), is_internal (internal flag), internal_notes (internal notes) with values (redacted)");
    expect(f[0]!.severity).toBe("high");
    expect(reportText(r)).not.toContain("Q9x8xv3a1bC2dE3fG4hI5u");
    expect(reportText(r)).not.toContain("do not bill");
  });
  it("judges one body served by a login endpoint and by another operation for each (a body's verdict is shared, its context is not)", async () => {
    const token = { access_token: "q7Vx2mZr9LpK4sWd8TnB3yHc6FgJ1aEu" };
    const tokenSpec = {
      openapi: "3.0.3",
      info: { title: "Tokens", version: "1" },
      paths: { "/login/token": { get: { responses: { "200": { description: "ok" } } } }, "/me": { get: { responses: { "200": { description: "ok" } } } } },
    };
    const r = await scanApp((req, res) => (["/login/token", "/me"].includes(req.url ?? "") ? json(res, 200, token) : json(res, 404, {})), { spec: tokenSpec, checks });
    const f = findingsOf(r, "propertyAuthorization.sensitive-properties");
    expect(f.map((x) => x.operation?.path)).toEqual(["/me"]);
    expect(f[0]!.evidence[0]!.excerpt).toBe("properties access_token (access token) with values (redacted)");
  });
  it("stays silent on masked values and on tokens issued by a login endpoint", async () => {
    const r = await scanApp(app(true), { spec: spec(true), checks });
    expect(r.findings).toEqual([]);
  });
});

describe("propertyAuthorization.mass-assignment-surface", () => {
  const checks = ["propertyAuthorization.mass-assignment-surface"];
  it("fires on write operations accepting role, admin flags and balances (offline, from the spec)", async () => {
    const r = await scanApp(app(false), { spec: spec(false), checks });
    const f = findingsOf(r, "propertyAuthorization.mass-assignment-surface");
    expect(f.map((x) => `${x.operation?.method} ${x.operation?.path}`).sort()).toEqual(["PATCH /users/{id}", "POST /users"]);
    expect(f[0]!.evidence[0]!.excerpt).toBe("request body accepts role (privilege), is_admin (privilege), wallet.balance (money), not readOnly");
    expect(r.requests.byMethod["POST"]).toBeUndefined(); // offline: nothing is sent to write operations
  });
  it("stays silent when privileged fields are readOnly, on admin operations and on product prices", async () => {
    const r = await scanApp(app(true), { spec: spec(true), checks });
    expect(r.findings).toEqual([]);
  });
});
