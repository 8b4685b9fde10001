import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { redactToken } from "../../patterns/redact.js";
import { isJsonType, parseJsonBody } from "../../patterns/text.js";
import { decodeJwt, findTokens, jwtPrincipal, type FoundToken } from "../../patterns/tokens.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

// Endpoints whose job is to hand the caller its own token.
const AUTH_PATH = /(?:^|\/)(?:login|logon|signin|sign-in|token|tokens|oauth2?|auth|authenticate|session|sessions|refresh|sso|callback)(?:\/|$)/i;

/** Principals of the scan's identities, worked out once per identities list (asked for every exchange). */
const principalsOf = new WeakMap<object, ReadonlySet<string>>();

/** Principals (JWT `sub` …) of the credentials the scan itself uses. */
function callerPrincipals(ctx: CheckContext): ReadonlySet<string> {
  let principals = principalsOf.get(ctx.identities);
  if (!principals) principalsOf.set(ctx.identities, (principals = readCallerPrincipals(ctx)));
  return principals;
}

function readCallerPrincipals(ctx: CheckContext): Set<string> {
  const out = new Set<string>();
  for (const id of ctx.identities) {
    for (const c of id.credentials) {
      const jwt = decodeJwt(c.value.replace(/^Bearer\s+/i, ""));
      const p = jwt && jwtPrincipal(jwt);
      if (p) out.add(p);
    }
  }
  return out;
}

function judge(tokens: FoundToken[], ex: Exchange, callers: ReadonlySet<string>): { confidence: "firm" | "tentative"; note: string } | null {
  if (tokens.length >= 2) return { confidence: "firm", note: `${tokens.length} distinct tokens in one response: they cannot all belong to the caller` };
  const [t] = tokens;
  if (!t) return null;
  const jwt = t.kind === "jwt" ? decodeJwt(t.value) : null;
  const principal = jwt && jwtPrincipal(jwt);
  if (principal && callers.size > 0 && !callers.has(principal)) return { confidence: "firm", note: `JWT for principal "${principal.slice(0, 40)}", not the caller's` };
  let path = "";
  try {
    path = new URL(ex.request.url).pathname;
  } catch {
    path = ex.request.url;
  }
  if (AUTH_PATH.test(path) || (principal && callers.has(principal))) return null;
  return { confidence: "tentative", note: `${t.kind === "jwt" ? "a JWT" : "a credential"}${t.field ? ` in field "${t.field}"` : ""} returned by a non-authentication endpoint` };
}

export default defineCheck({
  meta: {
    id: "dataExposure.token-leak",
    title: "Tokens of other principals in responses",
    category: "dataExposure",
    severity: "high",
    how: "passive",
    description:
      "A response carries bearer tokens, JWTs, API tokens or session ids that are not the caller's own (several distinct tokens in one list, a JWT about another subject, or a token from an endpoint that does not issue tokens). Whoever reads the response can act as those users.",
    references: dataRefs([200, 522, 639], { owaspApi2023: ["API3", "API2"] }),
    remediation: {
      summary: "Never serialise credentials of other users: remove token/session fields from response models and revoke exposed tokens.",
      steps: [
        "Exclude token, session and API-key fields from every response schema (allow-list serialisation).",
        "Store only hashes of API tokens; show a token once, at creation, to its owner.",
        "Revoke and reissue the tokens that were exposed.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const body = scannableBody(ex);
    if (!body || !ex.response) return;
    const parsed = isJsonType(ex.response.contentType) || /^\s*[[{]/.test(body) ? parseJsonBody(ex.response) : null;
    const tokens = findTokens(body, parsed?.value ?? null).filter((t) => !t.value.includes("$RAMPART_"));
    const verdict = judge(tokens, ex, callerPrincipals(ctx));
    if (!verdict || !within(ctx, operationKey(ex), 2)) return;
    const first = tokens[0]!;
    ctx.report({
      confidence: verdict.confidence,
      operation: operationOf(ex),
      key: "token-leak",
      sensitiveData: true,
      evidence: [{ exchange: ex, excerpt: `${first.field ? `"${first.field}": ` : ""}${redactToken(first.value)}`, note: verdict.note }],
    });
  },
});
