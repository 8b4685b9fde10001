// A tiny router for fixture apps that imitate frameworks: routes as data, each answering in a
// vulnerable or a hardened flavour, plus the framework's own not-found and error styles.
import type http from "node:http";
import type { Handler } from "../helpers/fixture-server.js";

export interface Reply {
  status: number;
  body: string | Buffer | unknown;
  headers?: Record<string, string>;
}

export interface Request {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
}

export interface Route {
  method?: string;
  /** `/customers/{id}` style template. */
  path: string;
  reply(req: Request, hardened: boolean): Reply | Promise<Reply>;
}

export interface AppStyle {
  /** Headers on every response (server banners, cookies …). */
  headers(hardened: boolean): Record<string, string>;
  notFound(req: Request): Reply;
  methodNotAllowed?(req: Request): Reply;
}

function compile(template: string): RegExp {
  const src = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, "(?<$1>[^/]+)");
  return new RegExp(`^${src}$`);
}

export function appHandler(style: AppStyle, routes: Route[], hardened: boolean): Handler {
  const compiled = routes.map((r) => ({ route: r, re: compile(r.path) }));
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture.local");
    const method = (req.method ?? "GET").toUpperCase();
    let reply: Reply | null = null;
    let pathMatched = false;
    for (const { route, re } of compiled) {
      const m = re.exec(url.pathname);
      if (!m) continue;
      pathMatched = true;
      const routeMethod = route.method ?? "GET";
      if (routeMethod !== method && !(method === "HEAD" && routeMethod === "GET")) continue;
      const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
      reply = await route.reply({ method, url, headers: req.headers, params }, hardened);
      break;
    }
    const request: Request = { method, url, headers: req.headers, params: {} };
    reply ??= pathMatched && style.methodNotAllowed ? style.methodNotAllowed(request) : style.notFound(request);
    const isBinary = Buffer.isBuffer(reply.body);
    const text = isBinary ? (reply.body as Buffer) : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    const headers: Record<string, string> = {
      "content-type": isBinary ? "application/octet-stream" : typeof reply.body === "string" ? "text/plain; charset=utf-8" : "application/json",
      ...style.headers(hardened),
      ...reply.headers,
    };
    res.writeHead(reply.status, headers);
    res.end(method === "HEAD" ? undefined : text);
  };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { "content-type": "text/html; charset=utf-8", ...headers } };
}

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { "content-type": "application/json", ...headers } };
}

/** Minimal OpenAPI 3 operation for a GET returning JSON. */
export function getOp(summary: string, params: { name: string; in: "path" | "query"; type?: string; example?: unknown }[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    summary,
    parameters: params.map((p) => ({ name: p.name, in: p.in, required: p.in === "path", schema: { type: p.type ?? "string" }, ...(p.example !== undefined ? { example: p.example } : {}) })),
    responses: { "200": { description: "OK", content: { "application/json": { schema: { type: "object" } } } } },
    ...extra,
  };
}

export const SWAGGER_UI_HTML = `<!DOCTYPE html><html><head><link type="text/css" rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"><title>API - Swagger UI</title></head><body><div id="swagger-ui"></div><script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script><script>const ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'})</script></body></html>`;

/** A value that breaks a concatenated SQL string literal (balanced quotes close it again). */
export function oddQuotes(value: string): boolean {
  return (value.match(/'/g) ?? []).length % 2 === 1;
}
