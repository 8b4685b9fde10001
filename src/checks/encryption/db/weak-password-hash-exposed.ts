import { defineCheck } from "../../../core/check.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { findPasswordHashes } from "../../../patterns/password-hash.js";
import { locate, operationOf, responseText } from "./_exchange-text.js";
import { stackFor } from "./_targets.js";

const ID = "encryption.weak-password-hash-exposed";
const generic = remediationFor(ID, { framework: null, database: null });

export default defineCheck({
  meta: {
    id: ID,
    title: "Password hashes returned by the API",
    category: "encryption",
    severity: "high",
    how: "passive",
    description:
      "A response carries password hashes: fast or unsalted ones (MD5, SHA-1, unsalted SHA-2, MD5-crypt, LDAP {SHA}) fall to GPU cracking within hours, and even adaptive ones (bcrypt, Argon2, scrypt, PBKDF2) give attackers an offline guessing target they should never have.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const text = responseText(ex);
    if (!text) return;
    // One finding per hash format and response; a user list with 500 bcrypt hashes is one problem.
    const hashes = findPasswordHashes(text);
    if (hashes.length === 0) return; // most responses: no map to group nothing into
    const byRow = new Map<string, ReturnType<typeof findPasswordHashes>>();
    for (const h of hashes) byRow.set(h.row, [...(byRow.get(h.row) ?? []), h]);
    for (const [row, hits] of byRow) {
      const h = hits[0];
      if (!h) continue;
      const weak = h.strength === "weak";
      ctx.report({
        severity: weak ? "high" : "medium",
        confidence: row === "unsalted-hex" ? "firm" : "confirmed",
        operation: operationOf(ex),
        key: row,
        title: weak ? `Weak password hashes exposed (${h.title})` : `Password hashes exposed (${h.title})`,
        evidence: [
          {
            exchange: ex,
            excerpt: h.field ? `"${h.field}": ${h.masked}` : h.masked,
            note: `${locate(text, h.index)}${hits.length > 1 ? `; ${hits.length} such hashes in this response` : ""}`,
          },
        ],
        remediation: remediationFor(ID, stackFor(ctx, null)),
      });
    }
  },
});
