import { defineCheck } from "../../core/check.js";
import type { JsonSchema, Operation } from "../../core/types.js";
import { PAGINATION_PARAMS } from "../../patterns/wordlists.js";
import { rateRefs } from "./_shared.js";

const MAX_FINDINGS = 20;
const WRAPPER = /^(?:items|data|results|records|content|entries|list|rows|values|objects|elements|hits)$/i;

/** The array a 2xx response schema describes: top level, or a list-wrapper property. */
function listShape(op: Operation): string | null {
  for (const [status, res] of Object.entries(op.responses)) {
    if (!/^2\d\d$/.test(status) || !res.schema) continue;
    const s = res.schema;
    if (s.type === "array") return "array";
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    const wrapped = Object.entries(props).find(([name, p]) => WRAPPER.test(name) && p?.type === "array");
    if (wrapped) return `object.${wrapped[0]}[]`;
  }
  return null;
}

export default defineCheck({
  meta: {
    id: "rateLimiting.missing-pagination",
    title: "List operation without pagination",
    category: "rateLimiting",
    severity: "low",
    how: "offline",
    description:
      "A GET operation documented to return a list declares no pagination parameter (limit/offset, page/size, cursor …). Such lists grow with the data until one call returns everything: slow responses, memory pressure, and bulk data exposure.",
    references: rateRefs([770, 1050]),
    remediation: {
      summary: "Paginate every collection endpoint with a bounded page size, and document the parameters.",
      steps: ["Add limit/offset or cursor parameters with a default and a maximum; return a next link or cursor."],
    },
    milestone: 1,
  },
  async run(ctx) {
    if (!ctx.api) return ctx.notApplicable("no API description to read list operations from");
    let n = 0;
    for (const op of ctx.api.operations) {
      if (op.method !== "GET" || /\}\/?$/.test(op.path)) continue;
      const shape = listShape(op);
      if (!shape || op.parameters.some((p) => p.in === "query" && PAGINATION_PARAMS.test(p.name))) continue;
      if (++n > MAX_FINDINGS) return;
      ctx.report({
        confidence: "firm",
        operation: op,
        key: "pagination",
        reproduce: null,
        evidence: [{ request: `${op.method} ${op.path}`, status: null, excerpt: `200 response is ${shape}; parameters: ${op.parameters.map((p) => p.name).join(", ") || "none"}` }],
      });
    }
  },
});
