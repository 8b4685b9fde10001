import { defineCheck } from "../../../core/check.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { operationOf } from "./_exchange-text.js";
import { dsnLabel } from "../../../db/issues.js";
import { dsnsIn } from "./_dsn-scan.js";
import { stackFor } from "./_targets.js";

const ID = "encryption.db-dsn-exposed";
const generic = remediationFor(ID, { framework: null, database: null });

export default defineCheck({
  meta: {
    id: ID,
    title: "Database connection string exposed",
    category: "encryption",
    severity: "critical",
    how: "passive",
    description:
      "A response contains a database connection string (PostgreSQL, CockroachDB, MySQL, MongoDB or Redis): it hands out the database's address, user and often its password, and with an insecure sslmode tells an attacker the link can be intercepted.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  analyze(ex, ctx) {
    for (const { analysis: a, where } of dsnsIn(ex)) {
      const secret = a.passwordPresent && !a.placeholder;
      ctx.report({
        severity: a.placeholder ? "medium" : secret ? "critical" : "high",
        confidence: a.placeholder ? "tentative" : secret ? "confirmed" : "firm",
        operation: operationOf(ex),
        // One connection string, one finding (one credential to rotate), listing every place it leaked.
        key: a.redacted,
        where: { place: where },
        title: `Database connection string exposed (${a.family})`,
        description: `${dsnLabel(a)} appears ${where}${a.passwordPresent ? ", password included" : ""}${a.placeholder ? " (it looks like a documentation example)" : ""}.`,
        evidence: [{ exchange: ex, excerpt: a.redacted, note: `${where}; TLS: ${a.tls.verdict} (${a.tls.reason})` }],
        remediation: remediationFor(ID, stackFor(ctx, a.family)),
      });
    }
  },
});
