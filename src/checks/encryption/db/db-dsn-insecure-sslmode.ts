import { defineCheck, type CheckContext, type EvidenceInput, type FindingInput } from "../../../core/check.js";
import type { Severity } from "../../../core/types.js";
import { analyzeDsn, redactDsn, type DsnAnalysis } from "../../../db/dsn.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { operationOf } from "./_exchange-text.js";
import { dsnLabel, dsnsIn } from "./_dsn-scan.js";
import { stackFor } from "./_targets.js";

const ID = "encryption.db-dsn-insecure-sslmode";
const generic = remediationFor(ID, { framework: null, database: null });

/** verify-ca checks the chain (only the host name is unchecked): one step less severe. */
function severityOf(a: DsnAnalysis): Severity {
  return /verify.?ca|ssl.?ca/i.test(a.tls.setting ?? "") ? "medium" : "high";
}

function finding(ctx: CheckContext, a: DsnAnalysis, evidence: EvidenceInput, operation: FindingInput["operation"]): FindingInput {
  const what = a.tls.verdict === "none" ? "does not guarantee encryption" : "encrypts without verifying the server (MITM)";
  return {
    severity: severityOf(a),
    confidence: "confirmed",
    operation,
    key: a.redacted,
    title: `Database connection ${what}`,
    description: `${dsnLabel(a)} ${what}: ${a.tls.reason}.`,
    evidence: [evidence],
    reproduce: null,
    remediation: remediationFor(ID, stackFor(ctx, a.family)),
  };
}

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
      if (a.tls.verdict === "verified") continue;
      ctx.report(finding(ctx, a, { request: "--dsn (given by the user)", status: null, excerpt: a.redacted, note: a.tls.reason }, null));
    }
  },
  analyze(ex, ctx) {
    for (const { analysis: a, where } of dsnsIn(ex, ctx)) {
      // Documentation examples are reported (tentatively) by db-dsn-exposed, not judged here.
      if (a.placeholder || a.tls.verdict === "verified") continue;
      ctx.report(finding(ctx, a, { exchange: ex, excerpt: a.redacted, note: `${where}; ${a.tls.reason}` }, operationOf(ex)));
    }
  },
});
