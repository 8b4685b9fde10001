import { defineCheck } from "../../core/check.js";
import { forgeEmbeddedJwk, forgeKid, KID_INJECTIONS } from "../../jwt/index.js";
import { estimateJwtProbe, jwtProbeSets, sendWithToken, tokenVariable, forgedAccepted, reportForgedAccepted } from "./_jwt-probe.js";
import { openServedKeyListener, SERVED_KEY_TRICKS, servedKeyEndpoint, servedKeyTricks, tryServedKey } from "./_jwt-served-key.js";
import { jwtRefs } from "./_refs.js";

/** The header tricks, each a token factory: `kid` pointed at a key the scanner knows, a key in the header.
 *  `jku` and `x5u` (a key URL) are tried after these, with the key served on the scanner's own listener. */
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
      "With `--mode active`, a supplied token's claims are re-signed so that its own header picks the verification key: a `kid` that walks the key lookup to `/dev/null` (an empty HMAC key), a `kid` that injects SQL into a key query to select a chosen key, an RSA public key embedded in the header (`jwk`) with its private half used to sign, and a `jku` URL naming a key set (JWKS) or an `x5u` URL naming a certificate, served by the scanner itself on a short-lived listener (loopback targets: 127.0.0.1; others need `--callback-host`, else these two are skipped with the reason recorded). Each is sent on a read-only GET where the real token gets data and a random one is refused; the same data back means anyone can mint accepted tokens. A `jku`/`x5u` finding also needs the listener to have seen the target fetch the key; a target that fetches it but refuses the token is recorded in the report's observations (it resolves untrusted key URLs), not as a finding.",
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
  estimateRequests: (ctx) => estimateJwtProbe(ctx, TRICKS.length + (servedKeyEndpoint(ctx) ? SERVED_KEY_TRICKS.length : 0)),
  async run(ctx) {
    const sets = await jwtProbeSets(ctx);
    if (sets.length === 0) return ctx.notApplicable("no JWT supplied with --auth that the API checks");
    const listener = await openServedKeyListener(ctx, sets, "kid and jwk");
    try {
      for (const { token, targets } of sets) {
        const served = listener && targets.length > 0 ? await servedKeyTricks(listener, token) : [];
        tokenLoop: for (const t of targets) {
          for (const [i, trick] of TRICKS.entries()) {
            const from = tokenVariable(token);
            const as = { variable: `${from}_HEADER_KEY_${i + 1}`, holds: `${from}'s claims re-signed with ${trick.label}` };
            const ex = await sendWithToken(ctx, t.op, token, trick.forge(token.jwt), as);
            if (!forgedAccepted(ex, t)) continue;
            reportForgedAccepted(ctx, token, t, ex, { how: `re-signed with ${trick.label}` });
            break tokenLoop;
          }
          for (const trick of served) if (await tryServedKey(ctx, trick, token, t)) break tokenLoop;
        }
      }
    } finally {
      await listener?.close();
    }
  },
});
