import { defineCheck } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { carriesSensitiveData } from "../../patterns/sensitive.js";
import { firstTime, operationKey, operationOf } from "../dataExposure/_exchange.js";
import { inputRefs } from "./_shared.js";


function storable(ex: Exchange): boolean {
  const cc = (ex.response?.headers["cache-control"] ?? "").toLowerCase();
  const pragma = (ex.response?.headers["pragma"] ?? "").toLowerCase();
  return !/\bno-store\b/.test(cc) && !(cc === "" && pragma.includes("no-cache"));
}

export default defineCheck({
  meta: {
    id: "inputValidation.sensitive-response-cacheable",
    title: "Sensitive responses may be cached",
    category: "inputValidation",
    severity: "low",
    how: "passive",
    description:
      "Responses to authenticated requests, or responses carrying personal or secret data, come without `Cache-Control: no-store`. Browsers, shared proxies and CDNs may keep copies that the next user of the machine or network can read.",
    references: inputRefs([524, 525], { owaspApi2023: ["API8"], owaspTop10_2021: ["A04"] }),
    remediation: {
      summary: "Send `Cache-Control: no-store` on authenticated and personal-data responses.",
      steps: ["Set it in one middleware for every authenticated route.", "Keep cacheable headers (max-age, public) for genuinely public data only."],
    },
    milestone: 2,
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res || res.status < 200 || res.status >= 300 || ex.request.method !== "GET" || !ex.operation || !storable(ex)) return;
    const authenticated = ex.request.identity !== null;
    const sensitive = !authenticated && carriesSensitiveData(res);
    if (!authenticated && !sensitive) return;
    if (!firstTime(ctx, operationKey(ex))) return;
    ctx.report({
      confidence: "firm",
      operation: operationOf(ex),
      // A missing cache policy is one root cause: one finding listing the operations it was seen on.
      key: "cacheable",
      where: ex.request.identity ? { identity: ex.request.identity } : {},
      evidence: [{ exchange: ex, excerpt: `Cache-Control: ${res.headers["cache-control"] ?? "(none)"}`, note: authenticated ? "authenticated response" : "response carries personal or secret data" }],
    });
  },
});
