import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../../src/engine/scan.js";
import { json, startServer, type RunningServer } from "../../helpers/fixture-server.js";

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const spec = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } } },
  security: [{ key: [] }],
  paths: {
    "/profile": { get: { responses: { "200": { description: "ok" } } } },
    "/customers": { get: { responses: { "200": { description: "ok" } } } },
    "/status": { get: { security: [], responses: { "200": { description: "ok" } } } },
  },
};

async function target(enforce: boolean): Promise<string> {
  const s = await startServer((req, res) => {
    if (req.url === "/openapi.json") return json(res, 200, spec);
    if (req.url === "/status") return json(res, 200, { status: "ok" });
    if (enforce && req.headers["x-key"] !== "k-123456") return json(res, 401, { detail: "Not authenticated" }, { "www-authenticate": "ApiKey" });
    if (req.url === "/customers") return json(res, 200, [{ name: "A", ssn: "536-22-8726" }]);
    return json(res, 200, { name: "me", plan: "pro" });
  });
  servers.push(s);
  return s.url;
}

describe("authentication.unauthenticated-access", () => {
  it("fires on secured operations answering without credentials, critical when the data is sensitive", async () => {
    const r = await scan({ target: await target(false), auth: ["header:X-Key=env:KEY"], env: { KEY: "k-123456" }, checks: ["authentication.unauthenticated-access"] });
    const byPath = Object.fromEntries(r.findings.map((f) => [f.operation?.path, f]));
    expect(byPath["/customers"]).toMatchObject({ severity: "critical", confidence: "confirmed", title: "Sensitive data served without authentication" });
    expect(byPath["/profile"]).toMatchObject({ severity: "high" });
    expect(byPath["/status"]).toBeUndefined(); // public by the spec and not sensitive
    expect(byPath["/customers"]?.evidence[0]?.excerpt).toContain("US Social Security number");
    expect(byPath["/customers"]?.reproduce).toMatch(/^curl /);
    expect(byPath["/customers"]?.reproduce).not.toContain("k-123456");
    expect(r.score).toBeLessThanOrEqual(59);
  });

  it("reuses the anonymous crawl when no credentials are given (no extra requests)", async () => {
    const r = await scan({ target: await target(false), checks: ["authentication.unauthenticated-access"] });
    expect(r.findings.map((f) => f.operation?.path).sort()).toEqual(["/customers", "/profile"]);
    const probes = r.requests.sent;
    // root + spec discovery + 3 crawl GETs; the check itself sends nothing
    expect(probes).toBeLessThanOrEqual(2 + 3 + 6);
  });

  it("stays silent when the API enforces authentication", async () => {
    const r = await scan({ target: await target(true), auth: ["header:X-Key=env:KEY"], env: { KEY: "k-123456" }, checks: ["authentication.unauthenticated-access"] });
    expect(r.findings).toEqual([]);
    // only the category whose check ran is scored
    expect(r.categories.filter((c) => c.applicable).map((c) => c.id)).toEqual(["authentication"]);
    expect(r.score).toBe(100);
  });
});
