// Compliance references: category defaults, per-check rows, db-cert rows mirroring cert rows.
import { describe, expect, it } from "vitest";
import { CATEGORY_IDS } from "../../src/core/types.js";
import { CATEGORY_REFERENCES, CHECK_REFERENCES, referencesFor } from "../../src/knowledge/compliance.js";

describe("referencesFor", () => {
  it("gives every category OWASP and CWE references", () => {
    for (const c of CATEGORY_IDS) {
      const r = CATEGORY_REFERENCES[c];
      expect((r.owaspApi2023 ?? r.owaspLlm2025 ?? []).length, c).toBeGreaterThan(0);
      expect((r.cwe ?? []).length, c).toBeGreaterThan(0);
    }
  });

  it("overrides the category field by field", () => {
    expect(referencesFor("encryption.db-plaintext-accepted")).toEqual({
      owaspApi2023: ["API8"],
      owaspTop10_2021: ["A02"],
      cwe: [319],
      pciDss4: ["2.2.7", "4.2.1", "8.3.2"],
      soc2: ["CC6.1", "CC6.7"],
      hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"],
    });
    expect(referencesFor("encryption.weak-password-hash-exposed")).toMatchObject({ cwe: [200, 328, 759, 916], hipaa: ["164.312(d)"] });
  });

  it("maps db-cert-* to the cert-* row", () => {
    expect(referencesFor("encryption.db-cert-hostname-mismatch")).toEqual(referencesFor("encryption.cert-hostname-mismatch"));
    expect(referencesFor("encryption.db-cert-hostname-mismatch").cwe).toEqual([297]);
  });

  it("drops clauses a row marks as not applicable", () => {
    expect(referencesFor("encryption.cookie-insecure").hipaa).toBeUndefined();
  });

  it("uses the category for unknown checks and nothing for unknown categories", () => {
    expect(referencesFor("authentication.something-new")).toEqual(CATEGORY_REFERENCES.authentication);
    expect(referencesFor("nope.x")).toEqual({});
  });

  it("returns copies: callers cannot change the table", () => {
    referencesFor("encryption.db-tls-unsupported").cwe?.push(1);
    expect(referencesFor("encryption.db-tls-unsupported").cwe).toEqual([319]);
  });

  it("only knows catalog-shaped ids", () => {
    for (const id of Object.keys(CHECK_REFERENCES)) expect(id).toMatch(/^encryption\.[a-z0-9-]+$/);
  });
});
