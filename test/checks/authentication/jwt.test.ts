// The JWT checks end to end through scan(), with tokens signed at test time: a weak secret from the
// bundled wordlist, a strong random one, verifiers that accept alg none / skip signatures / ignore exp.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signHmac } from "../../../src/jwt/index.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";
import { jwtApp, jwtSpec } from "./_jwt-app.js";

const now = Math.floor(Date.now() / 1000);
const WEAK = "supersecret"; // in the bundled wordlist
const strong = randomBytes(32).toString("base64");
const JWT_CHECKS = ["authentication.jwt-"];

function token(secret: string, claims: Record<string, unknown>): string {
  return signHmac({ alg: "HS256", typ: "JWT" }, { sub: "1001", iat: now, ...claims }, secret);
}

describe("authentication.jwt-weak-secret", () => {
  it("cracks a supplied HS256 token offline and never prints the secret", async () => {
    const t = token(WEAK, { exp: now + 600 });
    const r = await scanApp(jwtApp(WEAK), { spec: jwtSpec, auth: [`bearer:${t}`], checks: ["authentication.jwt-weak-secret"] });
    const [f, ...rest] = findingsOf(r, "authentication.jwt-weak-secret");
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(f!.evidence[0]!.note).toMatch(/redacted \(11 characters\)/);
    expect(reportText(r)).not.toContain(WEAK);
    expect(reportText(r)).not.toContain(t.split(".")[2]);
  });

  it("cracks a token observed in a response (Set-Cookie and body)", async () => {
    const issued = token("changeme", { exp: now + 600 });
    const r = await scanApp(
      (req, res) => {
        if (req.url === "/openapi.json")
          return json(res, 200, { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: { "/login/demo": { get: { responses: { "200": { description: "ok" } } } } } });
        if (req.url !== "/login/demo") return json(res, 404, { detail: "not found" });
        return json(res, 200, { token: issued }, { "set-cookie": `jwt=${issued}; Path=/; HttpOnly` });
      },
      { checks: ["authentication.jwt-weak-secret"] },
    );
    const f = findingsOf(r, "authentication.jwt-weak-secret");
    expect(f).toHaveLength(1);
    expect(f[0]!.operation?.path).toBe("/login/demo");
    expect(reportText(r)).not.toMatch(/"changeme"|changeme[^a-z]/);
  });

  it("stays silent on a strong random secret", async () => {
    const r = await scanApp(jwtApp(strong), { spec: jwtSpec, auth: [`bearer:${token(strong, { exp: now + 600 })}`], checks: ["authentication.jwt-weak-secret"] });
    expect(findingsOf(r, "authentication.jwt-weak-secret")).toEqual([]);
  });
});

describe("authentication.jwt-alg-none", () => {
  it("fires when the verifier accepts alg none (and a random token is refused)", async () => {
    const r = await scanApp(jwtApp(strong, { acceptNone: true }), { spec: jwtSpec, auth: [`bearer:${token(strong, { exp: now + 600 })}`], checks: JWT_CHECKS });
    const [f] = findingsOf(r, "authentication.jwt-alg-none");
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(f!.evidence[0]!.excerpt).toMatch(/alg "none"/);
    expect(f!.evidence[1]!.status).toBe(401);
    expect(f!.reproduce).toMatch(/^curl /);
    expect(findingsOf(r, "authentication.jwt-signature-not-verified")).toEqual([]);
    expect(r.requests.byMethod["POST"]).toBeUndefined();
  });

  it("stays silent on a verifier with an algorithm allow-list", async () => {
    const r = await scanApp(jwtApp(strong), { spec: jwtSpec, auth: [`bearer:${token(strong, { exp: now + 600 })}`], checks: JWT_CHECKS });
    expect(r.findings).toEqual([]);
    expect(r.errors.filter((e) => e.checkId?.startsWith("authentication."))).toEqual([]);
  });

  it("reports nothing when the endpoint accepts any token at all (no baseline refusal)", async () => {
    const open = jwtApp(strong, { acceptNone: true, skipSignature: true });
    const r = await scanApp(
      (req, res) => {
        if (req.url !== "/openapi.json" && req.url !== "/health") return json(res, 200, { id: "1001", name: "anyone" });
        return open(req, res);
      },
      { spec: jwtSpec, auth: [`bearer:${token(strong, { exp: now + 600 })}`], checks: ["authentication.jwt-alg-none", "authentication.jwt-signature-not-verified"] },
    );
    expect(r.findings).toEqual([]);
  });
});

describe("authentication.jwt-signature-not-verified", () => {
  it("fires when claims are decoded without verification; the tampered token is redacted", async () => {
    const t = token(strong, { exp: now + 600 });
    const r = await scanApp(jwtApp(strong, { skipSignature: true }), { spec: jwtSpec, auth: [`bearer:${t}`], checks: ["authentication.jwt-signature-not-verified"] });
    const [f] = findingsOf(r, "authentication.jwt-signature-not-verified");
    expect(f).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(f!.reproduce).toContain("$RAMPART_TOKEN_TAMPERED");
    expect(reportText(r)).not.toContain(t.split(".")[2]);
  });
});

describe("authentication.jwt-expired-accepted", () => {
  it("re-signs the token expired with the cracked secret and sees it accepted", async () => {
    const r = await scanApp(jwtApp(WEAK, { ignoreExpiry: true }), { spec: jwtSpec, auth: [`bearer:${token(WEAK, { exp: now + 600 })}`], checks: JWT_CHECKS });
    const [f] = findingsOf(r, "authentication.jwt-expired-accepted");
    expect(f).toMatchObject({ severity: "high", confidence: "confirmed" });
    expect(f!.evidence[0]!.note).toMatch(/re-signed with the recovered secret/);
    expect(reportText(r)).not.toContain(WEAK);
  });

  it("fires on a supplied token that is already expired but still works", async () => {
    const r = await scanApp(jwtApp(strong, { ignoreExpiry: true }), { spec: jwtSpec, auth: [`bearer:${token(strong, { iat: now - 7200, exp: now - 3600 })}`], checks: ["authentication.jwt-expired-accepted"] });
    expect(findingsOf(r, "authentication.jwt-expired-accepted")[0]!.evidence[0]!.note).toMatch(/expired \d+ min ago/);
  });

  it("stays silent when exp is enforced (even with a cracked secret)", async () => {
    const r = await scanApp(jwtApp(WEAK), { spec: jwtSpec, auth: [`bearer:${token(WEAK, { exp: now + 600 })}`], checks: ["authentication.jwt-expired-accepted"] });
    expect(findingsOf(r, "authentication.jwt-expired-accepted")).toEqual([]);
  });
});

describe("authentication.jwt-no-expiry and authentication.jwt-sensitive-claims", () => {
  it("fire on a token without exp that carries a password hash and an SSN", async () => {
    const t = token(strong, { password_hash: "$2b$12$abcdefghijklmnopqrstuv", ssn: "536-22-8726" });
    const r = await scanApp(jwtApp(strong), { spec: jwtSpec, auth: [`@alice=bearer:${t}`], checks: JWT_CHECKS });
    expect(findingsOf(r, "authentication.jwt-no-expiry")[0]).toMatchObject({ title: "JWT without expiry", severity: "medium" });
    const [claims] = findingsOf(r, "authentication.jwt-sensitive-claims");
    expect(claims!.evidence[0]!.excerpt).toMatch(/password_hash \(password hash\).*ssn \(SSN\)/);
    expect(claims!.evidence[0]!.request).toBe("--auth @alice bearer");
    expect(reportText(r)).not.toContain("536-22-8726");
  });

  it("fire on a 30-day token", async () => {
    const r = await scanApp(jwtApp(strong), { spec: jwtSpec, auth: [`bearer:${token(strong, { exp: now + 30 * 86400 })}`], checks: ["authentication.jwt-no-expiry"] });
    expect(findingsOf(r, "authentication.jwt-no-expiry")[0]).toMatchObject({ title: "JWT lifetime over 24 hours" });
    expect(findingsOf(r, "authentication.jwt-no-expiry")[0]!.evidence[0]!.note).toMatch(/30 days/);
  });

  it("stay silent on a one-hour token with identifiers only", async () => {
    const r = await scanApp(jwtApp(strong), { spec: jwtSpec, auth: [`bearer:${token(strong, { exp: now + 3600, email: "a@example.com", scope: "read" })}`], checks: ["authentication.jwt-no-expiry", "authentication.jwt-sensitive-claims"] });
    expect(r.findings).toEqual([]);
  });
});

describe("hostile tokens", () => {
  it("never crashes a JWT check on values that are not JWTs or on junk in responses", async () => {
    const junk = ["eyJhbGciOiJIUzI1NiJ9.eyJ" + "A".repeat(30_000) + ".sig", "eyJub3QiOiJqc29uIn0.eyJ9.x", "not.a.jwt"].join(" ");
    const r = await scanApp(
      (req, res) => {
        if (req.url === "/openapi.json") return json(res, 200, jwtSpec);
        res.writeHead(200, { "content-type": "application/json", "set-cookie": "a=eyJ.eyJ.; Path=/\nb=\u00ff" });
        res.end(`{"token":"${junk}","nested":${"[".repeat(5000)}${"]".repeat(5000)}}`);
      },
      { spec: jwtSpec, auth: ["bearer:not.a.jwt"], checks: JWT_CHECKS },
    );
    expect(r.errors.filter((e) => e.checkId)).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
