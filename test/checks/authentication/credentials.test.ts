// Wrong credentials, method bypass, scheme declarations, credentials in URLs and 401 hygiene, end to end
// through scan() against vulnerable fixtures and hardened twins on 127.0.0.1.
import type http from "node:http";
import { describe, expect, it } from "vitest";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { json, type Handler } from "../../helpers/fixture-server.js";

const KEY = "k-7f3a9c2e51d84b60";
const TOKEN = "t0k3n-0123456789abcdef0123456789ab";

function spec(schemes: Record<string, unknown>, security: Record<string, string[]>[]) {
  return {
    openapi: "3.0.3",
    info: { title: "Accounts", version: "1" },
    components: { securitySchemes: schemes },
    security,
    paths: {
      "/accounts": { get: { operationId: "accounts", responses: { "200": { description: "ok" } } } },
      "/profile": { get: { operationId: "profile", responses: { "200": { description: "ok" } } } },
      "/status": { get: { security: [], responses: { "200": { description: "ok" } } } },
    },
  };
}

const DATA: Record<string, unknown> = {
  "/accounts": [{ id: 1, holder: "Ada", ssn: "536-22-8726" }, { id: 2, holder: "Alan", ssn: "219-09-9999" }],
  "/profile": { id: 1, name: "Ada", plan: "gold" },
};

/** Serves DATA to requests that `authorised` lets through; 401 otherwise. */
function app(authorised: (req: http.IncomingMessage, url: URL) => boolean, extra: Handler | null = null): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/status") return json(res, 200, { status: "ok" });
    if (!(url.pathname in DATA)) return json(res, 404, { detail: "not found" });
    if (extra) {
      extra(req, res);
      if (res.headersSent) return;
    }
    if (!authorised(req, url)) return json(res, 401, { detail: "Not authenticated" }, { "www-authenticate": "Bearer" });
    if (req.method === "HEAD" || req.method === "OPTIONS") {
      const body = JSON.stringify(DATA[url.pathname]);
      res.writeHead(req.method === "HEAD" ? 200 : 204, { "content-type": "application/json", "content-length": req.method === "HEAD" ? String(Buffer.byteLength(body)) : "0" });
      res.end();
      return;
    }
    return json(res, 200, DATA[url.pathname]);
  };
}

const keySpec = spec({ key: { type: "apiKey", in: "header", name: "X-API-Key" } }, [{ key: [] }]);
const bearerSpec = spec({ bearer: { type: "http", scheme: "bearer" } }, [{ bearer: [] }]);
const basicSpec = spec({ basic: { type: "http", scheme: "basic" } }, [{ basic: [] }]);
const querySpec = spec({ key: { type: "apiKey", in: "query", name: "api_key" } }, [{ key: [] }]);

describe("authentication.invalid-credentials-accepted", () => {
  const check = ["authentication.invalid-credentials-accepted"];

  it("fires when any X-API-Key value is accepted: critical, confirmed against the real key's data", async () => {
    const r = await scanApp(app((req) => Boolean(req.headers["x-api-key"])), { spec: keySpec, auth: [`header:X-API-Key=${KEY}`], checks: check });
    const f = findingsOf(r, "authentication.invalid-credentials-accepted");
    expect(f.map((x) => x.operation?.path).sort()).toEqual(["/accounts", "/profile"]);
    expect(f.every((x) => x.severity === "critical" && x.confidence === "confirmed")).toBe(true);
    const accounts = f.find((x) => x.operation?.path === "/accounts")!;
    expect(accounts.evidence[0]!.excerpt).toMatch(/random key \(header X-API-Key\); contains US Social Security number/);
    expect(accounts.evidence[1]!.status).toBe(401);
    expect(reportText(r)).not.toContain(KEY);
  });

  it("fires for bearer and Basic schemes without any credentials given (firm)", async () => {
    const bearer = await scanApp(app((req) => /^Bearer .{8,}/.test(req.headers.authorization ?? "")), { spec: bearerSpec, checks: check });
    expect(findingsOf(bearer, "authentication.invalid-credentials-accepted").map((f) => [f.operation?.path, f.confidence, f.severity]).sort()).toEqual([
      ["/accounts", "firm", "critical"],
      ["/profile", "firm", "high"],
    ]);
    const basic = await scanApp(app((req) => (req.headers.authorization ?? "").startsWith("Basic ")), { spec: basicSpec, auth: ["basic:ada:pw-123456"], checks: check });
    const f = findingsOf(basic, "authentication.invalid-credentials-accepted");
    expect(f).toHaveLength(2);
    expect(f[0]!.reproduce).toContain(`-u "$RAMPART_WRONG_BASIC"`); // any wrong credential reproduces it; the report says so
    expect(basic.reproduceVariables?.find((v) => v.variable === "RAMPART_WRONG_BASIC")?.set).toMatch(/^export RAMPART_WRONG_BASIC=/);
    expect(reportText(basic)).not.toContain("pw-123456");
  });

  it("stays silent when credentials are validated, and when the data is public anyway", async () => {
    const hardened = await scanApp(app((req) => req.headers["x-api-key"] === KEY), { spec: keySpec, auth: [`header:X-API-Key=${KEY}`], checks: check });
    expect(hardened.findings).toEqual([]);
    const open = await scanApp(app(() => true), { spec: keySpec, auth: [`header:X-API-Key=${KEY}`], checks: check });
    expect(open.findings).toEqual([]); // unauthenticated-access's finding, not this one
  });
});

describe("authentication.method-bypass", () => {
  const check = ["authentication.method-bypass"];
  const realToken = (req: http.IncomingMessage) => req.headers.authorization === `Bearer ${TOKEN}`;

  it("fires when HEAD and OPTIONS skip authentication (and override headers are honoured)", async () => {
    const overrideRouter: Handler = (req, res) => {
      // Auth middleware guards GET only; the router honours X-HTTP-Method-Override.
      if (req.method === "OPTIONS" && req.headers["x-http-method-override"] === "GET") {
        json(res, 200, DATA[new URL(req.url ?? "/", "http://x").pathname]);
      }
    };
    const r = await scanApp(app((req) => req.method !== "GET" || realToken(req), overrideRouter), { spec: bearerSpec, auth: [`bearer:${TOKEN}`], checks: check });
    const f = findingsOf(r, "authentication.method-bypass");
    expect(f.map((x) => x.operation?.path).sort()).toEqual(["/accounts", "/profile"]);
    const accounts = f.find((x) => x.operation?.path === "/accounts")!;
    expect(accounts).toMatchObject({ severity: "high", confidence: "confirmed" });
    expect(accounts.evidence.map((e) => e.request.split(" ")[0])).toEqual(["HEAD", "OPTIONS", "GET"]);
    expect(accounts.evidence[1]!.excerpt).toMatch(/x-http-method-override: GET.*authorised data/);
    expect(r.requests.byMethod["POST"]).toBeUndefined();
  });

  it("HEAD alone is reported at medium when its length does not prove the handler ran", async () => {
    const r = await scanApp(
      (req, res) => {
        if (req.method === "HEAD") return void res.writeHead(200, { "content-type": "text/plain" }).end();
        return app(realToken)(req, res);
      },
      { spec: bearerSpec, auth: [`bearer:${TOKEN}`], checks: check },
    );
    const f = findingsOf(r, "authentication.method-bypass");
    expect(f.map((x) => [x.severity, x.confidence])).toEqual([
      ["medium", "firm"],
      ["medium", "firm"],
    ]);
  });

  it("stays silent when every method is authenticated, and when GET is not refused to begin with", async () => {
    const hardened = await scanApp(app(realToken), { spec: bearerSpec, auth: [`bearer:${TOKEN}`], checks: check });
    expect(hardened.findings).toEqual([]);
    const open = await scanApp(app(() => true), { spec: bearerSpec, auth: [`bearer:${TOKEN}`], checks: check });
    expect(open.findings).toEqual([]);
  });
});

describe("authentication.scheme-undefined", () => {
  const check = ["authentication.scheme-undefined"];

  it("fires on a requirement naming an undefined scheme and reports unused schemes at low", async () => {
    const s = spec({ key: { type: "apiKey", in: "header", name: "X-API-Key" } }, [{ oauth: ["read"] }]);
    const r = await scanApp(app(() => true), { spec: s, checks: check });
    const f = findingsOf(r, "authentication.scheme-undefined");
    expect(f.map((x) => [x.title, x.severity]).sort()).toEqual([
      ["Security requirement names undefined scheme 'oauth'", "medium"],
      ["Security scheme 'key' is never required", "low"],
    ]);
  });

  it("fires when the API answers 401 but the spec declares no scheme at all", async () => {
    const s = { ...spec({}, []), components: {}, security: undefined };
    const r = await scanApp(app(realKey), { spec: s, checks: check });
    expect(findingsOf(r, "authentication.scheme-undefined")[0]).toMatchObject({ title: "Secured API with no security scheme in its spec", confidence: "confirmed" });
  });

  it("stays silent on a spec whose schemes are defined and used", async () => {
    const r = await scanApp(app(realKey), { spec: keySpec, auth: [`header:X-API-Key=${KEY}`], checks: check });
    expect(r.findings).toEqual([]);
  });
});

function realKey(req: http.IncomingMessage, url?: URL): boolean {
  return req.headers["x-api-key"] === KEY || url?.searchParams.get("api_key") === KEY;
}

describe("authentication.credentials-in-url", () => {
  const check = ["authentication.credentials-in-url"];

  it("fires on an in: query API key and on responses that hand out tokenised URLs", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlc2lnbmF0dXJlc2ln";
    const r = await scanApp(
      app(realKey, (req, res) => {
        if (new URL(req.url ?? "/", "http://x").pathname === "/profile" && realKey(req, new URL(req.url ?? "/", "http://x")))
          json(res, 200, { id: 1, avatar: `https://cdn.example.com/a.png?access_token=${jwt}`, report: "/reports/1?token=abcdef0123456789abcdef" });
      }),
      { spec: querySpec, auth: [`query:api_key=${KEY}`], checks: check },
    );
    const f = findingsOf(r, "authentication.credentials-in-url");
    expect(f.map((x) => x.title).sort()).toEqual([
      "API key 'api_key' sent in the query string",
      "Response hands out a URL with a credential in 'access_token'",
      "Response hands out a URL with a credential in 'token'",
    ]);
    expect(reportText(r)).not.toContain(KEY);
    expect(reportText(r)).not.toContain("abcdef0123456789abcdef");
    expect(reportText(r)).not.toContain(jwt.split(".")[1]);
  });

  it("stays silent on a header API key and clean URLs", async () => {
    const r = await scanApp(app(realKey), { spec: keySpec, auth: [`header:X-API-Key=${KEY}`], checks: check });
    expect(r.findings).toEqual([]);
  });
});

describe("authentication.www-authenticate-missing", () => {
  const check = ["authentication.www-authenticate-missing"];
  it("fires once for the API on bare 401s, listing each operation once", async () => {
    const r = await scanApp(
      (req, res) => {
        if (req.url === "/status") return json(res, 200, { status: "ok" });
        return json(res, 401, { error: "unauthorized" });
      },
      { spec: keySpec, checks: check },
    );
    const f = findingsOf(r, "authentication.www-authenticate-missing");
    expect(f).toHaveLength(1);
    const paths = (f[0]!.occurrences ?? []).map((o) => o.operation?.replace(/^GET /, ""));
    expect(paths).toEqual(expect.arrayContaining(["/accounts", "/profile"]));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).not.toContain("/status");
    expect(f.every((x) => x.severity === "info")).toBe(true);
  });
  it("stays silent when 401s name their scheme", async () => {
    const r = await scanApp(app(realKey), { spec: keySpec, checks: check });
    expect(r.findings).toEqual([]);
  });
});
