import { defineCheck } from "../../../core/check.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { endpoint, pgAudits, productLabel, stackFor } from "./_targets.js";

const ID = "encryption.db-tls-unsupported";
const generic = remediationFor(ID, { framework: null, database: null });

export default defineCheck({
  meta: {
    id: ID,
    title: "Database does not support TLS",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "The PostgreSQL-wire database (PostgreSQL, CockroachDB) answered the SSLRequest with 'N': it cannot encrypt connections at all, so credentials, queries and result sets cross the network in clear and can be read or altered by anyone on the path.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  async run(ctx) {
    for (const a of await pgAudits(ctx)) {
      const answer = a.sslRequest?.answer;
      if (answer !== "N" && answer !== "E") continue;
      ctx.report({
        confidence: "confirmed",
        key: endpoint(a),
        description: `${productLabel(a)} at ${endpoint(a)} refuses TLS: every connection to it is unencrypted.`,
        evidence: [
          {
            request: `PostgreSQL SSLRequest → ${endpoint(a)}`,
            status: null,
            excerpt: answer === "N" ? "server answered 'N' (TLS not supported)" : `server answered with an error: ${a.sslRequest?.error?.message ?? ""}`,
            note: a.product.evidence.join("; ") || undefined,
          },
        ],
        reproduce: `openssl s_client -starttls postgres -connect ${endpoint(a)} </dev/null`,
        remediation: remediationFor(ID, stackFor(ctx, a.product.name)),
      });
    }
  },
});
