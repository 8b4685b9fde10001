// A fixture API with every login flow Rampart supports: a JSON login issuing short-lived JWTs (or opaque
// tokens that simply stop working), an OAuth2 token endpoint (client_credentials, password, refresh_token)
// and a cookie session whose login form needs a CSRF token fetched first. It counts what it sees.
import { createHmac, randomBytes } from "node:crypto";
import type http from "node:http";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

export interface LoginApiOptions {
  /** Token lifetime in ms. */
  lifetimeMs: number;
  /** JWTs carry exp; opaque tokens do not say when they die. */
  tokens: "jwt" | "opaque";
}

export interface LoginApi extends RunningServer {
  counts: { logins: number; tokenRequests: number; refreshes: number; unauthorized: number; ok: number; csrfPages: number; sessions: number };
  /** Every token and cookie value the API handed out (none may appear in a report). */
  issued: string[];
  /** Methods and paths of every request, in order. */
  log: string[];
}

export const USERS: Record<string, string> = { alice: "alice-Pa55word!", bob: "bob-Pa55word!" };
export const CLIENTS: Record<string, string> = { ci: "ci-client-s3cret" };

const KEY = randomBytes(32);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function jwt(sub: string, expMs: number): string {
  const head = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ sub, exp: Math.floor(expMs / 1000) })}`;
  return `${head}.${createHmac("sha256", KEY).update(head).digest("base64url")}`;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function cookies(req: http.IncomingMessage): Record<string, string> {
  return Object.fromEntries((req.headers.cookie ?? "").split(/;\s*/).filter(Boolean).map((p) => [p.split("=")[0], p.slice(p.indexOf("=") + 1)]));
}

export const SPEC = {
  openapi: "3.0.3",
  info: { title: "login fixture", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  security: [{ bearer: [] }],
  paths: Object.fromEntries(
    ["/me", "/orders", "/invoices", "/settings", "/reports", "/profile"].map((p) => [p, { get: { responses: { "200": { description: "ok" } } } }]),
  ),
};

export async function startLoginApi(opts: LoginApiOptions): Promise<LoginApi> {
  const live = new Map<string, { sub: string; expires: number }>();
  const refreshTokens = new Map<string, string>();
  const csrf = new Set<string>();
  const counts: LoginApi["counts"] = { logins: 0, tokenRequests: 0, refreshes: 0, unauthorized: 0, ok: 0, csrfPages: 0, sessions: 0 };
  const issued: string[] = [];
  const log: string[] = [];
  const issue = (sub: string): string => {
    const expires = Date.now() + opts.lifetimeMs;
    const token = opts.tokens === "jwt" ? jwt(sub, expires) : randomBytes(18).toString("hex");
    live.set(token, { sub, expires: opts.tokens === "jwt" ? Math.floor(expires / 1000) * 1000 : expires });
    issued.push(token);
    return token;
  };
  const server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    log.push(`${req.method} ${url.pathname}`);
    const body = req.method === "POST" ? await readBody(req) : "";
    if (url.pathname === "/openapi.json") return json(res, 200, SPEC);
    if (url.pathname === "/" ) return json(res, 200, { name: "login fixture" });
    if (req.method === "POST" && url.pathname === "/auth/login") {
      counts.logins++;
      const creds = JSON.parse(body || "{}") as { username?: string; password?: string };
      if (!creds.username || USERS[creds.username] !== creds.password) return json(res, 401, { error: "invalid credentials" });
      return json(res, 200, { access_token: issue(creds.username), token_type: "Bearer" });
    }
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      counts.tokenRequests++;
      const form = new URLSearchParams(body);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const [id, secret] = basic ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) : [form.get("client_id"), form.get("client_secret")];
      if (!id || CLIENTS[id] !== secret) return json(res, 401, { error: "invalid_client" });
      let sub: string;
      const grant = form.get("grant_type");
      if (grant === "client_credentials") sub = `client:${id}`;
      else if (grant === "password") {
        const user = form.get("username") ?? "";
        if (USERS[user] !== form.get("password")) return json(res, 400, { error: "invalid_grant" });
        sub = user;
      } else if (grant === "refresh_token") {
        counts.refreshes++;
        const owner = refreshTokens.get(form.get("refresh_token") ?? "");
        if (!owner) return json(res, 400, { error: "invalid_grant" });
        sub = owner;
      } else return json(res, 400, { error: "unsupported_grant_type" });
      const refresh = randomBytes(16).toString("hex");
      refreshTokens.set(refresh, sub);
      issued.push(refresh);
      return json(res, 200, { access_token: issue(sub), token_type: "Bearer", expires_in: opts.lifetimeMs / 1000, refresh_token: refresh });
    }
    if (req.method === "GET" && url.pathname === "/login") {
      counts.csrfPages++;
      const token = randomBytes(12).toString("hex");
      csrf.add(token);
      res.writeHead(200, { "content-type": "text/html", "set-cookie": `csrftoken=${token}; Path=/; SameSite=Lax` });
      res.end(`<html><form method="post" action="/session"><input type="hidden" name="csrfmiddlewaretoken" value="${token}"><input name="username"></form></html>`);
      return;
    }
    if (req.method === "POST" && url.pathname === "/session") {
      counts.sessions++;
      const form = new URLSearchParams(body);
      const token = form.get("csrfmiddlewaretoken");
      if (!token || !csrf.has(token) || cookies(req)["csrftoken"] !== token) return json(res, 403, { error: "CSRF verification failed" });
      const user = form.get("username") ?? "";
      if (USERS[user] !== form.get("password")) return json(res, 401, { error: "invalid credentials" });
      const sid = issue(user);
      res.writeHead(302, { location: "/me", "set-cookie": `sessionid=${sid}; Path=/; HttpOnly` });
      res.end();
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const presented = bearer ?? cookies(req)["sessionid"];
    const session = presented ? live.get(presented) : undefined;
    if (!session || session.expires <= Date.now()) {
      counts.unauthorized++;
      return json(res, 401, { error: "unauthorized" }, { "www-authenticate": "Bearer" });
    }
    if (url.pathname === "/admin" && session.sub !== "root") {
      counts.unauthorized++; // a valid token of the wrong user: this endpoint always says 401
      return json(res, 401, { error: "admins only" });
    }
    counts.ok++;
    return json(res, 200, { user: session.sub, path: url.pathname, items: [{ id: 1, note: "ok" }] });
  });
  return Object.assign(server, { counts, issued, log });
}
