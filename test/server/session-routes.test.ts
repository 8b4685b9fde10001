// Dashboard sign-in, CSRF, sign-in limits, the dashboard's assets and the identity routes, over real HTTP on
// 127.0.0.1 (Fastify listening, fetch as the client).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openStore, type ScanStore } from "../../src/store/index.js";
import { DASHBOARD_CSP } from "../../src/server/dashboard.js";
import { IdentityVault } from "../../src/server/identities.js";
import { loadSecretKey } from "../../src/server/secrets.js";
import { sessionApp, type SessionApp } from "./helpers/session-app.js";

let dir: string;
let store: ScanStore;
let s: SessionApp;
let base: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-session-"));
  fs.mkdirSync(path.join(dir, "data"));
  fs.mkdirSync(path.join(dir, "assets", "assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "assets", "index.html"), "<!doctype html><title>t</title>");
  fs.writeFileSync(path.join(dir, "assets", "assets", "app.js"), 'import("./view-AB12CD.js");console.log(1)');
  fs.writeFileSync(path.join(dir, "assets", "assets", "view-AB12CD.js"), "export const v=1");
  fs.writeFileSync(path.join(dir, "assets", "assets", "notes.txt"), "not an asset");
  fs.writeFileSync(path.join(dir, "assets", "assets", "app.css"), "body{}");
  store = openStore({ path: path.join(dir, "data", "rampart.db") });
  const key = loadSecretKey({ env: { RAMPART_SECRET_KEY: randomBytes(32).toString("hex") }, dbPath: store.path });
  s = await sessionApp({ assets: { assetsDir: path.join(dir, "assets") }, vault: new IdentityVault(store.db, key) });
  base = await s.app.listen({ host: "127.0.0.1", port: 0 });
});
afterAll(async () => {
  await s.app.close();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

async function signIn(token: string): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await fetch(`${base}/api/session`, json({ token }));
  expect(res.status).toBe(200);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(";")[0] as string, csrf: body.csrfToken, setCookie };
}

describe("dashboard session", () => {
  afterEach(() => s.session.store.size); // sessions persist across tests on purpose (one server)

  it("exchanges a token for an HttpOnly SameSite=Strict cookie and a CSRF token", async () => {
    const op = s.tokens.create("operator", "ops");
    const { cookie, csrf, setCookie } = await signIn(op.token);
    expect(setCookie).toMatch(/^rampart_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=86400$/);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await fetch(`${base}/api/session`, { headers: { cookie } });
    expect(await me.json()).toEqual({ name: "ops", role: "operator", csrfToken: csrf });
  });

  it("needs the CSRF header (and a same-origin Origin) for state-changing requests with the cookie", async () => {
    const { cookie, csrf } = await signIn(s.tokens.create("operator").token);
    const without = await fetch(`${base}/api/echo`, json({}, { cookie }));
    expect(without.status).toBe(403);
    expect(((await without.json()) as { message: string }).message).toContain("x-csrf-token");
    expect((await fetch(`${base}/api/echo`, json({}, { cookie, "x-csrf-token": "forged" }))).status).toBe(403);
    const foreign = await fetch(`${base}/api/echo`, json({}, { cookie, "x-csrf-token": csrf, origin: "http://evil.example" }));
    expect(foreign.status).toBe(403);
    const ok = await fetch(`${base}/api/echo`, json({}, { cookie, "x-csrf-token": csrf, origin: base }));
    expect(await ok.json()).toEqual({ ok: true, by: "session" });
    // A bearer token needs no CSRF header: no browser attaches it on its own.
    const op = s.tokens.create("operator");
    expect((await fetch(`${base}/api/echo`, json({}, { authorization: `Bearer ${op.token}` }))).status).toBe(200);
  });

  it("keeps roles: a viewer's session cannot call an operator route", async () => {
    const { cookie, csrf } = await signIn(s.tokens.create("viewer").token);
    expect((await fetch(`${base}/api/echo`, json({}, { cookie, "x-csrf-token": csrf }))).status).toBe(403);
  });

  it("ends on sign-out and when its token is revoked; a new sign-in gets a new id", async () => {
    const op = s.tokens.create("operator");
    const a = await signIn(op.token);
    const b = await signIn(op.token);
    expect(a.cookie).not.toBe(b.cookie);
    const out = await fetch(`${base}/api/session`, { method: "DELETE", headers: { cookie: a.cookie, "x-csrf-token": a.csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await fetch(`${base}/api/session`, { headers: { cookie: a.cookie } })).status).toBe(401);
    // Sign-out without the CSRF header is refused (a cross-site page cannot sign anyone out).
    expect((await fetch(`${base}/api/session`, { method: "DELETE", headers: { cookie: b.cookie } })).status).toBe(403);
    s.tokens.revoke(op.id);
    expect((await fetch(`${base}/api/session`, { headers: { cookie: b.cookie } })).status).toBe(401);
  });

  it("rate-limits failed sign-ins per address, with Retry-After; even the right token waits", async () => {
    const good = s.tokens.create("viewer");
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await fetch(`${base}/api/session`, json({ token: "rmp_wrong-wrong-wrong-wrong" }))).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await fetch(`${base}/api/session`, json({ token: good.token }));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(((await locked.json()) as { message: string }).message).toMatch(/too many failed sign-ins/);
  });

  it("over TLS the cookie is Secure with the __Host- prefix", async () => {
    const tls = await sessionApp({ tls: true });
    const op = tls.tokens.create("operator");
    const res = await tls.app.inject({ method: "POST", url: "/api/session", payload: { token: op.token } });
    expect(res.headers["set-cookie"]).toMatch(/^__Host-rampart_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    await tls.app.close();
  });
});

describe("dashboard assets", () => {
  it("serves the page and assets under a CSP that allows only this origin, revalidated by ETag", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toMatch(/unsafe|https?:/);
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get("content-type")).toContain("text/javascript");
    const etag = js.headers.get("etag") as string;
    expect((await fetch(`${base}/assets/app.js`, { headers: { "if-none-match": etag } })).status).toBe(304);
    expect((await fetch(`${base}/assets/../index.html`)).status).not.toBe(500);
    // Every chunk the entry script imports (statically, or per view when first opened) is served; nothing else.
    const chunks = [...new Set((await (await fetch(`${base}/assets/app.js`)).text()).match(/\.\/[\w-]+\.js/g) ?? [])];
    expect(chunks).toEqual(["./view-AB12CD.js"]);
    for (const chunk of chunks) {
      const res = await fetch(`${base}/assets/${chunk.slice(2)}`);
      expect([chunk, res.status, res.headers.get("content-type")]).toEqual([chunk, 200, "text/javascript; charset=utf-8"]);
      expect(res.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    }
    expect((await fetch(`${base}/assets/nothing-0000.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/notes.txt`)).status).toBe(404);
  });

  it("says how to build it when the assets are missing", async () => {
    const bare = await sessionApp({ assets: { assetsDir: path.join(dir, "nothing-here") } });
    const res = await bare.app.inject({ method: "GET", url: "/" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("npm run build");
    await bare.app.close();
  });
});

describe("identity routes", () => {
  const TOKEN = "tok-5e6f7a8b9c0d1e2f";

  it("stores write-only identities for admins, lists them without secrets, removes them", async () => {
    const admin = s.tokens.create("admin");
    const viewer = s.tokens.create("viewer");
    const auth = (t: string) => ({ authorization: `Bearer ${t}` });
    const put = (token: string, body: unknown) => fetch(`${base}/api/identities`, { method: "PUT", headers: { "content-type": "application/json", ...auth(token) }, body: JSON.stringify(body) });
    const body = { target: "http://127.0.0.1:8000", label: "ci", credentials: [{ kind: "bearer", token: TOKEN }, { kind: "cookie", name: "sid", value: "c00kie" }] };
    expect((await put(viewer.token, body)).status).toBe(403);
    const stored = await put(admin.token, body);
    expect(stored.status).toBe(200);
    const text = await stored.text();
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ label: "ci", credentials: [{ kind: "bearer", name: null }, { kind: "cookie", name: "sid" }] });
    const listed = await (await fetch(`${base}/api/identities?target=${encodeURIComponent("http://127.0.0.1:8000/")}`, { headers: auth(viewer.token) })).text();
    expect(listed).toContain('"label":"ci"');
    expect(listed).not.toContain(TOKEN);
    expect(listed).not.toContain("c00kie");

    const bad = await put(admin.token, { ...body, credentials: [{ kind: "header", name: "Bad Name", value: "v" }] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^body\.credentials\[0\]\.name:/);
    const unknownField = await put(admin.token, { ...body, credentials: [{ kind: "bearer", token: TOKEN, extra: 1 }] });
    expect(unknownField.status).toBe(400);

    const del = (label: string) => fetch(`${base}/api/identities?target=http://127.0.0.1:8000&label=${label}`, { method: "DELETE", headers: auth(admin.token) });
    expect((await del("ci")).status).toBe(204);
    expect((await del("ci")).status).toBe(404);
  });
});
