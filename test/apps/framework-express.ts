// Imitates an Express 4 API with mongoose (MongoDB): `X-Powered-By: Express`, finalhandler's
// `Cannot GET /x` HTML 404, connect.sid sessions, ObjectId ids, swagger-ui-express at /api-docs,
// the development error handler. Hardened: helmet, express-rate-limit, a CORS allow-list, no dev errors.
import { appHandler, getOp, html, jsonReply, SWAGGER_UI_HTML, type AppStyle, type Reply, type Request, type Route } from "./framework-common.js";

const oid = (i: number): string => `65a1f0c2e4b0${(0x1a2b3c + i).toString(16).padStart(12, "0")}`;
export const USERS = Array.from({ length: 25 }, (_, i) => ({
  _id: oid(i),
  name: `User ${i}`,
  email: `user${i}@example.com`,
  role: "member",
  apiToken: `tk_${(i * 7919 + 104729).toString(36)}Q7vX2mK9pL4sT8wZ${i}`,
}));
const publicUser = (u: (typeof USERS)[number]) => ({ _id: u._id, name: u.name });

const ORDERS = Array.from({ length: 5000 }, (_, i) => ({ _id: oid(1000 + i), total: (i % 97) * 3, status: "paid" }));

const TRUSTED = "https://app.example.com";

function cors(req: Request, hardened: boolean): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  if (hardened) return origin === TRUSTED ? { "access-control-allow-origin": TRUSTED, vary: "Origin", "access-control-allow-credentials": "true" } : { vary: "Origin" };
  return { "access-control-allow-origin": origin, "access-control-allow-credentials": "true", vary: "Origin" };
}

const notFoundHtml = (method: string, path: string): string =>
  `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${path}</pre>\n</body>\n</html>\n`;

const castError = (value: string): string =>
  `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>CastError: Cast to ObjectId failed for value &quot;${value}&quot; (type string) at path &quot;_id&quot; for model &quot;User&quot;<br> &nbsp; &nbsp;at model.Query.exec (/app/node_modules/mongoose/lib/query.js:4498:21)<br> &nbsp; &nbsp;at /app/src/routes/users.js:14:40</pre>\n</body>\n</html>\n`;

function rateHeaders(hardened: boolean, state: { n: number }): Record<string, string> | null {
  if (!hardened) return null;
  state.n++;
  return { "ratelimit-limit": "20", "ratelimit-remaining": String(Math.max(0, 20 - state.n)), "ratelimit-reset": "60" };
}

export function expressApp(hardened: boolean) {
  const state = { n: 0 };
  const limited = (req: Request, reply: () => Reply): Reply => {
    const rl = rateHeaders(hardened, state);
    if (rl && state.n > 20) return { status: 429, body: "Too many requests, please try again later.", headers: { ...rl, "retry-after": "1" } };
    const r = reply();
    return { ...r, headers: { ...r.headers, ...(rl ?? {}), ...cors(req, hardened) } };
  };
  const style: AppStyle = {
    headers: (h): Record<string, string> =>
      h
        ? { "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'", "cache-control": "no-store" }
        : { "x-powered-by": "Express", etag: 'W/"1f-abc"' },
    notFound: (req) => html(404, notFoundHtml(req.method, req.url.pathname), { "content-security-policy": "default-src 'none'", "x-content-type-options": "nosniff" }),
  };
  const routes: Route[] = [
    { path: "/api-docs", reply: (r) => (hardened ? style.notFound(r) : html(200, SWAGGER_UI_HTML)) },
    { path: "/api/users", reply: (r) => limited(r, () => jsonReply(200, hardened ? USERS.slice(0, 10).map(publicUser) : USERS)) },
    {
      path: "/api/users/{id}",
      reply: (r) =>
        limited(r, () => {
          const id = r.params.id!;
          if (!/^[0-9a-f]{24}$/.test(id)) return hardened ? jsonReply(400, { error: "invalid id" }) : html(500, castError(id));
          const u = USERS.find((x) => x._id === id);
          return u ? jsonReply(200, hardened ? publicUser(u) : u) : jsonReply(404, { error: "not found" });
        }),
    },
    {
      path: "/api/orders",
      reply: (r) =>
        limited(r, () => {
          const asked = Number(r.url.searchParams.get("limit") ?? "20");
          const limit = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 20, hardened ? 100 : ORDERS.length));
          return jsonReply(200, { data: ORDERS.slice(0, limit), next: limit < ORDERS.length ? "cursor-2" : null });
        }),
    },
    { path: "/api/export", reply: (r) => limited(r, () => jsonReply(200, hardened ? { data: ORDERS.slice(0, 100), next: "cursor-2" } : ORDERS)) },
    { path: "/api/status", reply: (r) => limited(r, () => jsonReply(200, hardened ? { status: "ok" } : { status: "ok", db: "mongodb://10.0.3.17:27017", cache: "redis.prod.svc.cluster.local:6379" })) },
  ];
  return appHandler(style, routes, hardened);
}

export function expressSpec(): Record<string, unknown> {
  return {
    openapi: "3.0.3",
    info: { title: "Shop API", version: "1.0.0" },
    paths: {
      "/api/users": { get: getOp("List users") },
      "/api/users/{id}": { get: getOp("Get user", [{ name: "id", in: "path", example: oid(3) }]) },
      "/api/orders": { get: getOp("List orders", [{ name: "limit", in: "query", type: "integer", example: 20 }]) },
      "/api/status": { get: getOp("Status") },
      "/api/export": { get: getOp("Export orders", [{ name: "cursor", in: "query" }]) },
    },
  };
}
