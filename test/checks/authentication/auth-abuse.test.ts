// Authentication abuse in --mode active against a login API with RS256 tokens and a public JWKS: unlimited
// wrong attempts, account enumeration by login and reset answers, RS256→HS256 key confusion, and keys
// chosen by the token header. Each flaw has a hardened twin where the check stays silent.
import { describe, expect, it } from "vitest";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
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
});
