// The dataExposure checks the foundation relies on, end to end through scan() against a FastAPI-style
// fixture: each fires on the vulnerable app and stays silent on its hardened twin; evidence is redacted.
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../../src/core/types.js";
import { fastapiApp, fastapiSpec } from "../../apps/framework-fastapi.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";

let vulnerable: ScanReport;
let hardened: ScanReport;

beforeAll(async () => {
  const checks = ["dataExposure."];
  vulnerable = await scanApp(fastapiApp(false), { spec: fastapiSpec(), checks });
  hardened = await scanApp(fastapiApp(true), { spec: fastapiSpec(), checks });
});

describe("dataExposure.ssn", () => {
  it("fires on full SSNs, with redacted evidence and the example-number note", () => {
    const f = findingsOf(vulnerable, "dataExposure.ssn");
    expect(f.map((x) => x.operation?.path).sort()).toEqual(["/customers", "/customers/{customer_id}"]);
    const list = f.find((x) => x.operation?.path === "/customers")!;
    expect(list.severity).toBe("high");
    expect(list.evidence[0]!.excerpt).toContain("***-**-6789");
    expect(list.evidence[0]!.note).toMatch(/12 distinct SSNs.*well-known example/);
    expect(list.reproduce).toMatch(/^curl /);
  });
  it("is raised to critical in a financial context", async () => {
    const r = await scanApp(fastapiApp(false), { spec: fastapiSpec(), checks: ["dataExposure.ssn"], context: "financial" });
    expect(findingsOf(r, "dataExposure.ssn").every((f) => f.severity === "critical")).toBe(true);
  });
  it("stays silent on masked SSNs", () => expect(findingsOf(hardened, "dataExposure.ssn")).toEqual([]));
});

describe("dataExposure.payment-card", () => {
  it("fires on full card numbers and shows only first/last four", () => {
    const [f, ...rest] = findingsOf(vulnerable, "dataExposure.payment-card");
    expect(rest).toEqual([]);
    expect(f!.operation?.path).toBe("/payments");
    expect(f!.severity).toBe("critical");
    expect(f!.evidence[0]!.excerpt).toContain("4111 **** **** 1111");
    expect(f!.evidence[0]!.note).toMatch(/2 distinct card numbers; first: Visa \(a well-known test number\)/);
  });
  it("stays silent on last-four only", () => expect(findingsOf(hardened, "dataExposure.payment-card")).toEqual([]));
});

describe("dataExposure.secret-key", () => {
  it("fires once per key type with the provider prefix only", () => {
    const f = findingsOf(vulnerable, "dataExposure.secret-key");
    expect(f.map((x) => x.title).sort()).toEqual(["AWS access key id exposed in a response", "Stripe live secret or restricted key exposed in a response"]);
    expect(f.every((x) => x.confidence === "confirmed" && x.severity === "critical")).toBe(true);
    expect(f.map((x) => x.evidence[0]!.excerpt).join(" ")).toContain("sk_live_****");
  });
  it("ignores publishable keys", () => expect(findingsOf(hardened, "dataExposure.secret-key")).toEqual([]));
});

describe("dataExposure.stack-trace", () => {
  it("fires on a Python traceback served by the crawl", () => {
    const f = findingsOf(vulnerable, "dataExposure.stack-trace");
    expect(f.map((x) => x.operation?.path)).toEqual(["/reports/latest"]);
    expect(f[0]!.evidence[0]!.note).toBe("Python traceback (python)");
  });
  it("stays silent on a generic error body", () => expect(findingsOf(hardened, "dataExposure.stack-trace")).toEqual([]));
});

describe("redaction", () => {
  it("never puts a raw SSN, card number or key into the report", () => {
    const text = reportText(vulnerable);
    for (const raw of ["123-45-6789", "501-11-1001", "4111 1111 1111 1111", "5555555555554444", "sk_live_51H8xQ2K9pL4sT8wZ1nB6cR3d", "AKIAZ7Q2M4K9P3L5T8WA"]) {
      expect(text).not.toContain(raw);
    }
  });
  it("the hardened twin has no finding at all from these checks", () => {
    expect(hardened.findings.filter((f) => f.category === "dataExposure")).toEqual([]);
    expect(hardened.errors).toEqual([]);
  });
});
