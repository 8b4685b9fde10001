import { defineCheck } from "../../../core/check.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { findKeyMaterial } from "../../../patterns/key-material.js";
import { locate, operationOf, responseText } from "./_exchange-text.js";
import { stackFor } from "./_targets.js";

const ID = "encryption.key-material-exposed";
const generic = remediationFor(ID, { framework: null, database: null });

export default defineCheck({
  meta: {
    id: ID,
    title: "Cryptographic key material exposed",
    category: "encryption",
    severity: "critical",
    how: "passive",
    description:
      "A response contains a private key (PEM, or a JWK with private members d/p/q or a symmetric k) or a symmetric key of key length in an env-style variable (*_KEY, *_SECRET): whoever reads it can decrypt, sign or impersonate, and application-level encryption built on it no longer protects anything.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const text = responseText(ex);
    if (!text) return;
    for (const m of findKeyMaterial(text)) {
      ctx.report({
        severity: m.encrypted ? "high" : "critical",
        confidence: m.row === "env-symmetric-key" ? "firm" : "confirmed",
        operation: operationOf(ex),
        key: `${m.row}:${m.label}`,
        title: `Cryptographic key material exposed: ${m.label}`,
        evidence: [
          {
            exchange: ex,
            excerpt: m.masked,
            note: `${locate(text, m.index)}${m.encrypted ? "; passphrase-protected, still crackable offline" : ""}`,
          },
        ],
        remediation: remediationFor(ID, stackFor(ctx, null)),
      });
    }
  },
});
