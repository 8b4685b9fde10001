// The TLS certificate and protocol checks applied to a database: the TLS prober's own finding builders
// (src/tls/findings.ts) run on the database audit with the encryption.db- id prefix, one check per id.
import { defineCheck, type Check, type CheckMeta } from "../../../core/check.js";
import type { DbAudit } from "../../../db/audit.js";
import { endpoint, productLabel } from "../../../db/issues.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { certificateFindings, protocolFindings } from "../../../tls/index.js";
import { pgAudits, stackFor } from "./_targets.js";

type RuleMeta = Pick<CheckMeta, "title" | "severity" | "description"> & { milestone?: 1 | 2 };

function findingsFor(a: DbAudit, kind: "cert" | "protocol") {
  const o = { host: a.host, port: a.port, opensslConnect: `openssl s_client -starttls postgres -connect ${endpoint(a)}` };
  if (kind === "cert") return certificateFindings(a.certificate, { ...o, idPrefix: "encryption.db-cert-" });
  return a.tlsScan ? protocolFindings(a.tlsScan, { ...o, idPrefix: "encryption.db-" }) : [];
}

/** `kind` cert: id encryption.db-cert-<rule>; protocol: encryption.db-<rule> (rule = the TLS check's name). */
export function dbTlsRuleCheck(kind: "cert" | "protocol", rule: string, meta: RuleMeta): Check {
  const id = kind === "cert" ? `encryption.db-cert-${rule}` : `encryption.db-${rule}`;
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
        for (const f of findingsFor(a, kind)) {
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
