import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { forgeExpired, isExpired, lifetimeOf } from "../../jwt/index.js";
import { sameData } from "../_shared/compare.js";
import { crackedSecret } from "./_crack.js";
import { estimateJwtProbe, jwtProbeSets, sendWithToken, tokenVariable, type JwtProbeSet, type JwtTarget } from "./_jwt-probe.js";
import { jwtRefs } from "./_refs.js";
import { describeSupplied } from "./_tokens.js";

function report(ctx: CheckContext, set: JwtProbeSet, t: JwtTarget, ex: Exchange, how: string): void {
  ctx.report({
    confidence: "confirmed",
    operation: t.op,
    key: set.token.identity.label,
    evidence: [
      { exchange: ex, excerpt: `${ex.response?.status ?? ""}: data served for an expired token`, note: `${how}; token from ${describeSupplied(set.token)}` },
      { exchange: t.garbage, note: "a random token of the same shape is refused" },
    ],
  });
}

export default defineCheck({
  meta: {
    id: "authentication.jwt-expired-accepted",
    title: "Expired JWT accepted",
    category: "authentication",
    severity: "high",
    how: "probe",
    description:
      "A token whose `exp` lies in the past is accepted: either the supplied token is already expired and still works, or (when its HMAC secret was recovered) the same claims re-signed with an expiry an hour ago get the same data. Stolen and logged-out tokens never stop working.",
    references: jwtRefs([613, 324]),
    remediation: {
      summary: "Validate `exp` (and `nbf`) on every request with at most a small clock-skew allowance.",
      steps: [
        "Enable expiry validation in the JWT library (it is often on by default; check for `ignoreExpiration`, `verify_exp=False`, custom decoders).",
        "Reject tokens without `exp`.",
        "Rotate the signing secret if it was guessable.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => estimateJwtProbe(ctx, 1),
  async run(ctx) {
    const sets = await jwtProbeSets(ctx);
    if (sets.length === 0) return ctx.notApplicable("no JWT supplied with --auth");
    for (const set of sets) {
      const t = set.targets[0];
      if (!t?.authorised.response) continue;
      const jwt = set.token.jwt;
      if (isExpired(jwt)) {
        // The targets exist only where this token got data: an expired token did.
        const exp = lifetimeOf(jwt).exp ?? 0;
        report(ctx, set, t, t.authorised, `the supplied token expired ${Math.max(0, Math.round((Date.now() / 1000 - exp) / 60))} min ago and still gets data`);
        continue;
      }
      const cracked = crackedSecret(ctx, jwt);
      if (!cracked) continue;
      // Re-signed with the recovered secret: the record redacts the token (it is validly signed).
      const from = tokenVariable(set.token);
      const as = { variable: `${from}_EXPIRED`, holds: `${from}'s claims with exp one hour ago, signed with the key authentication.jwt-weak-secret recovered (not printed)` };
      const ex = await sendWithToken(ctx, t.op, set.token, forgeExpired(jwt, cracked.secret), as);
      if (ex.response && sameData(ex.response, t.authorised.response)) {
        report(ctx, set, t, ex, "the token's claims re-signed with the recovered secret and exp one hour ago");
      }
    }
  },
});
