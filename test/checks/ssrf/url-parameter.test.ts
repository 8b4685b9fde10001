// ssrf.url-parameter end to end through scan(): URL-taking parameters and body properties from the spec.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";

function spec(withUrls: boolean) {
  const hook = withUrls
    ? { type: "object", properties: { name: { type: "string" }, config: { type: "object", properties: { callback_url: { type: "string" }, target: { type: "string", format: "uri" } } } } }
    : { type: "object", properties: { name: { type: "string" }, events: { type: "array", items: { type: "string" } } } };
  return {
    openapi: "3.0.3",
    info: { title: "Hooks", version: "1" },
    paths: {
      "/preview": { get: { parameters: [{ name: withUrls ? "url" : "slug", in: "query", schema: { type: "string" } }], responses: { "200": { description: "ok" } } } },
      "/webhooks": { post: { requestBody: { content: { "application/json": { schema: hook } } }, responses: { "201": { description: "created" } } } },
      "/items": { get: { parameters: [{ name: "page", in: "query", schema: { type: "integer" } }], responses: { "200": { description: "ok" } } } },
    },
  };
}

const app = () => (_req: unknown, res: import("node:http").ServerResponse) => json(res, 200, { ok: true });

describe("ssrf.url-parameter", () => {
  it("lists URL-taking query parameters and body properties (by name or URI format), info severity", async () => {
    const r = await scanApp(app(), { spec: spec(true), checks: ["ssrf."] });
    const f = findingsOf(r, "ssrf.url-parameter");
    expect(f.map((x) => [x.operation?.method, x.operation?.path, x.evidence[0]!.excerpt]).sort()).toEqual([
      ["GET", "/preview", "takes URLs: query url"],
      ["POST", "/webhooks", "takes URLs: body config.callback_url, body config.target (format uri)"],
    ]);
    expect(f.every((x) => x.severity === "info")).toBe(true);
    expect(r.categories.find((c) => c.id === "ssrf")?.applicable).toBe(true);
    expect(r.requests.byMethod["POST"]).toBeUndefined();
  });
  it("stays silent when nothing takes a URL", async () => {
    const r = await scanApp(app(), { spec: spec(false), checks: ["ssrf."] });
    expect(r.findings).toEqual([]);
  });
});
