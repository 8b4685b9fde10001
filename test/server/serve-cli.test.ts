/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// `rampart serve` and `rampart tokens` as built: the listening line, first-start admin token, the TLS rule
// for non-loopback addresses, tokens made by the CLI working against the server, SIGTERM → exit 0.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LISTENING, listeningUrl, runCli, startCli, type CliProcess } from "../helpers/cli.js";
import { json, startServer } from "../helpers/fixture-server.js";

let dir: string;
let db: string;
/** Where the identity key file goes: apart from the database's directory, never the real home. */
let config: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-serve-"));
  config = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-serve-config-"));
  db = path.join(dir, "rampart.db");
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(config, { recursive: true, force: true });
});

interface Serving extends CliProcess {
  url: string;
  stdout: () => string;
  stderr: () => string;
}

async function serve(args: string[], env: Record<string, string> = {}): Promise<Serving> {
  const p = await startCli(
    ["serve", "--port", "0", "--store", db, ...args],
    LISTENING,
    { ...process.env, RAMPART_HOME: dir, XDG_CONFIG_HOME: config, RAMPART_SECRET_KEY: "", RAMPART_SECRET_KEY_FILE: "", ...env },
    20_000,
  );
  return { ...p, url: listeningUrl(p), stdout: p.out, stderr: p.err };
}

/** A JSON call with a bearer token or a cookie (and CSRF header). */
async function call(
  url: string,
  method: string,
  opts: { token?: string; cookie?: string; csrf?: string; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers["authorization"] = `Bearer ${opts.token}`;
  if (opts.cookie) headers["cookie"] = opts.cookie;
  if (opts.csrf) headers["x-csrf-token"] = opts.csrf;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (the dashboard page)
  }
  return { status: res.status, body, headers: res.headers };
}

async function finished(base: string, token: string, id: string): Promise<any> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await call(`${base}/api/scans/${id}`, "GET", { token });
    if (!["queued", "running"].includes(r.body?.status)) return r.body;
    if (Date.now() > until) throw new Error(`scan ${id} still ${r.body?.status}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe("rampart serve", () => {
  it("serves the whole product: dashboard sign-in, stored identities used by scans, the target guard", async () => {
    const SECRET = "stored-identity-secret-7c1e9a";
    const seen: string[] = [];
    // The API to scan: answers only with the stored bearer token, and records every Authorization it gets.
    const api = await startServer((req, res) => {
      seen.push(req.headers.authorization ?? "");
      if (req.headers.authorization !== `Bearer ${SECRET}`) return json(res, 401, { error: "unauthorized" }, { "www-authenticate": "Bearer" });
      return json(res, 200, { items: [{ id: 1, name: "widget" }] });
    });
    const s = await serve(["--allow-targets", "127.0.0.0/8"]);
    try {
      const admin = /Admin token[^:]*: (rmp_\S+)/.exec(s.stdout())?.[1] as string;
      expect(admin).toBeTruthy();

      // The dashboard page and its sign-in: token → HttpOnly cookie; writes need the session's CSRF token.
      const page = await fetch(`${s.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(await page.text()).toContain("<html");
      const signIn = await call(`${s.url}/api/session`, "POST", { body: { token: admin } });
      expect(signIn.status).toBe(200);
      expect(signIn.body.role).toBe("admin");
      const setCookie = signIn.headers.get("set-cookie") ?? "";
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      const cookie = setCookie.split(";")[0] as string;
      expect((await call(`${s.url}/api/session`, "GET", { cookie })).body).toMatchObject({ role: "admin", csrfToken: signIn.body.csrfToken });
      const forged = await call(`${s.url}/api/tokens`, "POST", { cookie, body: { role: "viewer" } });
      expect(forged.status).toBe(403);
      const minted = await call(`${s.url}/api/tokens`, "POST", { cookie, csrf: signIn.body.csrfToken, body: { role: "operator", name: "dash" } });
      expect(minted.status).toBe(201);
      const operator = minted.body.token as string;

      // Identities: stored by an admin, secrets never returned, sealed under a 0600 key file outside the data dir.
      const stored = await call(`${s.url}/api/identities`, "PUT", {
        token: admin,
        body: { target: api.url, label: "ci", credentials: [{ kind: "bearer", token: SECRET }] },
      });
      expect(stored.status).toBe(200);
      expect(JSON.stringify(stored.body)).not.toContain(SECRET);
      expect((await call(`${s.url}/api/identities`, "PUT", { token: operator, body: { target: api.url, label: "x", credentials: [{ kind: "bearer", token: "t" }] } })).status).toBe(403);
      const keyFile = path.join(config, "rampart", "secret.key");
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(s.stderr()).toContain(keyFile);
      expect(fs.readFileSync(db).includes(Buffer.from(SECRET))).toBe(false);

      // A scan naming the identity reaches the API with the stored credential; the report never shows it.
      const started = await call(`${s.url}/api/scans`, "POST", {
        token: operator,
        body: { url: api.url, identities: ["ci"], depth: "quick", checks: ["encryption.hsts-missing"] },
      });
      expect(started.status).toBe(202);
      const done = await finished(s.url, operator, started.body.id);
      expect(done.status).toBe("completed");
      expect(seen).toContain(`Bearer ${SECRET}`);
      const report = await fetch(`${s.url}/api/scans/${started.body.id}/report?format=json`, { headers: { authorization: `Bearer ${operator}` } });
      expect(await report.text()).not.toContain(SECRET);
      const unknown = await call(`${s.url}/api/scans`, "POST", { token: operator, body: { url: api.url, identities: ["nobody"] } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('identity "nobody" is not stored');

      // The guard: metadata and link-local refused always, anything outside --allow-targets refused too.
      const metadata = await call(`${s.url}/api/scans`, "POST", { token: operator, body: { url: "http://169.254.169.254/latest/meta-data/" } });
      expect(metadata.status).toBe(400);
      expect(metadata.body.message).toMatch(/body\.url is refused: .*link-local/);
      const outside = await call(`${s.url}/api/scans`, "POST", { token: operator, body: { url: "http://10.1.2.3:8080/" } });
      expect(outside.status).toBe(400);
      expect(outside.body.message).toContain("outside --allow-targets (127.0.0.0/8)");
      const named = await call(`${s.url}/api/scans`, "POST", { token: operator, body: { url: "http://metadata.google.internal/" } });
      expect(named.status).toBe(400);
    } finally {
      s.child.kill("SIGTERM");
      expect(await s.exited).toBe(0);
      await api.close();
    }
  }, 90_000);

  it("rate-limits /api per client address with headers and a JSON 429, never the dashboard page", async () => {
    const s = await serve(["--rate-limit", "3"], { RAMPART_SECRET_KEY: "a".repeat(64) });
    try {
      const first = await fetch(`${s.url}/api/health`);
      expect(first.status).toBe(200);
      expect(first.headers.get("x-ratelimit-limit")).toBe("3");
      await fetch(`${s.url}/api/health`);
      await fetch(`${s.url}/api/health`);
      const over = await call(`${s.url}/api/health`, "GET");
      expect(over.status).toBe(429);
      expect(over.body).toMatchObject({ error: "too_many_requests" });
      expect(over.body.message).toContain("rate limit of 3 requests");
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await fetch(`${s.url}/`)).status).toBe(200);
      // The key came from RAMPART_SECRET_KEY: no key file was written.
      expect(fs.existsSync(path.join(config, "rampart", "secret.key"))).toBe(false);
    } finally {
      s.child.kill("SIGTERM");
      expect(await s.exited).toBe(0);
    }
  }, 30_000);

  it("prints the admin token once, listens on a free port, accepts CLI-made tokens and exits 0 on SIGTERM", async () => {
    const s = await serve([]);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = /Admin token[^:]*: (rmp_\S+)/.exec(s.stdout())?.[1];
    expect(admin).toBeTruthy();
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/api/tokens`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);

    const made = await runCli(["tokens", "create", "--role", "viewer", "--name", "ci", "--store", db]);
    expect(made.code).toBe(0);
    const viewer = made.stdout.trim();
    expect(viewer).toMatch(/^rmp_/);
    expect((await fetch(`${s.url}/api/scans`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(200);
    expect((await fetch(`${s.url}/api/tokens`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);

    const listed = await runCli(["tokens", "list", "--store", db, "--format", "json"]);
    const ids = (JSON.parse(listed.stdout) as { id: string; role: string }[]).filter((t) => t.role === "viewer").map((t) => t.id);
    expect(ids).toHaveLength(1);
    expect((await runCli(["tokens", "revoke", ids[0] as string, "--store", db])).code).toBe(0);
    expect((await fetch(`${s.url}/api/scans`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(401);

    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);

    // Second start: tokens exist, so none is printed.
    const again = await serve([]);
    expect(again.stdout()).not.toContain("Admin token");
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 60_000);

  it("takes the first admin token from RAMPART_ADMIN_TOKEN and prints none", async () => {
    const token = "automation-admin-token-6f1d2c9b8a7e";
    const s = await serve([], { RAMPART_ADMIN_TOKEN: token });
    expect(s.stdout()).not.toContain("Admin token");
    expect((await fetch(`${s.url}/api/tokens`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  }, 30_000);

  it("refuses a non-loopback address without TLS or --insecure-http, and a lone --tls-cert", async () => {
    const open = await runCli(["serve", "--host", "0.0.0.0", "--port", "0", "--store", db]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("--insecure-http");
    expect(open.stderr).not.toMatch(/\n\s+at /);
    const lone = await runCli(["serve", "--tls-cert", "x.pem", "--port", "0", "--store", db]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain("--tls-key");
    const postgres = await runCli(["serve", "--port", "0", "--store", "postgres://rampart@127.0.0.1/rampart"]);
    expect(postgres.code).toBe(2);
    expect(postgres.stderr.trim().split("\n")).toHaveLength(1);
    expect(postgres.stderr).toContain("PostgreSQL");
    const allow = await runCli(["serve", "--port", "0", "--store", db, "--allow-targets", "10.0.0.0/99"]);
    expect(allow.code).toBe(2);
    expect(allow.stderr).toContain("--allow-targets: '10.0.0.0/99'");
    const role = await runCli(["tokens", "create", "--role", "root", "--store", db]);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role must be one of viewer, operator, admin");
  }, 30_000);
});
