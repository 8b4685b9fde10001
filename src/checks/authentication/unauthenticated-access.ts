import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { anonymousBaseline, authorisedBaseline, claimBaselines } from "../_shared/baseline.js";
import { isData } from "../_shared/data.js";
import { sensitiveContent } from "../../patterns/sensitive.js";

/** A requirement list that demands credentials: non-empty, and no `{}` alternative (optional auth). */
export function requiresAuth(op: Operation): boolean {
  return Boolean(op.security && op.security.length > 0 && op.security.every((req) => Object.keys(req).length > 0));
}

export default defineCheck({
  meta: {
    id: "authentication.unauthenticated-access",
    title: "Data served without authentication",
    category: "authentication",
    severity: "high",
    how: "probe",
    description:
      "An operation that the spec marks as secured, or one that returns sensitive data, answers 2xx with a body when called with no credentials at all: anyone who can reach the API can read it.",
    references: { owaspApi2023: ["API2"], owaspTop10_2021: ["A01", "A07"], cwe: [306, 287], pciDss4: ["8.2.1"], soc2: ["CC6.1"], hipaa: ["164.312(d)"] },
    remediation: {
      summary: "Require authentication on every non-public operation, enforced by default (deny unless a route is explicitly public).",
      steps: [
        "Apply the authentication dependency/middleware globally and mark the few public routes explicitly.",
        "Return 401 with a WWW-Authenticate header when credentials are missing.",
        "Add a test that calls every secured route without credentials and expects 401.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => (ctx.identities.length === 0 ? 0 : ctx.operations.filter((op) => op.method === "GET" && requiresAuth(op)).length),
  async run(ctx) {
    // Public operations are only judged from an anonymous crawl (no extra request for them); the
    // anonymous call is shared with the other authorization checks (sent once per scan), claimed now.
    const asked = ctx.operations.filter((op) => op.method === "GET" && (requiresAuth(op) || ctx.identities.length === 0));
    claimBaselines(ctx, asked, null);
    await eachPerSlot(ctx.concurrency, asked, async (op) => {
      const secured = requiresAuth(op);
      const ex = await anonymousBaseline(ctx, op);
      if (!ex) return;
      const res = ex.response;
      // A 2xx error body or login page is a refusal; with credentials, the crawl's authorised answer
      // (no extra request) is what "the data" looks like.
      const authorised = ctx.identities.length > 0 ? (await authorisedBaseline(ctx, op))?.response : null;
      if (!res || !isData(res, op, authorised)) return;
      const sensitive = sensitiveContent(res);
      if (!secured && !sensitive) return;
      ctx.report({
        confidence: res.truncated ? "firm" : "confirmed",
        severity: sensitive ? "critical" : "high",
        operation: op,
        sensitiveData: Boolean(sensitive),
        title: sensitive ? `Sensitive data served without authentication` : undefined,
        evidence: [
          {
            exchange: ex,
            excerpt: `${res.status} ${res.contentType}, ${res.size} bytes without credentials${sensitive ? `; contains ${sensitive.description}` : ""}`,
            note: secured ? "the spec requires authentication for this operation" : "the spec declares no authentication, but the data is sensitive",
          },
        ],
      });
    });
  },
});
