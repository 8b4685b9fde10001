// A fixture API with known hidden routes, in three flavours of "not found": a catch-all 200 that echoes
// the path, a redirect of every unknown path to a login page, and a SPA shell served for every path
// (whose JavaScript bundle names API routes). Only the routes in HIDDEN are real.
import type http from "node:http";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

export type NotFoundStyle = "catch-all" | "login-redirect" | "spa";

export const SPEC = {
  openapi: "3.0.3",
  info: { title: "hidden", version: "1" },
  paths: { "/v1/orders": { get: { responses: { "200": { description: "orders" } } } } },
};

/** path → how discovery should find it. */
export const HIDDEN: Record<NotFoundStyle, Record<string, string>> = {
  "catch-all": { "/admin": "wordlist", "/internal": "wordlist", "/v2/orders": "version-sibling", "/backoffice/reports": "robots.txt", "/admin/audit-trail": "link" },
  "login-redirect": { "/admin": "wordlist", "/metrics": "wordlist", "/v2/orders": "version-sibling", "/backoffice/reports": "robots.txt" },
  spa: { "/api/private/export": "js-bundle", "/api/v1/internal-stats": "js-bundle", "/v2/orders": "version-sibling" },
};

const SHELL = '<!doctype html><html><head><title>Shop</title><script src="/static/app.js"></script></head><body><div id="root"></div></body></html>';
const BUNDLE = 'const api={orders:"/v1/orders",exp:"/api/private/export",stats:"/api/v1/internal-stats"};fetch(api.exp).then(r=>r.json());';

export async function startHiddenApi(style: NotFoundStyle): Promise<RunningServer & { log: string[] }> {
  const log: string[] = [];
  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = new URL(req.url ?? "/", "http://x").pathname.replace(/\/+$/, "") || "/";
    log.push(`${req.method} ${path}`);
    if (path === "/openapi.json") return json(res, 200, SPEC);
    if (path === "/v1/orders") return json(res, 200, [{ id: 1, item: "book" }]);
    if (path === "/robots.txt" && style !== "spa") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("User-agent: *\nDisallow: /backoffice/reports\nDisallow: /nothing-here\n");
      return;
    }
    if (style === "spa" && path === "/static/app.js") {
      res.writeHead(200, { "content-type": "application/javascript" });
      res.end(BUNDLE);
      return;
    }
    if (HIDDEN[style][path]) {
      if (path === "/admin") return json(res, 200, { users: [{ id: 1, role: "admin" }], _links: { next: { href: "/admin/audit-trail" } } });
      if (path === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("# HELP http_requests_total Requests\n# TYPE http_requests_total counter\nhttp_requests_total 12\n");
        return;
      }
      return json(res, 200, { route: path, items: [{ id: 7, secret: false }], generated: "hidden route data" });
    }
    if (style === "catch-all") return json(res, 200, { status: "ok", message: `no handler for ${path}` });
    if (style === "login-redirect") {
      if (path === "/login") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<html><form action="/login" method="post"><input name="user"><input type="password" name="password"></form></html>');
        return;
      }
      res.writeHead(302, { location: `/login?next=${encodeURIComponent(path)}` });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html" });
    res.end(SHELL);
  };
  const server = await startServer(route);
  return Object.assign(server, { log });
}
