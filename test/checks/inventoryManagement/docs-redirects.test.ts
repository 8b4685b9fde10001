// Docs and spec probes follow same-origin redirects and trailing-slash forms: Swagger UI behind
// `/docs` → `/docs/`, a spec at `/openapi.json` → `/static/openapi.json`, ReDoc only at `/redoc/`.
import { describe, expect, it } from "vitest";
import type http from "node:http";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";

const spec = { openapi: "3.0.3", info: { title: "Docs", version: "1" }, paths: { "/items": { get: { responses: { "200": { description: "ok" } } } } } };
const SWAGGER_UI = `<!doctype html><html><head><link rel="stylesheet" href="swagger-ui.css"></head><body><div id="swagger-ui"></div><script>SwaggerUIBundle({url: "/static/openapi.json"})</script></body></html>`;
const REDOC = `<!doctype html><html><body><redoc spec-url="/static/openapi.json"></redoc><script src="redoc.standalone.js"></script></body></html>`;

function html(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { "content-type": "text/html" });
  res.end(body);
}

function app(publish: boolean): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const path = req.url ?? "/";
    if (path === "/items") return json(res, 200, [{ id: 1 }]);
    if (!publish) return json(res, 404, { detail: "Not Found" });
    if (path === "/openapi.json" || path === "/docs") {
      res.writeHead(307, { location: path === "/docs" ? "/docs/" : "/static/openapi.json" });
      return res.end();
    }
    if (path === "/static/openapi.json") return json(res, 200, spec);
    if (path === "/docs/") return html(res, SWAGGER_UI);
    if (path === "/redoc/") return html(res, REDOC); // strict router: no redirect from /redoc
    return json(res, 404, { detail: "Not Found" });
  };
}

describe("docs and spec probes through redirects and trailing slashes", () => {
  it("finds the spec behind a redirect and the docs behind a redirect or only with a slash", async () => {
    const r = await scanApp(app(true), { checks: ["inventoryManagement.docs-exposed"] });
    expect(r.target.specUrl).toMatch(/\/openapi\.json$/);
    const titles = findingsOf(r, "inventoryManagement.docs-exposed").map((f) => f.title);
    expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(/^Swagger UI .* at \/docs$/), expect.stringMatching(/^ReDoc .* at \/redoc\/$/)]));
  });

  it("stays silent when nothing is published", async () => {
    const r = await scanApp(app(false), { checks: ["inventoryManagement.docs-exposed"] });
    expect(r.target.specUrl).toBeNull();
    expect(findingsOf(r, "inventoryManagement.docs-exposed")).toEqual([]);
  });
});
