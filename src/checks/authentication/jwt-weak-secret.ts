import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange, Occurrence } from "../../core/types.js";
import type { ParsedJwt } from "../../jwt/index.js";
import { crackedSecret } from "./_crack.js";
import { operationOf } from "../dataExposure/_exchange.js";
import { jwtRefs } from "./_refs.js";
import { eachJwt, issuerKey, tokenExcerpt } from "./_tokens.js";

function report(ctx: CheckContext, jwt: ParsedJwt, where: string, ex: Exchange | null, at: Occurrence): void {
  const hit = crackedSecret(ctx, jwt);
  if (!hit) return;
  ctx.report({
    confidence: "confirmed",
    operation: ex ? operationOf(ex) : null,
    // One signing key, one finding: every identity and place its tokens were seen is listed in it.
    key: `${jwt.alg}|${issuerKey(jwt)}`,
    where: at,
    title: `JWT signed with a guessable ${jwt.alg} secret`,
    evidence: [
      {
        ...(ex ? { exchange: ex } : { request: where, status: null }),
        excerpt: `${jwt.alg} token ${tokenExcerpt(jwt)} (${where}) verifies with a secret from the bundled wordlist`,
        note: `secret recovered offline after ${hit.guesses} guesses; redacted (${hit.secret.length} characters)`,
      },
    ],
    reproduce: null,
  });
}

export default defineCheck({
  meta: {
    id: "authentication.jwt-weak-secret",
    title: "JWT signed with a guessable secret",
    category: "authentication",
    severity: "critical",
    how: "offline",
    description:
      "An HS256/HS384/HS512 token (supplied with --auth or seen in a response) verifies with a secret from a wordlist of common and default secrets. Anyone who guesses the secret can mint tokens for any user or role, with any expiry. The check recovers the secret offline; no request is sent, and the secret never appears in the report.",
    references: jwtRefs([521, 798, 347]),
    remediation: {
      summary: "Rotate the signing secret to at least 256 random bits from a secret store, or switch to asymmetric signing (RS256/ES256/EdDSA).",
      steps: [
        "Generate the key with a CSPRNG (e.g. `openssl rand -base64 48`) and load it from a secret manager, never from code or a sample .env.",
        "Rotate now: every token signed with the old secret must be considered forgeable; invalidate sessions.",
        "Prefer asymmetric keys so that services that only verify tokens never hold the signing key.",
      ],
    },
    milestone: 1,
  },
  ...eachJwt(report),
});
