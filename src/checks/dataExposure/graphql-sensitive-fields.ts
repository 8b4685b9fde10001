import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { answered, callsEstimate, getCalls } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { sensitiveFieldKind } from "../../patterns/field-names.js";
import { findPasswordHashes } from "../../patterns/password-hash.js";
import { secretTable } from "../../patterns/secrets.js";
import { dataRefs } from "./_exchange.js";

/** Fields with a non-empty value whose names say secret (password hash, API key, token …). */
function namedSecrets(value: unknown, out: Map<string, string>, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== "object") return;
  for (const [k, v] of Array.isArray(value) ? value.slice(0, 50).entries() : Object.entries(value)) {
    const kind = typeof k === "string" ? sensitiveFieldKind(k) : null;
    if (kind && typeof v === "string" && v !== "" && !/^\*+$/.test(v)) out.set(String(k), kind);
    namedSecrets(v, out, depth + 1);
  }
}

export default defineCheck({
  meta: {
    id: "dataExposure.graphql-sensitive-fields",
    title: "GraphQL answers carry secrets or password hashes",
    category: "dataExposure",
    severity: "high",
    how: "probe",
    description:
      "Fields such as `passwordHash`, `apiKey` or tokens are in the schema and answered: any client that can query the type can select them, whatever the UI shows. The values are matched with the same secret and hash detectors as REST answers.",
    references: dataRefs([200, 312, 522]),
    remediation: graphqlRemediation("sensitiveFields"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + callsEstimate(ctx.settings.depth, ctx.settings.mode),
  async run(ctx) {
    const stage = await getCalls(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint or schema");
    for (const call of stage.calls.filter(answered)) {
      const body = call.sent.exchange.response?.body ?? "";
      const fields = new Map<string, string>();
      namedSecrets(call.sent.result?.data, fields);
      const kinds = new Set<string>([...fields.values()]);
      for (const h of findPasswordHashes(body)) kinds.add(`${h.title} (${h.masked})`);
      for (const m of secretTable.scan(body, 5)) kinds.add(m.row.title);
      if (kinds.size === 0) continue;
      ctx.report({
        confidence: "confirmed",
        operation: graphqlOperation(call.op.kind, call.op.field, stage.stage.endpoint.url),
        key: [...fields.keys()].sort().join(","),
        evidence: [{ exchange: call.sent.exchange, excerpt: `fields: ${[...fields.keys()].join(", ") || "(values matched)"}`, note: [...kinds].join("; ") }],
        sensitiveData: true,
      });
    }
  },
});
