import { defineCheck } from "../../../core/check.js";
import { plaintextAcceptedIssue } from "../../../db/issues.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { issueFinding, pgAudits } from "./_targets.js";

const ID = "encryption.db-plaintext-accepted";
const generic = remediationFor(ID, { framework: null, database: null });

export default defineCheck({
  meta: {
    id: ID,
    title: "Database accepts unencrypted connections",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "A StartupMessage sent without TLS was answered with an authentication request (or a session) instead of a refusal: the database lets clients connect in plaintext, so a misconfigured or downgraded client exposes credentials and data on the network. Trust or cleartext-password authentication over that link is critical.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  async run(ctx) {
    for (const a of await pgAudits(ctx)) {
      const issue = plaintextAcceptedIssue(a);
      if (issue) ctx.report(issueFinding(ctx, issue, a.product.name ?? "postgresql"));
    }
  },
});
