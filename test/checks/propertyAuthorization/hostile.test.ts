// Hostile answers against every check of the authorization, property, SSRF and redirect categories:
// deeply nested and huge JSON, 10,000-item lists, HTML where JSON was promised, binary and invalid UTF-8.
// No check may throw (a thrown check becomes a report error), hang, or report noise at high severity.
import { describe, expect, it } from "vitest";
import { scanApp } from "../../apps/framework-scan.js";
import type { Handler } from "../../helpers/fixture-server.js";

const object = { type: "object", properties: { id: { type: "integer" }, owner_id: { type: "integer" } } };
const ok = (schema: unknown) => ({ "200": { description: "ok", content: { "application/json": { schema } } } });
const spec = {
  openapi: "3.0.3",
  info: { title: "Hostile", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
  security: [{ bearer: [] }],
  paths: {
    "/deep": { get: { responses: ok(object) } },
    "/items": { get: { parameters: [{ name: "next", in: "query", schema: { type: "string" } }], responses: ok({ type: "array", items: object }) } },
    "/items/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: ok(object) } },
    "/admin/html": { get: { responses: ok(object) } },
    "/binary": { get: { responses: ok(object) } },
  },
};

const huge = JSON.stringify({ items: Array.from({ length: 10_000 }, (_, i) => ({ id: i, owner_id: i % 13, role: "user", password: `p${i}`, extra: { url: `https://x.example/?token=t${i}` } })) });
const deep = `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`;

const app: Handler = (req, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  if (path === "/deep" || path.startsWith("/items/")) {
    res.writeHead(200, { "content-type": "application/json" });
    return void res.end(deep);
  }
  if (path === "/items") {
    res.writeHead(200, { "content-type": "application/json" });
    return void res.end(huge);
  }
  if (path === "/admin/html") {
    res.writeHead(200, { "content-type": "application/json" });
    return void res.end("<html><body><h1>Oops</h1>" + "\u00ff\ufffd".repeat(10_000) + "</body></html>");
  }
  res.writeHead(200, { "content-type": "application/octet-stream" });
  res.end(Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 7919) % 256)));
};

describe("hostile answers", () => {
  it("no check of these categories throws on deep, huge, mislabelled or binary bodies", async () => {
    const categories = ["authentication.", "bolaAuthorization.", "bflaAuthorization.", "propertyAuthorization.", "ssrf.", "unsafeConsumption."];
    const r = await scanApp(app, { spec, auth: ["@alice=bearer:not-a-jwt-token", "@bob=bearer:eyJhbGciOiJub25lIn0.e30."], checks: categories, depth: "deep" });
    expect(r.errors.filter((e) => e.checkId)).toEqual([]);
    expect(r.requests.sent).toBeLessThan(300);
    // the 10,000-item list is reported once per check, not once per item
    const perCheck = new Map<string, number>();
    for (const f of r.findings) perCheck.set(f.checkId, (perCheck.get(f.checkId) ?? 0) + 1);
    for (const [id, n] of perCheck) expect(n, id).toBeLessThanOrEqual(6);
  });
});
