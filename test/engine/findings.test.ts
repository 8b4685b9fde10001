import { describe, expect, it } from "vitest";
import type { CheckMeta } from "../../src/core/check.js";
import { adjustForContext, buildFinding, mergeFindings, sortFindings } from "../../src/engine/findings.js";

const meta: CheckMeta = {
  id: "dataExposure.ssn",
  title: "SSN exposed",
  category: "dataExposure",
  severity: "high",
  how: "passive",
  description: "d",
  references: { cwe: [359] },
  remediation: { summary: "mask it", steps: ["s"] },
};
const b = { meta, context: null, baseUrl: "http://127.0.0.1:1", curl: () => "curl x", specFile: null };

describe("findings", () => {
  it("gives the same id for the same check, operation and key across runs", () => {
    const op = { method: "GET", path: "/users/{id}" };
    const a = buildFinding({ confidence: "firm", operation: op, key: "k", evidence: [] }, b);
    const again = buildFinding({ confidence: "confirmed", operation: op, key: "k", evidence: [] }, b);
    const other = buildFinding({ confidence: "firm", operation: op, key: "other", evidence: [] }, b);
    expect(a.id).toMatch(/^[0-9a-f]{16}$/);
    expect(a.id).toBe(again.id);
    expect(other.id).not.toBe(a.id);
  });

  it("merges by id keeping the strongest severity/confidence and pooling evidence", () => {
    const op = { method: "GET", path: "/x" };
    const f1 = buildFinding({ confidence: "tentative", operation: op, evidence: [{ request: "GET /x", status: 200, excerpt: "a" }] }, b);
    const f2 = buildFinding({ confidence: "confirmed", severity: "critical", operation: op, evidence: [{ request: "GET /x?1", status: 200, excerpt: "b" }] }, b);
    const merged = mergeFindings([f1, f2]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ severity: "critical", confidence: "confirmed" });
    expect(merged[0]?.evidence.map((e) => e.excerpt)).toEqual(["a", "b"]);
  });

  it("raises data and encryption findings in financial/medical context, lowers docs in public", () => {
    expect(adjustForContext("high", "dataExposure.ssn", "dataExposure", "financial", false)).toBe("critical");
    expect(adjustForContext("medium", "encryption.hsts-missing", "encryption", "medical", false)).toBe("medium");
    expect(adjustForContext("medium", "encryption.db-dsn-exposed", "encryption", "medical", true)).toBe("high");
    expect(adjustForContext("info", "inventoryManagement.docs-exposed", "inventoryManagement", "public", false)).toBe("info");
    expect(adjustForContext("low", "inventoryManagement.server-fingerprint", "inventoryManagement", "public", false)).toBe("info");
    expect(adjustForContext("high", "dataExposure.ssn", "dataExposure", "internal", false)).toBe("high");
  });

  it("sorts by severity, then category, then operation", () => {
    const mk = (sev: "low" | "critical", path: string) =>
      buildFinding({ confidence: "firm", severity: sev, operation: { method: "GET", path }, evidence: [] }, b);
    const sorted = sortFindings([mk("low", "/a"), mk("critical", "/b"), mk("critical", "/a")]);
    expect(sorted.map((f) => `${f.severity} ${f.operation?.path}`)).toEqual(["critical /a", "critical /b", "low /a"]);
  });
});

describe("evidence scrubbing", () => {
  it("masks DSN passwords, named secrets, auth headers and provider keys that a check left in an excerpt", () => {
    const f = buildFinding(
      {
        confidence: "firm",
        evidence: [
          {
            request: "GET /x",
            status: 500,
            excerpt:
              "postgresql://bank_app:Cr0ckPa55@db.internal:26257/bank password=hunter2hunter2 Authorization: Bearer abcdefghijklmnop sk_live_4eC39HqLyjWDarjtT1zdp7dc",
          },
        ],
      },
      b,
    );
    const text = JSON.stringify(f);
    for (const secret of ["Cr0ckPa55", "hunter2hunter2", "abcdefghijklmnop", "4eC39HqLyjWDarjtT1zdp7dc"]) expect(text).not.toContain(secret);
    expect(f.evidence[0]?.excerpt).toContain("postgresql://bank_app:****@db.internal");
  });
});
