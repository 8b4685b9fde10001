import { defineCheck } from "../../../core/check.js";
import { analyzeDsn, redactDsn } from "../../../db/dsn.js";
import { insecureSslmodeIssue } from "../../../db/issues.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { operationOf } from "./_exchange-text.js";
import { dsnsIn } from "./_dsn-scan.js";
import { issueFinding } from "./_targets.js";

const ID = "encryption.db-dsn-insecure-sslmode";
const generic = remediationFor(ID, { framework: null, database: null });

export default defineCheck({
  meta: {
    id: ID,
    title: "Database connection string without verified TLS",
    category: "encryption",
    severity: "high",
    how: "offline",
    description:
      "A connection string (given with --dsn or found in a response) uses sslmode disable/allow/prefer or an equivalent, so encryption is not guaranteed, or require/an equivalent, so the server certificate is not verified and an active attacker can intercept. Only verify-full with a root certificate (or the product's verified equivalent) passes.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  async run(ctx) {
    for (const dsn of ctx.settings.dsns) {
      const a = analyzeDsn(dsn);
      if (!a) {
        ctx.warn(`--dsn ${redactDsn(dsn)}: not a PostgreSQL, CockroachDB, MySQL, MongoDB or Redis connection string`);
        continue;
      }
      const issue = insecureSslmodeIssue(a, { request: "--dsn (given by the user)", status: null });
      if (issue) ctx.report(issueFinding(ctx, issue, a.family));
    }
  },
  analyze(ex, ctx) {
    for (const { analysis: a, where } of dsnsIn(ex)) {
      // Documentation examples are reported (tentatively) by db-dsn-exposed, not judged here.
      if (a.placeholder) continue;
      const issue = insecureSslmodeIssue(a, { request: "", status: null, where });
      if (!issue) continue;
      const { excerpt, note } = issue.evidence;
      ctx.report(issueFinding(ctx, issue, a.family, { operation: operationOf(ex), where: { place: where }, evidence: [{ exchange: ex, excerpt, note }], reproduce: ex }));
    }
  },
});
