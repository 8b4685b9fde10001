import { defineCheck } from "../../core/check.js";
import { allowOrigin, allowsCredentials, corsExcerpt, corsProbe, corsTargets, CORS_STEPS } from "./_cors.js";
import { inputRefs } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "inputValidation.cors-null-origin",
    title: "CORS allows the null origin with credentials",
    category: "inputValidation",
    severity: "high",
    how: "probe",
    description:
      "The API answers `Origin: null` with Access-Control-Allow-Origin: null and Access-Control-Allow-Credentials: true. Sandboxed iframes, data: URLs and local files all send `null`, so any attacker page can wrap itself in a sandbox and read authenticated responses.",
    references: inputRefs([942, 346]),
    remediation: { summary: "Never allow-list the `null` origin; remove it from the CORS configuration.", steps: CORS_STEPS },
    milestone: 1,
  },
  estimateRequests: (ctx) => corsTargets(ctx),
  async run(ctx) {
    for (const ex of await corsProbe(ctx, "null")) {
      if (allowOrigin(ex) !== "null" || !allowsCredentials(ex)) continue;
      ctx.report({ confidence: "confirmed", operation: ex.operation, key: "null-origin", evidence: [{ exchange: ex, excerpt: corsExcerpt(ex, "null") }] });
    }
  },
});
