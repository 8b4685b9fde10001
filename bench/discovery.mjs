// npm run bench:discovery — endpoint discovery on fixture APIs with known hidden routes (127.0.0.1 only):
// per fixture and level, the requests spent, the hidden routes found and the false discoveries.
import http from "node:http";
import { scan } from "../dist/engine/scan.js";

const SPEC = { openapi: "3.0.3", info: { title: "hidden", version: "1" }, paths: { "/v1/orders": { get: { responses: { 200: { description: "ok" } } } } } };
const HIDDEN = {
  "catch-all 200": ["/admin", "/internal", "/v2/orders", "/backoffice/reports", "/admin/audit-trail", "/actuator/env", "/debug/pprof"],
  "login redirect": ["/admin", "/metrics", "/v2/orders", "/backoffice/reports", "/config", "/beta/orders"],
  "SPA shell": ["/api/private/export", "/api/v1/internal-stats", "/v2/orders", "/health"],
};
const SHELL = '<!doctype html><html><head><script src="/static/app.js"></script></head><body><div id="root"></div></body></html>';
const BUNDLE = 'const a={o:"/v1/orders",e:"/api/private/export",s:"/api/v1/internal-stats"};';

function handler(style) {
  const hidden = new Set(HIDDEN[style]);
  return (req, res) => {
    const path = new URL(req.url, "http://x").pathname.replace(/\/+$/, "") || "/";
    const json = (status, body, headers = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (path === "/openapi.json") return json(200, SPEC);
    if (path === "/v1/orders") return json(200, [{ id: 1 }]);
    if (path === "/robots.txt" && style !== "SPA shell") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("User-agent: *\nDisallow: /backoffice/reports\n");
    }
    if (style === "SPA shell" && path === "/static/app.js") {
      res.writeHead(200, { "content-type": "application/javascript" });
      return res.end(BUNDLE);
    }
    if (hidden.has(path)) {
      return json(200, { route: path, data: [1, 2, 3], ...(path === "/admin" ? { _links: { next: { href: "/admin/audit-trail" } } } : {}) });
    }
    if (style === "catch-all 200") return json(200, { status: "ok", message: `no handler for ${path}` });
    if (style === "login redirect") {
      if (path === "/login") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end('<form method="post"><input type="password" name="password"></form>');
      }
      res.writeHead(302, { location: "/login" });
      return res.end();
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end(SHELL);
  };
}

const rows = [];
for (const style of Object.keys(HIDDEN)) {
  const server = http.createServer(handler(style));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  for (const level of ["standard", "deep"]) {
    const report = await scan({ target: url, spec: `${url}/openapi.json`, discover: level, checks: ["inventoryManagement.undocumented-endpoint"], rate: 500 });
    const d = report.extras.discovery;
    const found = d.found.map((f) => f.path);
    const real = found.filter((p) => HIDDEN[style].includes(p));
    rows.push({
      fixture: style,
      level,
      requests: `${d.requests}/${d.allowance}`,
      found: `${real.length}/${HIDDEN[style].length}`,
      false: found.length - real.length,
      missed: HIDDEN[style].filter((p) => !found.includes(p)).join(" ") || "-",
    });
  }
  server.close();
}
console.table(rows);
