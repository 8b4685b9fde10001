import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange, Occurrence } from "../../core/types.js";
import { lifetimeOf, type ParsedJwt } from "../../jwt/index.js";
import { operationOf } from "../dataExposure/_exchange.js";
import { jwtRefs } from "./_refs.js";
import { eachJwt, issuerKey, tokenExcerpt } from "./_tokens.js";

/** Longest acceptable lifetime of an access token. */
const MAX_LIFETIME_S = 24 * 3600;

function problem(jwt: ParsedJwt, nowSeconds: number): { title: string; detail: string } | null {
  const life = lifetimeOf(jwt);
  if (life.exp === null) return { title: "JWT without expiry", detail: "no `exp` claim: the token is valid until the key is rotated" };
  const lifetime = life.lifetimeSeconds ?? life.exp - nowSeconds;
  if (lifetime <= MAX_LIFETIME_S) return null;
  const days = (lifetime / 86400).toFixed(lifetime >= 864000 ? 0 : 1);
  return {
    title: "JWT lifetime over 24 hours",
    detail: life.lifetimeSeconds !== null ? `exp − iat = ${days} days` : `expires in ${days} days (no iat)`,
  };
}

function report(ctx: CheckContext, jwt: ParsedJwt, where: string, ex: Exchange | null, at: Occurrence): void {
  const found = problem(jwt, Math.floor(Date.now() / 1000));
  if (!found) return;
  ctx.report({
    confidence: "confirmed",
    operation: ex ? operationOf(ex) : null,
    // One issuer's token policy, one finding per problem: identities and places are listed in it.
    key: `${found.title}|${issuerKey(jwt)}`,
    where: at,
    title: found.title,
    evidence: [{ ...(ex ? { exchange: ex } : { request: where, status: null }), excerpt: `${tokenExcerpt(jwt)} (${where})`, note: found.detail }],
    reproduce: null,
  });
}

export default defineCheck({
  meta: {
    id: "authentication.jwt-no-expiry",
    title: "JWT without expiry or with a long lifetime",
    category: "authentication",
    severity: "medium",
    how: "offline",
    description:
      "A token (supplied or observed) has no `exp` claim, or lives longer than 24 hours. A stolen token then stays usable for days or forever, and logging out or changing a password does not end the session.",
    references: jwtRefs([613, 324]),
    remediation: {
      summary: "Issue short-lived access tokens (minutes to hours) with `exp`, and renew them with refresh tokens that can be revoked.",
      steps: [
        "Set `exp` on every access token (e.g. 15–60 minutes) and reject tokens without it (`requireExp` / `verify_exp`).",
        "Use rotating, revocable refresh tokens for long sessions.",
        "Keep a deny-list or token version per user so that logout and password changes take effect.",
      ],
    },
    milestone: 1,
  },
  ...eachJwt(report),
});
