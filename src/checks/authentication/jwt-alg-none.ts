import { defineCheck } from "../../core/check.js";
import { algNoneRecipe, forgeAlgNone, NONE_VARIANTS } from "../../jwt/index.js";
import { estimateJwtProbe, JWT_PROBE_LIMITS, jwtProbeSets, sendWithToken, tokenVariable, forgedAccepted, reportForgedAccepted } from "./_jwt-probe.js";
import { jwtRefs } from "./_refs.js";

export default defineCheck({
  meta: {
    id: "authentication.jwt-alg-none",
    title: "JWT with alg none accepted",
    category: "authentication",
    severity: "critical",
    how: "probe",
    description:
      "The supplied token, re-encoded with `alg: none` and no signature, is accepted: a read-only GET returns the same data as with the real token, while a random token of the same shape is refused. Anyone can then forge tokens for any user or role without a key.",
    references: jwtRefs([347, 327, 287]),
    remediation: {
      summary: "Verify every token with an explicit allow-list of algorithms and never accept unsigned tokens.",
      steps: [
        "Pass the expected algorithms to the verifier (e.g. `jwt.verify(token, key, { algorithms: ['RS256'] })`, `jwt.decode(token, key, algorithms=['HS256'])`).",
        "Reject `none` in any spelling and tokens whose header algorithm differs from the key's type.",
        "Upgrade JWT libraries that accepted `none` by default.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => estimateJwtProbe(ctx, JWT_PROBE_LIMITS[ctx.settings.depth].noneVariants),
  async run(ctx) {
    const sets = await jwtProbeSets(ctx);
    if (sets.length === 0) return ctx.notApplicable("no JWT supplied with --auth");
    const variants = NONE_VARIANTS.slice(0, JWT_PROBE_LIMITS[ctx.settings.depth].noneVariants);
    for (const { token, targets } of sets) {
      tokenLoop: for (const t of targets) {
        for (const variant of variants) {
          const from = tokenVariable(token);
          const to = `${from}_ALG_${variant === "none" ? "NONE" : `NONE_${variants.indexOf(variant) + 1}`}`;
          const as = { variable: to, holds: `${from} re-encoded with alg "${variant}" and no signature`, set: algNoneRecipe(token.jwt, variant, from, to) };
          const ex = await sendWithToken(ctx, t.op, token, forgeAlgNone(token.jwt, variant), as);
          if (!forgedAccepted(ex, t)) continue;
          reportForgedAccepted(ctx, token, t, ex, { how: `with alg "${variant}" and no signature` });
          break tokenLoop; // one finding per token
        }
      }
    }
  },
});
