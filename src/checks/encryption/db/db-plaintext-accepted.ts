import { defineCheck } from "../../../core/check.js";
import type { Severity } from "../../../core/types.js";
import type { DbAudit } from "../../../db/audit.js";
import { referencesFor } from "../../../knowledge/compliance.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import { describeStartup, endpoint, pgAudits, productLabel, stackFor } from "./_targets.js";

const ID = "encryption.db-plaintext-accepted";
const generic = remediationFor(ID, { framework: null, database: null });

/** Trust (no password at all) and cleartext passwords over an unencrypted link are worse than SCRAM over it. */
const SEVERITY_BY_AUTH: Record<string, Severity> = { ok: "critical", cleartext: "critical" };

function explain(a: DbAudit): string {
  const auth = a.plaintext?.auth?.method;
  const base = `${productLabel(a)} at ${endpoint(a)} accepts connections without TLS`;
  if (auth === "ok") return `${base} and authenticated the probe without any credential (trust): anyone on the network path reads and alters the traffic, and anyone who can reach the port connects.`;
  if (auth === "cleartext") return `${base} and asks for the password in clear text: any eavesdropper collects it.`;
  return `${base}: a client that does not insist on TLS (sslmode disable/allow/prefer) sends credentials, queries and results in clear.`;
}

export default defineCheck({
  meta: {
    id: ID,
    title: "Database accepts unencrypted connections",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "A StartupMessage sent without TLS was answered with an authentication request (or a session) instead of a refusal: the database lets clients connect in plaintext, so a misconfigured or downgraded client exposes credentials and data on the network.",
    references: referencesFor(ID),
    remediation: { summary: generic.summary, steps: generic.steps },
    milestone: 1,
  },
  async run(ctx) {
    for (const a of await pgAudits(ctx)) {
      const p = a.plaintext;
      if (!p || p.verdict !== "accepted") continue;
      ctx.report({
        severity: SEVERITY_BY_AUTH[p.auth?.method ?? ""] ?? "high",
        confidence: p.auth ? "confirmed" : "firm",
        key: endpoint(a),
        description: explain(a),
        evidence: [
          {
            request: `PostgreSQL StartupMessage without TLS (user ${a.probeUser}, no password) → ${endpoint(a)}`,
            status: null,
            excerpt: describeStartup(p),
            note: p.reason,
          },
        ],
        reproduce: `psql "host=${a.host} port=${a.port} user=${a.probeUser} dbname=postgres sslmode=disable"`,
        remediation: remediationFor(ID, stackFor(ctx, a.product.name)),
      });
    }
  },
});
