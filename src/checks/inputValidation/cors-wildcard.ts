import { defineCheck } from "../../core/check.js";
import { carriesSensitiveData } from "../../patterns/sensitive.js";
import { requestPath } from "../../patterns/text.js";
import { allowOrigin, corsProbe, corsTargets, CORS_STEPS, PROBE_ORIGIN } from "./_cors.js";
import { inputRefs, secured } from "./_shared.js";

const SEEN = "inputValidation.cors-wildcard:seen";

export default defineCheck({
  meta: {
    id: "inputValidation.cors-wildcard",
    title: "CORS allows any origin on credentialed or sensitive responses",
    category: "inputValidation",
    severity: "medium",
    how: "probe",
    description:
      "Responses of operations that require credentials, or that carry personal or secret data, are sent with Access-Control-Allow-Origin: *. Browsers will not attach cookies to such requests, but any website can read whatever the visitor's browser can reach without them: intranet-only APIs, IP-allow-listed services, and tokens sent in headers by a compromised script.",
    references: inputRefs([942]),
    remediation: { summary: "Restrict Access-Control-Allow-Origin to the front-ends that need the API.", steps: CORS_STEPS },
    milestone: 1,
  },
  estimateRequests: (ctx) => corsTargets(ctx),
  async run(ctx) {
    await corsProbe(ctx, PROBE_ORIGIN);
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res || allowOrigin(ex) !== "*") return;
    const credentialed = ex.request.identity !== null || secured(ex.operation);
    const sensitive = !credentialed && carriesSensitiveData(res);
    if (!credentialed && !sensitive) return;
    let seen = ctx.shared.get(SEEN) as Set<string> | undefined;
    if (!seen) ctx.shared.set(SEEN, (seen = new Set()));
    const key = ex.operation?.key ?? ex.request.url;
    if (seen.has(key) || seen.size >= 10) return;
    seen.add(key);
    ctx.report({
      confidence: "confirmed",
      operation: ex.operation ?? { method: ex.request.method, path: requestPath(ex), url: ex.request.url },
      key: "wildcard",
      evidence: [{ exchange: ex, excerpt: "Access-Control-Allow-Origin: *", note: credentialed ? "operation requires credentials" : "response carries personal or secret data" }],
    });
  },
});
