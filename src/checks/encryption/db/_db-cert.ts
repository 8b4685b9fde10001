// The certificate checks applied to a database's certificate: the TLS prober's own finding builder
// (certificateFindings in src/tls/findings.ts) with the encryption.db-cert- id prefix, one check per id.
import { defineCheck, type Check, type CheckMeta } from "../../../core/check.js";
import type { DbAudit } from "../../../db/audit.js";
import { endpoint, productLabel } from "../../../db/issues.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { certificateFindings } from "../../../tls/index.js";
import { pgAudits, stackFor } from "./_targets.js";

type RuleMeta = Pick<CheckMeta, "title" | "severity" | "description"> & { milestone?: 1 | 2 };

function findingsFor(a: DbAudit) {
  const opensslConnect = `openssl s_client -starttls postgres -connect ${endpoint(a)}`;
  return certificateFindings(a.certificate, { host: a.host, port: a.port, opensslConnect, idPrefix: "encryption.db-cert-" });
}

/** encryption.db-cert-<rule>, rule = the name of the TLS certificate check (expired, untrusted …). */
export function dbCertCheck(rule: string, meta: RuleMeta): Check {
  const id = `encryption.db-cert-${rule}`;
  const generic = remediationFor(id, { framework: null, database: null });
  return defineCheck({
    meta: {
      id,
      category: "encryption",
      how: "probe",
      references: referencesFor(id),
      remediation: { summary: generic.summary, steps: generic.steps },
      milestone: meta.milestone ?? 1,
      title: meta.title,
      severity: meta.severity,
      description: meta.description,
    },
    async run(ctx) {
      for (const a of await pgAudits(ctx)) {
        for (const f of findingsFor(a)) {
          if (f.checkId !== id) continue;
          ctx.report({
            ...f,
            title: `${f.title ?? meta.title} (database ${endpoint(a)})`,
            description: `${meta.description} Seen on ${productLabel(a)} at ${endpoint(a)}.`,
            remediation: remediationFor(id, stackFor(ctx, a.product.name ?? "postgresql")),
          });
        }
      }
    },
  });
}
