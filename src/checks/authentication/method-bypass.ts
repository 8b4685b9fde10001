import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, HttpMethod, Operation, RecordedResponse } from "../../core/types.js";
import { TIERS } from "../../patterns/wordlists.js";
import { parseJsonBody } from "../../patterns/text.js";
import { anonymousBaseline, authorisedBaseline, claimBaselines, crawlCovers } from "../_shared/baseline.js";
import { sameData } from "../_shared/compare.js";
import { authRefs } from "./_refs.js";
import { sensitiveContent, servesData } from "../../patterns/sensitive.js";
import { requiresAuth } from "./unauthenticated-access.js";

interface Variant {
  tier: 0 | 1 | 2;
  method: HttpMethod;
  headers: Record<string, string>;
}

/** What is tried, by depth tier: the method an auth layer may skip, and the override a router may honour. */
const VARIANTS: readonly Variant[] = [
  { tier: 0, method: "HEAD", headers: {} },
  { tier: 0, method: "OPTIONS", headers: { "x-http-method-override": "GET" } },
  { tier: 1, method: "OPTIONS", headers: {} },
  { tier: 2, method: "HEAD", headers: { "x-http-method-override": "GET" } },
  { tier: 2, method: "GET", headers: { "x-http-method-override": "OPTIONS" } },
  { tier: 2, method: "OPTIONS", headers: { "x-method-override": "GET" } },
  { tier: 2, method: "OPTIONS", headers: { "x-http-method": "GET" } },
];

const MAX_OPERATIONS: Readonly<Record<Depth, number>> = { quick: 5, standard: 15, deep: 40 };

/** Keys of a body that only describes the resource's methods (a normal OPTIONS answer). */
const METHOD_DESCRIPTION = new Set(["methods", "allow", "allowed", "allowedmethods", "options", "name", "description", "renders", "parses", "actions"]);

function variantsFor(depth: Depth): Variant[] {
  return VARIANTS.filter((v) => v.tier <= TIERS[depth]);
}

function targets(ctx: Pick<PlanContext, "operations" | "settings">): Operation[] {
  return ctx.operations.filter((op) => op.method === "GET" && requiresAuth(op)).slice(0, MAX_OPERATIONS[ctx.settings.depth]);
}

function describe(v: Variant): string {
  const h = Object.entries(v.headers).map(([k, val]) => `${k}: ${val}`);
  return h.length ? `${v.method} with ${h.join(", ")}` : v.method;
}

function isMethodDescription(res: RecordedResponse): boolean {
  const json = parseJsonBody(res)?.value;
  if (!json || typeof json !== "object" || Array.isArray(json)) return false;
  return Object.keys(json).every((k) => METHOD_DESCRIPTION.has(k.toLowerCase().replace(/[_-]/g, "")));
}

interface Verdict {
  severity: "high" | "medium";
  confidence: "confirmed" | "firm" | "tentative";
  excerpt: string;
}

function judge(v: Variant, res: RecordedResponse, authorised: RecordedResponse | null, anon: RecordedResponse): Verdict | null {
  if (res.status < 200 || res.status >= 300) return null;
  if (v.method === "HEAD") {
    const length = Number.parseInt(res.headers["content-length"] ?? "", 10);
    const matches = authorised !== null && Number.isFinite(length) && length > 0 && length === authorised.size && length !== anon.size;
    // The GET refusal itself came as a 2xx: a 2xx to HEAD says nothing unless its length is the data's.
    if (anon.status >= 200 && anon.status < 300 && !matches) return null;
    return {
      severity: matches ? "high" : "medium",
      confidence: matches ? "confirmed" : "firm",
      excerpt: `${res.status} to ${describe(v)} without credentials${matches ? `; Content-Length ${length} equals the authorised body` : ""}`,
    };
  }
  if (!servesData(res) || isMethodDescription(res)) return null;
  if (authorised) {
    if (!sameData(res, authorised)) return null;
    return { severity: "high", confidence: "confirmed", excerpt: `${res.status} to ${describe(v)} without credentials: the authorised data` };
  }
  const sensitive = sensitiveContent(res);
  if (!parseJsonBody(res) && !sensitive) return null;
  return {
    severity: "high",
    confidence: sensitive ? "firm" : "tentative",
    excerpt: `${res.status} ${res.contentType}, ${res.size} bytes to ${describe(v)} without credentials${sensitive ? `; contains ${sensitive.description}` : ""}`,
  };
}

export default defineCheck({
  meta: {
    id: "authentication.method-bypass",
    title: "Authentication bypassed with another HTTP method",
    category: "authentication",
    severity: "high",
    how: "probe",
    description:
      "A secured operation answers GET without credentials with 401/403, but HEAD, OPTIONS or a method-override header (`X-HTTP-Method-Override: GET`) without credentials gets a 2xx — with the protected data where a body is returned. The authentication layer is bound to methods while the router is not.",
    references: authRefs([650, 287, 863]),
    remediation: {
      summary: "Enforce authentication for every method a route answers, and ignore method-override headers unless they are needed.",
      steps: [
        "Apply the authentication middleware before routing, for all methods (not per `GET` handler).",
        "Disable method-override middleware (`X-HTTP-Method-Override`, `X-Method-Override`, `_method`) or restrict it to POST and authenticated requests.",
        "Let CORS preflight (OPTIONS) answer without a body.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => targets(ctx).length * (variantsFor(ctx.settings.depth).length + (crawlCovers(ctx.identities, null) ? 0 : 1)),
  async run(ctx) {
    const ops = targets(ctx);
    if (ops.length === 0) return ctx.notApplicable("no secured GET operation");
    const variants = variantsFor(ctx.settings.depth);
    claimBaselines(ctx, ops, null); // asked first in each item, as when all were asked at once
    await eachPerSlot(ctx.concurrency, ops, async (op) => {
      const anon = await anonymousBaseline(ctx, op);
      const status = anon?.response?.status;
      // Only a refused GET can be bypassed: 401/403, or a 2xx whose body is a refusal (error envelope, login page).
      if (!anon?.response || (status !== 401 && status !== 403 && !(status! >= 200 && status! < 300 && !servesData(anon.response)))) return;
      const authorisedEx = await authorisedBaseline(ctx, op);
      const authorised = authorisedEx?.response && servesData(authorisedEx.response) ? authorisedEx.response : null;
      const hits: { ex: Exchange; verdict: Verdict }[] = [];
      for (const v of variants) {
        const ex = await ctx.http.send({ method: v.method, url: ctx.urlFor(op), headers: v.headers, identity: null, operation: op });
        const verdict = ex.response ? judge(v, ex.response, authorised, anon.response!) : null;
        if (verdict) hits.push({ ex, verdict });
      }
      if (hits.length === 0) return;
      const rank = { confirmed: 0, firm: 1, tentative: 2 } as const;
      hits.sort((a, b) => (a.verdict.severity === b.verdict.severity ? 0 : a.verdict.severity === "high" ? -1 : 1) || rank[a.verdict.confidence] - rank[b.verdict.confidence]);
      const best = hits[0]!;
      ctx.report({
        severity: best.verdict.severity,
        confidence: best.verdict.confidence,
        operation: op,
        evidence: [
          ...hits.map((h) => ({ exchange: h.ex, excerpt: h.verdict.excerpt })),
          { exchange: anon, note: `GET without credentials is refused with ${status}` },
        ],
      });
    });
  },
});
