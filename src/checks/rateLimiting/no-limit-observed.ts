import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange, Operation } from "../../core/types.js";
import { AI_PATH } from "../../patterns/wordlists.js";
import { probeIdentity } from "../inputValidation/_shared.js";
import { rateLimitHeaders, rateRefs } from "./_shared.js";

/** A GET operation that answered 2xx in the crawl; no AI endpoint, fewest path parameters, secured first. */
function pickOperation(ctx: CheckContext): { op: Operation | null; url: string } | null {
  const answered = new Set(
    ctx
      .exchanges()
      .filter((ex) => ex.source === "crawl" && ex.response && ex.response.status >= 200 && ex.response.status < 300)
      .map((ex) => ex.operation?.key),
  );
  // Each candidate's rank computed once, not at every comparison of the sort.
  const ops = ctx.operations
    .filter((op) => op.method === "GET" && !AI_PATH.test(op.path) && answered.has(op.key))
    .map((op) => ({ op, pathParams: op.parameters.filter((p) => p.in === "path").length, secured: Number((op.security?.length ?? 0) > 0) }))
    .sort((a, b) => a.pathParams - b.pathParams || b.secured - a.secured);
  const op = ops[0]?.op;
  if (op) return { op, url: ctx.urlFor(op) };
  if (ctx.operations.length > 0 || AI_PATH.test(new URL(ctx.target.url).pathname)) return null;
  return { op: null, url: ctx.target.url };
}

export default defineCheck({
  meta: {
    id: "rateLimiting.no-limit-observed",
    title: "No rate limit observed",
    category: "rateLimiting",
    severity: "medium",
    how: "probe",
    description:
      "A short burst of identical read requests (30 by default, configurable with --burst; never against AI or write operations) drew no 429 and no rate-limit headers. Without limits, credential stuffing, scraping, enumeration of ids and plain resource exhaustion cost an attacker nothing.",
    references: rateRefs([770, 307]),
    remediation: {
      summary: "Enforce per-client rate limits (per API key/user and per IP) at the gateway or in middleware, and answer 429 with Retry-After.",
      steps: [
        "Add a limiter: express-rate-limit, slowapi (FastAPI), django-ratelimit / DRF throttling, bucket4j (Spring), ASP.NET RateLimiter, or the API gateway's policy.",
        "Use tighter limits on authentication, search and export operations.",
        "Advertise the policy with RateLimit-* headers so well-behaved clients can back off.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => ctx.settings.burst,
  async run(ctx) {
    const target = pickOperation(ctx);
    if (!target) return ctx.notApplicable("no read operation answered 2xx to probe with a burst");
    const identity = probeIdentity(ctx);
    const started = Date.now();
    const burst: Exchange[] = await Promise.all(
      Array.from({ length: ctx.settings.burst }, () => ctx.http.send({ method: "GET", url: target.url, identity, operation: target.op, retryThrottled: false })),
    );
    const elapsed = Date.now() - started;
    const answered = burst.filter((ex) => ex.response);
    if (answered.length < burst.length / 2) return ctx.notApplicable("the burst mostly failed at the network level");
    const throttled = answered.filter((ex) => ex.response!.status === 429 || ex.response!.status === 503);
    const headers = new Set(answered.flatMap(rateLimitHeaders));
    if (throttled.length > 0 || headers.size > 0) return;
    const first = answered[0]!;
    ctx.report({
      confidence: "firm",
      operation: target.op ?? { method: "GET", path: new URL(target.url).pathname, url: target.url },
      key: "burst",
      evidence: [
        {
          exchange: first,
          excerpt: `${answered.length} GET requests in ${elapsed} ms: statuses ${[...new Set(answered.map((ex) => ex.response!.status))].join(", ")}, no 429, no rate-limit headers`,
          note: `burst of ${ctx.settings.burst}`,
        },
      ],
    });
  },
});
