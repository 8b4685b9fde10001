import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange, Occurrence } from "../../core/types.js";
import type { ParsedJwt } from "../../jwt/index.js";
import { sensitiveFieldKind } from "../../patterns/field-names.js";
import { piiTable } from "../../patterns/pii.js";
import { secretTable } from "../../patterns/secrets.js";
import { walkJson, type Json } from "../../patterns/text.js";
import { operationOf } from "../dataExposure/_exchange.js";
import { jwtRefs } from "./_refs.js";
import { eachJwt, issuerKey, tokenExcerpt } from "./_tokens.js";

/** Registered and common OIDC claims: never "sensitive" by name. */
const STANDARD_CLAIMS = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "azp", "nonce", "scope", "scp", "sid", "auth_time", "acr", "amr", "typ"]);

/** What sensitive content the claims hold, as redaction-safe descriptions. */
export function sensitiveClaims(payload: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const leaf of walkJson(payload as Json, 2000, 8)) {
    if (!leaf.key || STANDARD_CLAIMS.has(leaf.key)) continue;
    if (leaf.value === null || leaf.value === "" || leaf.value === false) continue;
    const kind = sensitiveFieldKind(leaf.key);
    if (kind) out.add(`${leaf.path} (${kind})`);
  }
  const text = JSON.stringify(payload);
  for (const m of [...piiTable.scan(text, 10), ...secretTable.scan(text, 10)]) out.add(m.row.title);
  return [...out].slice(0, 8);
}

function report(ctx: CheckContext, jwt: ParsedJwt, where: string, ex: Exchange | null, at: Occurrence): void {
  const found = sensitiveClaims(jwt.payload);
  if (found.length === 0) return;
  ctx.report({
    confidence: "confirmed",
    operation: ex ? operationOf(ex) : null,
    key: issuerKey(jwt),
    where: at,
    evidence: [
      {
        ...(ex ? { exchange: ex } : { request: where, status: null }),
        excerpt: `${tokenExcerpt(jwt)} (${where}) carries ${found.join(", ")}`,
        note: "JWT claims are only base64url-encoded: anyone holding the token reads them; values are redacted here",
      },
    ],
    reproduce: null,
  });
}

export default defineCheck({
  meta: {
    id: "authentication.jwt-sensitive-claims",
    title: "Sensitive data in JWT claims",
    category: "authentication",
    severity: "medium",
    how: "offline",
    description:
      "A token's claims carry personal data or secrets (passwords, hashes, SSNs, card numbers, API keys). JWT payloads are encoded, not encrypted: the token travels through browsers, logs and proxies, and every holder can read it.",
    references: jwtRefs([312, 315, 200]),
    remediation: {
      summary: "Keep tokens to identifiers and authorization data; look personal data up server-side, or use an encrypted JWE.",
      steps: [
        "Remove personal data and secrets from token claims; put an opaque user id in `sub`.",
        "If a claim must stay confidential, use JWE (encrypted tokens) instead of JWS.",
        "Rotate any secret that has been placed in a token.",
      ],
    },
    milestone: 1,
  },
  ...eachJwt(report),
});
