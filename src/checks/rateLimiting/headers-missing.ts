import { defineCheck } from "../../core/check.js";
import { hasRateLimitHeader, rateRefs } from "./_shared.js";

const DONE = "rateLimiting.headers-missing:done";

export default defineCheck({
  meta: {
    id: "rateLimiting.headers-missing",
    title: "No rate-limit headers",
    category: "rateLimiting",
    severity: "info",
    how: "passive",
    description:
      "No response in the scan carried RateLimit-*, X-RateLimit-* or Retry-After headers. Clients cannot see or respect a quota, and it is a hint (not proof) that no limit exists; rateLimiting.no-limit-observed tests that directly.",
    references: rateRefs([770]),
    remediation: {
      summary: "Advertise limits with the IETF RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset headers (or X-RateLimit-*), and Retry-After on 429.",
      steps: ["Most limiters emit them when enabled (express-rate-limit `standardHeaders: true`, slowapi `headers_enabled=True`, API gateways)."],
    },
    milestone: 1,
  },
  // Judged once over the whole scan: the first analyze call sees every exchange.
  analyze(_ex, ctx) {
    if (ctx.shared.get(DONE)) return;
    ctx.shared.set(DONE, true);
    const answered = ctx.exchanges().filter((ex) => ex.response && ex.response.status < 500);
    const ok = answered.find((ex) => ex.response!.status >= 200 && ex.response!.status < 300);
    if (!ok || answered.some(hasRateLimitHeader)) return;
    ctx.report({
      confidence: "confirmed",
      operation: null,
      key: "headers",
      evidence: [{ exchange: ok, excerpt: `none of ${answered.length} responses carried RateLimit-*, X-RateLimit-* or Retry-After` }],
    });
  },
});
