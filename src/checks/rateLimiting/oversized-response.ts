import { defineCheck } from "../../core/check.js";
import { firstTime, operationKey, operationOf } from "../dataExposure/_exchange.js";
import { itemCount, rateRefs } from "./_shared.js";

export const MAX_BYTES = 1024 * 1024;
export const MAX_ITEMS = 1000;

export default defineCheck({
  meta: {
    id: "rateLimiting.oversized-response",
    title: "Oversized responses",
    category: "rateLimiting",
    severity: "low",
    how: "passive",
    description: `A single response was over 1 MiB or held an array of more than ${MAX_ITEMS} items. Unbounded responses cost memory and bandwidth on both sides, make denial of service cheap, and usually mean a collection is not paginated.`,
    references: rateRefs([770, 400]),
    remediation: {
      summary: "Paginate collections and cap response sizes; move bulk exports to asynchronous jobs.",
      steps: ["Bound page sizes server-side.", "Compress large responses and set a maximum body size at the gateway."],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res || res.status < 200 || res.status >= 300) return;
    const items = res.size > MAX_BYTES ? null : itemCount(ex);
    if (res.size <= MAX_BYTES && (items === null || items <= MAX_ITEMS)) return;
    if (!firstTime(ctx, operationKey(ex))) return;
    ctx.report({
      confidence: "confirmed",
      operation: operationOf(ex),
      // One finding for the API, listing every operation that answered oversized.
      key: "oversized",
      where: {},
      evidence: [{ exchange: ex, excerpt: res.size > MAX_BYTES ? `${res.size} bytes in one response${res.truncated ? " (truncated for analysis)" : ""}` : `${items} items in one array (${res.size} bytes)` }],
    });
  },
});
