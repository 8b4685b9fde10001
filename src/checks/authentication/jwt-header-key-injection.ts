import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import { callbackEndpoint, openCallbackListener, type CallbackListener } from "../../http/callback-listener.js";
import { forgeEmbeddedJwk, forgeKid, jkuKey, KID_INJECTIONS, type JkuKey } from "../../jwt/index.js";
import { sameData } from "../_shared/compare.js";
import { estimateJwtProbe, jwtProbeSets, sendWithToken, tokenVariable, type JwtProbeSet, type JwtTarget } from "./_jwt-probe.js";
import { jwtRefs } from "./_refs.js";
import { describeSupplied } from "./_tokens.js";

/** The header tricks, each a token factory: `kid` pointed at a key the scanner knows, a key in the header.
 *  `jku` (a key set URL) is tried after these, with the key set served on the scanner's own listener. */
const TRICKS = [
  ...KID_INJECTIONS.map((k) => ({ label: k.label, forge: (jwt: Parameters<typeof forgeKid>[0]) => forgeKid(jwt, k.kid, k.secret) })),
  { label: "public key embedded in the header (jwk) and trusted", forge: forgeEmbeddedJwk },
];

export default defineCheck({
  meta: {
    id: "authentication.jwt-header-key-injection",
    title: "JWT verification key chosen by the token header",
    category: "authentication",
    severity: "critical",
    how: "active",
    description:
      "With `--mode active`, a supplied token's claims are re-signed so that its own header picks the verification key: a `kid` that walks the key lookup to `/dev/null` (an empty HMAC key), a `kid` that injects SQL into a key query to select a chosen key, an RSA public key embedded in the header (`jwk`) with its private half used to sign, and a `jku` URL naming a key set that the scanner serves itself on a short-lived listener (loopback targets: 127.0.0.1; others need `--callback-host`, else this trick is skipped with the reason recorded). Each is sent on a read-only GET where the real token gets data and a random one is refused; the same data back means anyone can mint accepted tokens. A `jku` finding also needs the listener to have seen the target fetch the key set.",
    references: jwtRefs([347, 345, 22, 89]),
    remediation: {
      summary: "Resolve verification keys only from your own trusted key set: treat `kid` as an opaque lookup key and ignore keys or key URLs inside the token.",
      steps: [
        "Look `kid` up in an in-memory map or JWKS you control; never build a file path or a SQL query from it.",
        "Ignore `jwk`, `jku` and `x5u` headers, or accept them only against an allow-list of your own issuers.",
        "Pin the accepted algorithms per key.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => estimateJwtProbe(ctx, TRICKS.length + (jkuEndpoint(ctx) ? 1 : 0)),
  async run(ctx) {
    const sets = await jwtProbeSets(ctx);
    if (sets.length === 0) return ctx.notApplicable("no JWT supplied with --auth that the API checks");
    const listener = await openJkuListener(ctx, sets);
    try {
      for (const { token, targets } of sets) {
        const jku = listener ? jkuTrick(listener, token) : null;
        tokenLoop: for (const t of targets) {
          for (const [i, trick] of TRICKS.entries()) {
            const from = tokenVariable(token);
            const as = { variable: `${from}_HEADER_KEY_${i + 1}`, holds: `${from}'s claims re-signed with ${trick.label}` };
            const ex = await sendWithToken(ctx, t.op, token, trick.forge(token.jwt), as);
            if (!ex.response || !t.authorised.response || !sameData(ex.response, t.authorised.response)) continue;
            ctx.report({
              confidence: "confirmed",
              operation: t.op,
              key: token.identity.label,
              evidence: [
                { exchange: ex, excerpt: `${ex.response.status}: same data as the real token, re-signed with ${trick.label}`, note: `token from ${describeSupplied(token)}` },
                { exchange: t.garbage, note: "a random token of the same shape is refused" },
              ],
            });
            break tokenLoop;
          }
          if (jku && (await tryJku(ctx, jku, token, t))) break;
        }
      }
    } finally {
      await listener?.close();
    }
  },
});

/** Where the scanner serves `jku` key sets for this target, or null (not loopback, no --callback-host). */
function jkuEndpoint(ctx: PlanContext) {
  return callbackEndpoint(ctx.settings.callbackHost, ctx.target.host);
}

/** The key-set listener when some token has a usable operation; a recorded partial skip when it cannot be had. */
async function openJkuListener(ctx: CheckContext, sets: readonly JwtProbeSet[]): Promise<CallbackListener | null> {
  if (!sets.some((s) => s.targets.length > 0)) return null;
  const endpoint = jkuEndpoint(ctx);
  if (!endpoint) {
    ctx.notApplicable(`jku not tried: the target is not on loopback, so it needs --callback-host <host[:port]>, the address it can reach this machine at (kid and jwk were tried)`, { partial: true });
    return null;
  }
  try {
    return await openCallbackListener(endpoint);
  } catch (e) {
    ctx.notApplicable(`jku not tried: ${e instanceof Error ? e.message : String(e)} (kid and jwk were tried)`, { partial: true });
    return null;
  }
}

interface JkuTrick {
  key: JkuKey;
  /** Path of the key set on the listener and its full URL. */
  path: string;
  url: string;
  listener: CallbackListener;
}

/** One fresh key per token, its public half served as a JWKS on the listener. */
function jkuTrick(listener: CallbackListener, token: JwtProbeSet["token"]): JkuTrick {
  const key = jkuKey();
  const path = `${token.identity.label.replace(/[^a-z0-9-]/gi, "_")}/jwks.json`;
  return { key, path, url: listener.serve(path, key.jwks, "application/json"), listener };
}

/**
 * Sends the token re-signed with the served key and `jku` pointing at it. Confirmed only when the forged
 * token gets the real token's data AND the listener saw the target fetch the key set.
 */
async function tryJku(ctx: CheckContext, jku: JkuTrick, token: JwtProbeSet["token"], t: JwtTarget): Promise<boolean> {
  const from = tokenVariable(token);
  const label = `a fresh RSA key whose key set the scanner served at the header's jku URL`;
  const as = { variable: `${from}_JKU`, holds: `${from}'s claims re-signed RS256 with ${label} (${jku.url}, kid ${jku.key.kid}); to rebuild it, serve your own JWKS and sign with its key` };
  const before = jku.listener.hits(jku.path).length;
  const ex = await sendWithToken(ctx, t.op, token, jku.key.forge(token.jwt, jku.url), as);
  const fetched = jku.listener.hits(jku.path).slice(before);
  if (!ex.response || !t.authorised.response || !sameData(ex.response, t.authorised.response) || fetched.length === 0) return false;
  const hit = fetched[0]!;
  ctx.report({
    confidence: "confirmed",
    operation: t.op,
    key: token.identity.label,
    evidence: [
      { exchange: ex, excerpt: `${ex.response.status}: same data as the real token, re-signed with ${label} (jku)`, note: `token from ${describeSupplied(token)}` },
      { exchange: t.garbage, note: "a random token of the same shape is refused" },
      {
        request: `${hit.method} ${hit.path}`,
        status: 200,
        excerpt: `the target fetched the key set named by the token's jku header at ${hit.at} (${fetched.length} fetch${fetched.length === 1 ? "" : "es"})`,
        note: `from ${hit.from}, user agent ${hit.userAgent ?? "(none)"}`,
      },
    ],
  });
  return true;
}
