// inputValidation checks end to end: each fires on a framework-style vulnerable fixture and stays
// silent on its hardened twin.
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { djangoApp, djangoSpec } from "../../apps/framework-django.js";
import { expressApp, expressSpec } from "../../apps/framework-express.js";
import { fastapiApp, fastapiSpec } from "../../apps/framework-fastapi.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { springApp, springSpec } from "../../apps/framework-spring.js";

const checks = ["inputValidation."];
const auth = ["bearer:clinic-token-0001"];
const r: Record<string, ScanReport> = {};

beforeAll(async () => {
  const [ev, eh, dv, dh, sv, sh, fv, fh] = await Promise.all([
    scanApp(expressApp(false), { spec: expressSpec(), checks }),
    scanApp(expressApp(true), { spec: expressSpec(), checks }),
    scanApp(djangoApp(false), { spec: djangoSpec(false), checks, auth }),
    scanApp(djangoApp(true), { spec: djangoSpec(true), checks, auth }),
    scanApp(springApp(false), { spec: springSpec(false), checks }),
    scanApp(springApp(true), { spec: springSpec(true), checks }),
    scanApp(fastapiApp(false), { spec: fastapiSpec(), checks }),
    scanApp(fastapiApp(true), { spec: fastapiSpec(), checks }),
  ]);
  Object.assign(r, { ev, eh, dv, dh, sv, sh, fv, fh });
});

const paths = (report: ScanReport, id: string): string[] => findingsOf(report, id).map((f) => `${f.operation?.method} ${f.operation?.path}`).sort();

describe("CORS", () => {
  it("cors-reflected-origin: Express cors({origin: true, credentials: true}) is high", () => {
    const f = findingsOf(r.ev!, "inputValidation.cors-reflected-origin");
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.severity === "high")).toBe(true);
    expect(f[0]!.evidence[0]!.excerpt).toContain("Access-Control-Allow-Credentials: true");
  });
  it("cors-null-origin: the reflected null origin with credentials", () => {
    expect(findingsOf(r.ev!, "inputValidation.cors-null-origin").length).toBeGreaterThan(0);
  });
  it("cors-wildcard: Django CORS_ALLOW_ALL_ORIGINS on bearer-protected operations", () => {
    const f = findingsOf(r.dv!, "inputValidation.cors-wildcard");
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.evidence[0]!.note).toBe("operation requires credentials");
  });
  it("hardened twins (allow-list) are silent", () => {
    for (const rep of [r.eh!, r.dh!]) {
      for (const id of ["inputValidation.cors-reflected-origin", "inputValidation.cors-null-origin", "inputValidation.cors-wildcard"]) {
        expect(findingsOf(rep, id), id).toEqual([]);
      }
    }
  });
});

describe("inputValidation.dangerous-methods", () => {
  it("fires when OPTIONS advertises undocumented PUT/DELETE/POST/PATCH", () => {
    const f = findingsOf(r.sv!, "inputValidation.dangerous-methods");
    expect(f.length).toBeGreaterThan(0);
    expect(f[0]!.title).toBe("OPTIONS advertises undocumented POST, PUT, DELETE, PATCH");
    expect(findingsOf(r.sh!, "inputValidation.dangerous-methods")).toEqual([]);
  });
  it("sends TRACE in safe mode (an HTTP-safe method), and reports the echo", async () => {
    expect(findingsOf(r.sv!, "inputValidation.dangerous-methods").map((f) => f.title)).toContain("TRACE is answered");
    expect(r.sv!.requests.byMethod.TRACE).toBe(1);
    expect(findingsOf(r.sh!, "inputValidation.dangerous-methods")).toEqual([]);
    expect(r.sh!.requests.byMethod.TRACE).toBe(1);
  });
  it("sends no TRACE in passive mode", async () => {
    const passive = await scanApp(springApp(false), { spec: springSpec(false), checks: ["inputValidation.dangerous-methods"], mode: "passive" });
    expect(passive.requests.byMethod.TRACE ?? 0).toBe(0);
  });
});

describe("inputValidation.debug-endpoint-exposed", () => {
  it("Spring Boot Actuator: env (critical, secret names and redacted key), index, heap dump via HEAD", () => {
    const f = findingsOf(r.sv!, "inputValidation.debug-endpoint-exposed");
    expect(paths(r.sv!, "inputValidation.debug-endpoint-exposed")).toEqual(["GET /actuator", "GET /actuator/env", "HEAD /actuator/heapdump"]);
    const env = f.find((x) => x.operation?.path === "/actuator/env")!;
    expect(env.severity).toBe("critical");
    expect(env.evidence[0]!.excerpt).toContain("STRIPE_API_KEY");
    expect(env.evidence[0]!.excerpt).toContain("sk_live_****");
    expect(f.find((x) => x.operation?.path === "/actuator")!.severity).toBe("medium");
    expect(r.sv!.requests.byMethod.HEAD).toBeGreaterThan(0);
  });
  it("the .env is one finding: dataExposure checks leave the debug probe's responses to it", async () => {
    const both = await scanApp(fastapiApp(false), { spec: fastapiSpec(), checks: ["inputValidation.debug-endpoint-exposed", "dataExposure."] });
    expect(both.findings.filter((f) => f.operation?.path === "/.env").map((f) => f.checkId)).toEqual(["inputValidation.debug-endpoint-exposed"]);
  });
  it("a .env file on FastAPI is critical; only variable names are shown", () => {
    const [f] = findingsOf(r.fv!, "inputValidation.debug-endpoint-exposed");
    expect(f?.operation?.path).toBe("/.env");
    expect(f?.severity).toBe("critical");
    expect(f?.evidence[0]!.excerpt, JSON.stringify(f)).toMatch(/defines DATABASE_URL, SECRET_KEY \(values hidden\)/);
    expect(reportText(r.fv!)).not.toContain("s3cr3t-pass");
  });
  it("Django Debug Toolbar", () => {
    expect(paths(r.dv!, "inputValidation.debug-endpoint-exposed")).toEqual(["GET /__debug__/"]);
  });
  it("hardened twins are silent", () => {
    for (const rep of [r.sh!, r.fh!, r.dh!, r.eh!]) expect(findingsOf(rep, "inputValidation.debug-endpoint-exposed")).toEqual([]);
  });
  it("a catch-all app that answers 200 with the same page to every path is silent", async () => {
    const page = "<!doctype html><html><body><div id=app></div># HELP is not metrics here</body></html>";
    const spa = await scanApp(
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(page);
      },
      { spec: expressSpec(), checks: ["inputValidation.debug-endpoint-exposed"] },
    );
    expect(findingsOf(spa, "inputValidation.debug-endpoint-exposed")).toEqual([]);
  });
});

describe("inputValidation.verbose-errors", () => {
  it("Django DEBUG=True 404 page (passive) is high", () => {
    const f = findingsOf(r.dv!, "inputValidation.verbose-errors");
    expect(f.some((x) => x.severity === "high" && /Django debug page/.test(x.title))).toBe(true);
  });
  it("Express dev error handler on a malformed id (probe)", () => {
    const f = findingsOf(r.ev!, "inputValidation.verbose-errors");
    expect(f.map((x) => x.operation?.path)).toContain("/api/users/{id}");
  });
  it("SQL driver errors leaked by the FastAPI service", () => {
    const f = findingsOf(r.fv!, "inputValidation.verbose-errors");
    expect(f.map((x) => x.title)).toContain("CockroachDB syntax error in an error response");
  });
  it("hardened twins are silent", () => {
    for (const rep of [r.eh!, r.dh!, r.sh!, r.fh!]) expect(findingsOf(rep, "inputValidation.verbose-errors")).toEqual([]);
  });
  it("a health payload naming its database is not an error", async () => {
    const spec = { openapi: "3.0.3", info: { title: "h", version: "1" }, paths: { "/health": { get: { responses: { "200": { description: "ok" } } } } } };
    const rep = await scanApp(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"status":"ok","database":"cockroachdb","version":"v23.1.11"}');
      },
      { spec, checks: ["inputValidation.verbose-errors"] },
    );
    expect(findingsOf(rep, "inputValidation.verbose-errors")).toEqual([]);
  });
});

describe("inputValidation.sql-error-injection", () => {
  it("confirms quote-breaks-query on CockroachDB (FastAPI), PostgreSQL (Spring) and SQLite (Django)", () => {
    const one = (rep: ScanReport) => findingsOf(rep, "inputValidation.sql-error-injection").map((f) => [f.operation?.path, f.confidence, f.severity]);
    expect(one(r.fv!)).toEqual([["/customers/search", "confirmed", "high"]]);
    expect(one(r.sv!)).toEqual([["/api/v2/accounts/search", "confirmed", "high"]]);
    expect(one(r.dv!)).toEqual([["/api/appointments/", "confirmed", "high"]]);
    expect(findingsOf(r.fv!, "inputValidation.sql-error-injection")[0]!.title).toMatch(/query parameter "name" \(cockroachdb\)/);
  });
  it("parameterised twins are silent", () => {
    for (const rep of [r.fh!, r.sh!, r.dh!, r.ev!]) expect(findingsOf(rep, "inputValidation.sql-error-injection")).toEqual([]);
  });
});

describe("inputValidation.missing-content-type-options", () => {
  it("one finding for the whole scan with a few examples", () => {
    const f = findingsOf(r.ev!, "inputValidation.missing-content-type-options");
    expect(f).toHaveLength(1);
    expect(f[0]!.operation).toBeNull();
    expect(f[0]!.evidence.length).toBeLessThanOrEqual(3);
    expect(f[0]!.evidence[0]!.note).toMatch(/^\d+ of \d+ responses/);
  });
  it("silent with helmet / Spring Security defaults", () => {
    for (const rep of [r.eh!, r.sh!, r.fh!, r.dv!]) expect(findingsOf(rep, "inputValidation.missing-content-type-options")).toEqual([]);
  });
});

describe("inputValidation.sensitive-response-cacheable", () => {
  it("authenticated Django responses without no-store", () => {
    expect(findingsOf(r.dv!, "inputValidation.sensitive-response-cacheable").length).toBeGreaterThan(0);
    expect(findingsOf(r.dh!, "inputValidation.sensitive-response-cacheable")).toEqual([]);
  });
});

describe("no check errors", () => {
  it("records no errors on any fixture", () => {
    for (const [name, rep] of Object.entries(r)) expect(rep.errors, name).toEqual([]);
  });
});
