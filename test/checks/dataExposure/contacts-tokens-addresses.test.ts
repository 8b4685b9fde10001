// dataExposure.email-bulk, phone, token-leak and internal-address: vulnerable fixtures vs hardened twins.
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { djangoApp, djangoSpec } from "../../apps/framework-django.js";
import { expressApp, expressSpec } from "../../apps/framework-express.js";
import { fastapiApp, fastapiSpec } from "../../apps/framework-fastapi.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { jwt } from "../../patterns/_jwt.js";

const checks = ["dataExposure."];
let express: ScanReport;
let expressHardened: ScanReport;

beforeAll(async () => {
  express = await scanApp(expressApp(false), { spec: expressSpec(), checks });
  expressHardened = await scanApp(expressApp(true), { spec: expressSpec(), checks });
});

describe("dataExposure.email-bulk", () => {
  it("fires on a user list with 25 addresses, redacted", () => {
    const [f, ...rest] = findingsOf(express, "dataExposure.email-bulk");
    expect(rest).toEqual([]);
    expect(f!.operation?.path).toBe("/api/users");
    expect(f!.evidence[0]!.note).toBe("25 distinct e-mail addresses in one response");
    expect(f!.evidence[0]!.excerpt).toContain("u***@example.com");
  });
  it("stays silent when the list omits e-mail", () => expect(findingsOf(expressHardened, "dataExposure.email-bulk")).toEqual([]));
});

describe("dataExposure.token-leak", () => {
  it("fires on a list carrying every user's API token", () => {
    const [f] = findingsOf(express, "dataExposure.token-leak");
    expect(f?.operation?.path).toBe("/api/users");
    expect(f?.confidence).toBe("firm");
    expect(f?.evidence[0]!.excerpt).toMatch(/^"apiToken": tk\*\*\*\*$/);
    expect(reportText(express)).not.toContain("Q7vX2mK9pL4sT8wZ");
  });
  it("stays silent on the hardened list", () => expect(findingsOf(expressHardened, "dataExposure.token-leak")).toEqual([]));
  it("tells the caller's own JWT (redacted by the HTTP layer) from another subject's", async () => {
    const mine = jwt({ sub: "alice" });
    const other = jwt({ sub: "bob" });
    const spec = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: { "/me": { get: { responses: { "200": { description: "ok" } } } }, "/profile": { get: { responses: { "200": { description: "ok" } } } } } };
    const handler = (leak: boolean) => async (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
      if (req.url !== "/me" && req.url !== "/profile") {
        res.writeHead(404).end();
        return;
      }
      const body = req.url === "/me" ? { user: "alice", token: mine } : { user: "bob", session: leak ? other : null };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const vuln = await scanApp(handler(true), { spec, checks: ["dataExposure.token-leak"], auth: [`bearer:${mine}`] });
    const safe = await scanApp(handler(false), { spec, checks: ["dataExposure.token-leak"], auth: [`bearer:${mine}`] });
    expect(findingsOf(vuln, "dataExposure.token-leak").map((f) => [f.operation?.path, f.confidence, f.evidence[0]!.note])).toEqual([
      ["/profile", "firm", 'JWT for principal "bob", not the caller\'s'],
    ]);
    expect(findingsOf(safe, "dataExposure.token-leak")).toEqual([]);
  });
});

describe("dataExposure.internal-address", () => {
  it("fires on a status payload naming a private IP and a cluster hostname", () => {
    const [f] = findingsOf(express, "dataExposure.internal-address");
    expect(f?.operation?.path).toBe("/api/status");
    expect(f?.evidence[0]!.note).toMatch(/10\.0\.3\.17, redis\.prod\.svc\.cluster\.local/);
  });
  it("ignores the scanned host itself and stays silent on the hardened status", () => {
    expect(findingsOf(expressHardened, "dataExposure.internal-address")).toEqual([]);
  });
});

describe("dataExposure.phone", () => {
  it("fires on FastAPI customers (E.164) and Django patients (NANP), not on their hardened twins", async () => {
    const auth = ["bearer:test-token-1234"];
    const [fa, fah, dj, djh] = await Promise.all([
      scanApp(fastapiApp(false), { spec: fastapiSpec(), checks: ["dataExposure.phone"] }),
      scanApp(fastapiApp(true), { spec: fastapiSpec(), checks: ["dataExposure.phone"] }),
      scanApp(djangoApp(false), { spec: djangoSpec(false), checks: ["dataExposure.phone"], auth }),
      scanApp(djangoApp(true), { spec: djangoSpec(true), checks: ["dataExposure.phone"], auth }),
    ]);
    expect(findingsOf(fa, "dataExposure.phone").map((f) => f.evidence[0]!.note)).toEqual(["12 distinct phone numbers in one response"]);
    expect(findingsOf(dj, "dataExposure.phone").map((f) => f.operation?.path)).toEqual(["/api/patients/"]);
    expect(findingsOf(fah, "dataExposure.phone")).toEqual([]);
    // The hardened Django twin fixes transport and caching, not its patient directory: still a (low) finding.
    expect(findingsOf(djh, "dataExposure.phone").map((f) => f.severity)).toEqual(["low"]);
  });
});
