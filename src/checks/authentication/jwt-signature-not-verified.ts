import { defineCheck } from "../../core/check.js";
import { forgeTamperedPayload, TAMPER_CLAIM, tamperedRecipe } from "../../jwt/index.js";
import { estimateJwtProbe, jwtProbeSets, sendWithToken, tokenVariable, forgedAccepted, reportForgedAccepted } from "./_jwt-probe.js";
import { jwtRefs } from "./_refs.js";
import { describeSupplied } from "./_tokens.js";

export default defineCheck({
  meta: {
    id: "authentication.jwt-signature-not-verified",
    title: "JWT signature not verified",
    category: "authentication",
    severity: "critical",
    how: "probe",
    description:
      "The supplied token with a modified payload and its original signature is accepted: a read-only GET returns the same data as with the real token, while a random token of the same shape is refused. The server decodes tokens without verifying them, so anyone can change the user, role or expiry inside a token.",
    references: jwtRefs([347, 345, 287]),
    remediation: {
      summary: "Verify the signature of every token before reading its claims (verify, never decode-only).",
      steps: [
        "Use the library's verify function (`jwt.verify`, `jwt.decode(..., verify=True)`, `JwtParser.parseSignedClaims`), not a bare decode.",
        "Check the whole chain in one place (middleware / dependency) so that no route reads unverified claims.",
        "Add a test that a token with one changed claim is rejected with 401.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => estimateJwtProbe(ctx, 1),
  async run(ctx) {
    const sets = await jwtProbeSets(ctx);
    if (sets.length === 0) return ctx.notApplicable("no JWT supplied with --auth");
    for (const { token, targets } of sets) {
      for (const t of targets) {
        // Redacted in the record: the tampered token carries the real signature and nearly the real claims.
        const from = tokenVariable(token);
        const as = { variable: `${from}_TAMPERED`, holds: `${from} with an extra "${TAMPER_CLAIM}" claim under its original signature`, set: tamperedRecipe(from, `${from}_TAMPERED`) };
        const ex = await sendWithToken(ctx, t.op, token, forgeTamperedPayload(token.jwt), as);
        if (!forgedAccepted(ex, t)) continue;
        reportForgedAccepted(ctx, token, t, ex, {
          how: `with an extra "${TAMPER_CLAIM}" claim under the original signature`,
          note: `token from ${describeSupplied(token)}; the tampered token is redacted because it carries the real signature`,
        });
        break;
      }
    }
  },
});
