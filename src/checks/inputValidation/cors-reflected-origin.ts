import { defineCheck } from "../../core/check.js";
import { allowOrigin, allowsCredentials, corsExcerpt, corsProbe, corsTargets, CORS_STEPS, PROBE_ORIGIN } from "./_cors.js";
import { inputRefs } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "inputValidation.cors-reflected-origin",
    title: "CORS reflects arbitrary origins",
    category: "inputValidation",
    severity: "high",
    how: "probe",
    description:
      "The API echoes any Origin header back in Access-Control-Allow-Origin. Every website can then read its responses from a visitor's browser; with Access-Control-Allow-Credentials: true the browser sends the visitor's cookies too, so any site can act on the user's data (high). Without credentials it still exposes whatever the browser can reach, such as intranet-only APIs (medium).",
    references: inputRefs([942, 346]),
    remediation: { summary: "Validate Origin against an explicit allow-list instead of reflecting it.", steps: CORS_STEPS },
    milestone: 1,
  },
  estimateRequests: (ctx) => corsTargets(ctx),
  async run(ctx) {
    for (const ex of await corsProbe(ctx, PROBE_ORIGIN)) {
      if (allowOrigin(ex) !== PROBE_ORIGIN) continue;
      const creds = allowsCredentials(ex);
      ctx.report({
        confidence: "confirmed",
        severity: creds ? "high" : "medium",
        title: creds ? "CORS reflects arbitrary origins with credentials" : "CORS reflects arbitrary origins",
        operation: ex.operation,
        key: "reflected",
        evidence: [{ exchange: ex, excerpt: corsExcerpt(ex, PROBE_ORIGIN) }],
      });
    }
  },
});
