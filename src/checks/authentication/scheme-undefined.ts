import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { authRefs } from "./_refs.js";

const EVIDENCE_OPS = 5;

function opLine(op: Operation): string {
  return `${op.method} ${op.path}`;
}

export default defineCheck({
  meta: {
    id: "authentication.scheme-undefined",
    title: "Security scheme undefined or missing",
    category: "authentication",
    severity: "medium",
    how: "offline",
    description:
      "The spec's security requirements name a scheme that `securitySchemes`/`securityDefinitions` does not define, or the API clearly needs credentials (401 answers, credentials supplied) while the spec declares no scheme at all. Clients, gateways and scanners then treat secured operations as public, and generated middleware may enforce nothing. Schemes defined but never required are reported at low severity.",
    references: authRefs([1059, 287], { owaspApi2023: ["API2", "API9"] }),
    remediation: {
      summary: "Declare every authentication scheme in the spec and reference it from the global or per-operation `security`.",
      steps: [
        "Define each scheme under components.securitySchemes (3.x) or securityDefinitions (2.0) with the names the requirements use.",
        "Set a global `security` requirement and mark public operations with `security: []` explicitly.",
        "Generate the spec from the code's real authentication dependencies so that the two cannot drift.",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    const api = ctx.api;
    if (!api) return ctx.notApplicable("no API description");
    const defined = new Set(Object.keys(api.securitySchemes));
    const undefinedRefs = new Map<string, Operation[]>();
    const used = new Set<string>();
    for (const op of api.operations) {
      for (const req of op.security ?? []) {
        for (const name of Object.keys(req)) {
          used.add(name);
          if (!defined.has(name)) undefinedRefs.set(name, [...(undefinedRefs.get(name) ?? []), op]);
        }
      }
    }
    for (const req of api.globalSecurity ?? []) for (const name of Object.keys(req)) used.add(name);
    for (const [name, ops] of undefinedRefs) {
      ctx.report({
        confidence: "confirmed",
        operation: ops.length === 1 ? ops[0]! : null,
        key: `undefined:${name}`,
        title: `Security requirement names undefined scheme '${name}'`,
        evidence: ops.slice(0, EVIDENCE_OPS).map((op) => ({ request: opLine(op), status: null, excerpt: `security: [{ ${name}: [] }] but no scheme '${name}' is defined`, note: op.pointer })),
        reproduce: null,
      });
    }
    if (defined.size === 0 && used.size === 0) {
      const refusals = ctx.exchanges().filter((ex) => ex.response && (ex.response.status === 401 || (ex.response.status === 403 && ex.response.headers["www-authenticate"])));
      if (refusals.length > 0 || ctx.identities.length > 0) {
        ctx.report({
          confidence: refusals.length > 0 ? "confirmed" : "firm",
          operation: null,
          key: "none-declared",
          title: "Secured API with no security scheme in its spec",
          evidence:
            refusals.length > 0
              ? refusals.slice(0, EVIDENCE_OPS).map((ex) => ({ exchange: ex, note: "the API asks for credentials, the spec declares no scheme" }))
              : [{ request: "--auth", status: null, excerpt: "credentials were needed to scan this API, but the spec declares no security scheme" }],
          reproduce: null,
        });
      }
    }
    for (const name of defined) {
      if (used.has(name)) continue;
      ctx.report({
        confidence: "confirmed",
        severity: "low",
        operation: null,
        key: `unused:${name}`,
        title: `Security scheme '${name}' is never required`,
        evidence: [{ request: "spec", status: null, excerpt: `scheme '${name}' is defined but no operation and no global requirement uses it: every operation reads as public` }],
        reproduce: null,
      });
    }
  },
});
