// Shared by the database-probe checks: the audits of the hosts the user named, each problem warned once.
import type { CheckContext, FindingInput } from "../../../core/check.js";
import type { DbIssue } from "../../../db/issues.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import type { DbAudit } from "../../../db/audit.js";

export const NO_TARGETS = "no database targets: name them with --db host:port or --dsn, or allow the API host with --probe-db";

/** Audits that reached a PostgreSQL-wire server; unreachable or foreign ports become one warning each. */
export async function pgAudits(ctx: CheckContext): Promise<DbAudit[]> {
  const targets = ctx.settings.dbTargets;
  if (targets.length === 0) {
    ctx.notApplicable(NO_TARGETS);
    return [];
  }
  const audits = await Promise.all(
    targets.map(async (t) => ({
      t,
      audit: await ctx.transport.db(t.host, t.port).catch((e: unknown): DbAudit | null => {
        warnOnce(ctx, `${t.host}:${t.port}`, `database ${t.host}:${t.port}: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      }),
    })),
  );
  const usable: DbAudit[] = [];
  for (const { t, audit: a } of audits) {
    if (!a) continue;
    if (a.error || a.wire !== "postgresql") {
      // --probe-db guesses the default ports: nothing PostgreSQL-wire there is an answer, not an error.
      if (!t.speculative) warnOnce(ctx, `${a.host}:${a.port}`, `database ${a.host}:${a.port}: ${a.error ?? "no PostgreSQL-wire answer"}`);
      continue;
    }
    usable.push(a);
  }
  // Monitors count down to each database certificate's expiry from this digest (report.extras.databases).
  ctx.shared.set("extra:databases", usable.map(databaseDigest));
  return usable;
}

function databaseDigest(a: DbAudit) {
  const c = a.certificate;
  return {
    endpoint: `${a.host}:${a.port}`,
    product: a.product.name ?? null,
    certificate: c ? { subject: c.leaf.subject, notAfter: c.validity.notAfter, daysLeft: c.validity.daysLeft } : null,
  };
}

/** Several checks read the same audit: only the first one to see a problem records it. */
function warnOnce(ctx: CheckContext, key: string, message: string): void {
  const k = `encryption.db:warned:${key}`;
  if (ctx.shared.has(k)) return;
  ctx.shared.set(k, true);
  ctx.warn(message);
}

/** The stack to fit remediation to: the fingerprinted framework when confident, and the known database. */
export function stackFor(ctx: CheckContext, database: string | null): { framework: string | null; database: string | null } {
  const fw = ctx.fingerprint.framework;
  const db = ctx.fingerprint.database;
  return {
    framework: fw && fw.confidence >= 0.7 ? fw.name : null,
    database: database ?? (db && db.confidence >= 0.7 ? db.name : null),
  };
}

/** A database issue as a finding, with remediation fitted to the stack (the database is known here). */
export function issueFinding(ctx: CheckContext, issue: DbIssue, database: string | null, extra: Partial<FindingInput> = {}): FindingInput {
  return {
    checkId: issue.checkId,
    severity: issue.severity,
    confidence: issue.confidence,
    key: issue.key,
    title: issue.title,
    description: issue.description,
    evidence: [issue.evidence],
    reproduce: issue.reproduce,
    remediation: remediationFor(issue.checkId, stackFor(ctx, database)),
    ...extra,
  };
}
