// Authentication abuse in --mode active against a login API with RS256 tokens and a public JWKS: unlimited
// wrong attempts, account enumeration by login and reset answers, RS256→HS256 key confusion, and keys
// chosen by the token header (kid, jwk, and jku served by the scanner's own listener). Each flaw has a hardened twin where the check stays silent.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { scan } from "../../../src/index.js";
import { renderers } from "../../../src/report/renderers/index.js";
import { validateReport } from "../../../src/report/validate.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { startServer } from "../../helpers/fixture-server.js";
import { authAbuseApp, authAbuseSpec, issue } from "../../apps/auth-abuse-app.js";

const ALICE = issue("alice");
const auth = [`@alice=bearer:${ALICE}`];

describe("authentication.brute-force-unlimited", () => {
  const checks = ["authentication.brute-force-unlimited"];
  it("reports login and reset answering a burst of wrong attempts alike", async () => {
    const app = authAbuseApp({ noLockout: true });
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active", burst: 12 });
    const f = findingsOf(r, "authentication.brute-force-unlimited");
    expect(f.map((x) => [x.title, x.operation?.path, x.confidence]).sort()).toEqual([
      ["No lockout or rate limit on login attempts", "/auth/login", "firm"],
      ["No rate limit on password-reset requests", "/auth/forgot-password", "firm"],
    ]);
    expect(f[0]!.evidence[0]!.excerpt).toMatch(/^12 wrong (attempts|requests) in a row, every one answered (401|202); no 429/);
    expect(app.attempts).toEqual({ login: 12, reset: 12 });
  });
  it("still runs when a made-up account is answered 404 (no such user), not a missing route", async () => {
    const r = await scanApp(authAbuseApp({ noLockout: true, enumeration: true }).handler, { spec: authAbuseSpec, auth, checks, mode: "active", burst: 10 });
    expect(findingsOf(r, "authentication.brute-force-unlimited").map((x) => x.operation?.path).sort()).toEqual(["/auth/forgot-password", "/auth/login"]);
  });
  it("stays silent on a documented login route the server does not have", async () => {
    const r = await scanApp(authAbuseApp({ noLockout: true }).handler, { spec: { ...authAbuseSpec, paths: { ...authAbuseSpec.paths, "/auth/signin": authAbuseSpec.paths["/auth/login"] } }, auth, checks, mode: "active", burst: 10 });
    expect(findingsOf(r, "authentication.brute-force-unlimited").map((x) => x.operation?.path).sort()).toEqual(["/auth/forgot-password", "/auth/login"]);
  });
  it("stays silent when the server answers 429 after a few failures, and stops there", async () => {
    const app = authAbuseApp({});
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active", burst: 12 });
    expect(r.findings).toEqual([]);
    expect(app.attempts).toEqual({ login: 6, reset: 6 });
  });
});

describe("authentication.user-enumeration", () => {
  const checks = ["authentication.user-enumeration"];
  it("confirms different answers for the scan's own account and made-up ones", async () => {
    const r = await scanApp(authAbuseApp({ enumeration: true, noLockout: true }).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    const f = findingsOf(r, "authentication.user-enumeration");
    expect(f.map((x) => [x.title, x.operation?.path]).sort()).toEqual([
      ["Accounts can be enumerated through login answers", "/auth/login"],
      ["Accounts can be enumerated through password-reset answers", "/auth/forgot-password"],
    ]);
    const login = f.find((x) => x.operation?.path === "/auth/login")!;
    expect(login.evidence.map((e) => e.excerpt)).toEqual(['existing account: 401 {"error":"wrong password"}', 'made-up account: 404 {"error":"no such user"}']);
    expect(reportText(r)).not.toContain(ALICE);
  });
  it("stays silent when every failure is answered alike", async () => {
    const r = await scanApp(authAbuseApp({ noLockout: true }).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    expect(r.findings).toEqual([]);
  });
});

describe("authentication.jwt-key-confusion", () => {
  const checks = ["authentication.jwt-key-confusion"];
  it("confirms an HS256 token signed with the published RSA public key", async () => {
    const r = await scanApp(authAbuseApp({ keyConfusion: true }).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    const [f, ...rest] = findingsOf(r, "authentication.jwt-key-confusion");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(f!.evidence[0]!.excerpt).toMatch(/same data as the real RS256 token, re-signed HS256 with the public key from \/\.well-known\/jwks\.json \(SPKI PEM\)/);
    expect(f!.reproduce).toContain("$RAMPART_ALICE_TOKEN_HS256_PUBKEY");
    expect(reportText(r)).not.toContain(ALICE.split(".")[1]!);
  });
  it("stays silent when the verifier pins RS256", async () => {
    const r = await scanApp(authAbuseApp({}).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    expect(r.findings).toEqual([]);
  });
});

describe("authentication.jwt-header-key-injection", () => {
  const checks = ["authentication.jwt-header-key-injection"];
  it("confirms a kid that walks to /dev/null", async () => {
    const r = await scanApp(authAbuseApp({ kidInjection: true }).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    const [f] = findingsOf(r, "authentication.jwt-header-key-injection");
    expect(f!.evidence[0]!.excerpt).toMatch(/re-signed with kid path traversal to \/dev\/null \(empty key\)$/);
  });
  it("confirms a trusted embedded jwk", async () => {
    const r = await scanApp(authAbuseApp({ embeddedJwk: true }).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    const [f] = findingsOf(r, "authentication.jwt-header-key-injection");
    expect(f!.evidence[0]!.excerpt).toMatch(/re-signed with public key embedded in the header \(jwk\) and trusted$/);
  });
  it("stays silent when keys come only from the server's own set", async () => {
    const r = await scanApp(authAbuseApp({}).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    expect(r.findings).toEqual([]);
  });
  it("confirms a jku key set fetched from the scanner's listener and trusted, with the fetch in the evidence", async () => {
    const app = authAbuseApp({ jku: "any" });
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    const [f, ...rest] = findingsOf(r, "authentication.jwt-header-key-injection");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    const [forged, garbage, fetch] = f!.evidence;
    expect(forged!.excerpt).toMatch(/^200: same data as the real token, re-signed with a fresh RSA key whose key set the scanner served at the header's jku URL \(jku\)$/);
    expect(garbage!.status).toBe(401);
    // The target really fetched the key set over HTTP from the scanner's loopback listener.
    expect(app.jku.fetched).toHaveLength(1);
    expect(app.jku.fetched[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rampart-[\w-]+\/alice\/jwks\.json$/);
    expect(fetch!.request).toBe(`GET ${new URL(app.jku.fetched[0]!).pathname}`);
    expect(fetch!.excerpt).toMatch(/^the target fetched the key set named by the token's jku header at \d{4}-\d\d-\d\dT[\d:.]+Z \(1 fetch\)$/);
    expect(fetch!.note).toMatch(/^from (::ffff:)?127\.0\.0\.1, user agent node$/);
    expect(f!.reproduce).toContain("$RAMPART_ALICE_TOKEN_JKU");
    expect(r.skipped.checks).toEqual([]);
    // The listener is closed once the check is done: the URL the target was given answers nothing.
    await expect(globalThis.fetch(app.jku.fetched[0]!)).rejects.toThrow();
  });
  it("stays silent when the verifier fetches keys only from its own issuer URL", async () => {
    const app = authAbuseApp({ jku: "own" });
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    expect(r.findings).toEqual([]);
    expect(r.skipped.checks).toEqual([]);
    // The forged tokens naming the scanner's key set (jku) and certificate (x5u) were sent on both probed
    // operations; the API fetched nothing.
    const jwks = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/rampart-[\w-]+\/alice\/jwks\.json$/);
    const cert = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/rampart-[\w-]+\/alice\/cert\.pem$/);
    expect(app.jku.seen).toEqual([jwks, cert, jwks, cert]);
    expect(app.jku.fetched).toEqual([]);
  });
  it("records, as an observation and not a finding, a verifier that fetches the jku key set but verifies with its own key", async () => {
    const app = authAbuseApp({ jku: "fetch-only" });
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    // Fetched for the token on each of the two probed operations, and refused each time: not a finding.
    expect(app.jku.fetched).toHaveLength(2);
    expect(r.findings).toEqual([]);
    // The same key set URL both times: one observation, naming it.
    const url = app.jku.fetched[0]!;
    expect(app.jku.fetched[1]).toBe(url);
    expect(r.observations).toEqual([
      {
        checkId: "authentication.jwt-header-key-injection",
        message: `the target fetched the key set named in the token's jku header from ${url} but refused the token (401): it resolves untrusted key URLs (a request-forgery surface) even though it rejects their keys`,
      },
    ]);
    expect(validateReport(r)).toEqual([]);
    // No score effect: graded exactly as the hardened twin that fetches nothing.
    const twin = await scanApp(authAbuseApp({ jku: "own" }).handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    expect(twin.observations).toBeUndefined();
    expect([r.score, r.grade, r.categories]).toEqual([twin.score, twin.grade, twin.categories]);
    expect(renderers.summary(r, { color: false })).toContain(`  1 observation(s), not findings (no score effect):\n    authentication.jwt-header-key-injection: the target fetched the key set named in the token's jku header from ${url} but refused the token (401)`);
  });
  it("records why jku was not tried for a target off loopback without --callback-host, and tries it with one", async () => {
    const app = authAbuseApp({ jku: "any" });
    const server = await startServer(app.handler);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-spec-"));
    try {
      const spec = path.join(dir, "openapi.json");
      fs.writeFileSync(spec, JSON.stringify(authAbuseSpec));
      // A name outside loopback, pinned to the fixture (as the server's target guard pins vetted names).
      const base = { target: `http://api.example.test:${server.port}`, spec, auth, checks, mode: "active" as const, confirmTarget: ["api.example.test"], pinnedHosts: { "api.example.test": "127.0.0.1" } };
      const without = await scan(base);
      expect(findingsOf(without, "authentication.jwt-header-key-injection")).toEqual([]);
      expect(without.skipped.checks).toEqual([
        { checkId: "authentication.jwt-header-key-injection", partial: true, reason: "jku and x5u not tried: the target is not on loopback, so it needs --callback-host <host[:port]>, the address it can reach this machine at (kid and jwk were tried)" },
      ]);
      expect(app.jku.fetched).toEqual([]);
      expect(renderers.summary(without, { color: false })).toContain(
        "  1 check(s) partly skipped:\n    authentication.jwt-header-key-injection: jku and x5u not tried: the target is not on loopback, so it needs --callback-host",
      );
      // Partly skipped still counts as run: the check is planned and exercised in the coverage.
      expect(without.coverage?.notTested).toEqual([]);
      expect(without.coverage?.checks).toEqual({ planned: 1, exercised: 1 });

      const withHost = await scan({ ...base, callbackHost: "127.0.0.1" });
      const [f] = findingsOf(withHost, "authentication.jwt-header-key-injection");
      expect(f!.evidence[2]!.excerpt).toMatch(/^the target fetched the key set named by the token's jku header at /);
      expect(withHost.skipped.checks).toEqual([]);
      expect(app.jku.fetched).toHaveLength(1);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it("confirms an x5u certificate fetched from the scanner's listener and trusted", async () => {
    const app = authAbuseApp({ x5u: true });
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active" });
    const [f, ...rest] = findingsOf(r, "authentication.jwt-header-key-injection");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    const [forged, garbage, fetch] = f!.evidence;
    expect(forged!.excerpt).toBe("200: same data as the real token, re-signed with a fresh RSA key whose certificate the scanner served at the header's x5u URL (x5u)");
    expect(garbage!.status).toBe(401);
    // The jku token came first and was verified with the API's own key (no fetch); then the certificate was fetched.
    expect(app.jku.fetched).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/rampart-[\w-]+\/alice\/cert\.pem$/)]);
    expect(fetch!.request).toBe(`GET ${new URL(app.jku.fetched[0]!).pathname}`);
    expect(fetch!.excerpt).toMatch(/^the target fetched the certificate named by the token's x5u header at \S+Z \(1 fetch\)$/);
    expect(f!.reproduce).toContain("$RAMPART_ALICE_TOKEN_X5U");
  });
  it("closes the listener when the check stops on an error (the budget runs out mid-check)", async () => {
    const app = authAbuseApp({ jku: "own" });
    // Root, two crawl GETs, two random tokens, five tricks on /me, then one on /orders: the next is refused.
    const r = await scanApp(app.handler, { spec: authAbuseSpec, auth, checks, mode: "active", budget: 11 });
    expect(r.requests.incomplete).toMatch(/budget/);
    expect(app.jku.seen).toHaveLength(2); // the jku and x5u URLs the scanner served
    for (const url of app.jku.seen) await expect(globalThis.fetch(url)).rejects.toThrow();
  });
  it("refuses a malformed --callback-host with one line before sending anything", async () => {
    await expect(scan({ target: "http://127.0.0.1:9", spec: null, checks, mode: "active", callbackHost: "http://x/y" })).rejects.toThrow(
      "--callback-host must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got 'http://x/y')",
    );
  });
});
