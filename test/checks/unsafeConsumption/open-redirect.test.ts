// unsafeConsumption.open-redirect end to end through scan(): the external target is a .invalid name,
// the 3xx is never followed, and a redirector that only allows relative paths stays silent.
import { describe, expect, it } from "vitest";
import { REDIRECT_CHECK_HOST } from "../../../src/checks/unsafeConsumption/open-redirect.js";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json, type Handler } from "../../helpers/fixture-server.js";

const spec = {
  openapi: "3.0.3",
  info: { title: "Auth", version: "1" },
  paths: {
    "/login/redirect": { get: { parameters: [{ name: "next", in: "query", schema: { type: "string" } }], responses: { "302": { description: "redirect" } } } },
    "/out": { get: { parameters: [{ name: "to", in: "query", required: true, schema: { type: "string" } }], responses: { "200": { description: "page" } } } },
    "/search": { get: { parameters: [{ name: "q", in: "query", schema: { type: "string" } }], responses: { "200": { description: "ok" } } } },
  },
};

function app(safe: boolean): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/login/redirect") {
      const next = url.searchParams.get("next") ?? "/";
      const allowed = !safe || (/^\/(?![/\\])/.test(next) && !next.includes(":"));
      res.writeHead(302, { location: allowed ? next : "/" });
      return void res.end();
    }
    if (url.pathname === "/out") {
      const to = url.searchParams.get("to") ?? "/";
      const target = safe ? "/" : to;
      res.writeHead(200, { "content-type": "text/html" });
      return void res.end(`<html><head><meta http-equiv="refresh" content="0; url=${target}"></head></html>`);
    }
    return json(res, 200, { results: [] });
  };
}

describe("unsafeConsumption.open-redirect", () => {
  it("fires on a 3xx to the external check host and on a meta refresh, without following either", async () => {
    const r = await scanApp(app(false), { spec, checks: ["unsafeConsumption."], depth: "deep" });
    const f = findingsOf(r, "unsafeConsumption.open-redirect");
    expect(f.map((x) => [x.operation?.path, x.confidence]).sort()).toEqual([
      ["/login/redirect", "confirmed"],
      ["/out", "firm"],
    ]);
    const redirect = f.find((x) => x.operation?.path === "/login/redirect")!;
    expect(redirect.evidence[0]!.excerpt).toBe(`302 Location: https://${REDIRECT_CHECK_HOST}/`);
    expect(redirect.evidence[0]!.request).toMatch(/^GET \/login\/redirect\?next=https%3A%2F%2Frampart-redirect-check\.invalid/);
    expect(redirect.severity).toBe("medium");
    // one request per parameter and spelling at most: no hop was followed
    expect(r.requests.sent).toBeLessThan(20);
    expect(r.categories.find((c) => c.id === "unsafeConsumption")?.applicable).toBe(true);
  });

  it("stays silent when only relative paths are honoured (protocol-relative and backslash tricks included)", async () => {
    const r = await scanApp(app(true), { spec, checks: ["unsafeConsumption."], depth: "deep" });
    expect(r.findings).toEqual([]);
  });
});
