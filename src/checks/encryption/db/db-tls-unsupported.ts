import { defineCheck } from "../../../core/check.js";
import { tlsUnsupportedIssue } from "../../../db/issues.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { issueFinding, pgAudits } from "./_targets.js";

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
      const issue = tlsUnsupportedIssue(a);
      if (issue) ctx.report(issueFinding(ctx, issue, a.product.name ?? "postgresql"));
    }
  },
});
