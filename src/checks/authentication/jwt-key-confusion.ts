import { defineCheck } from "../../core/check.js";
import { ASYMMETRIC_ALG, confusionSecrets, forgeKeyConfusion, keyConfusionRecipe } from "../../jwt/index.js";
import { estimateJwtProbe, jwtProbeSets, sendWithToken, tokenVariable, forgedAccepted, reportForgedAccepted } from "./_jwt-probe.js";
import { estimateKeySearch, publicKeys } from "./_public-keys.js";
import { jwtRefs } from "./_refs.js";

/** Keys tried per token (the one its `kid` names first) and PEM spellings per key. */
const KEYS_PER_TOKEN = 2;
const SPELLINGS = 3;

export default defineCheck({
  meta: {
    id: "authentication.jwt-key-confusion",
    title: "JWT key confusion: HS256 signed with the public key accepted",
    category: "authentication",
    severity: "critical",
    how: "active",
    description:
      "With `--mode active`, when a supplied token is signed with RS/PS/ES and the server publishes its public key (a JWKS at the usual paths, OIDC discovery's `jwks_uri`, a spec path naming keys, or a PEM file), the token's claims are re-signed with HS256 using that public key — as PEM, in the spellings libraries hold it — as the HMAC secret. The forged token is sent on a read-only GET where the real token gets data and a random one is refused; the same data back means the verifier takes the algorithm from the token: anyone holding the public key can mint tokens for any user or role.",
    references: jwtRefs([327, 347, 287]),
    remediation: {
      summary: "Pin the verification algorithm to the key's type: an RSA or EC key verifies only RS/PS/ES tokens, never HS*.",
      steps: [
        "Pass the expected algorithms explicitly (`jwt.verify(token, publicKey, { algorithms: ['RS256'] })`, `jwt.decode(token, key, algorithms=['RS256'])`, a JWKS resolver bound to RS256).",
        "Keep symmetric and asymmetric keys in separate key objects so a public key can never be used as an HMAC secret.",
        "Upgrade JWT libraries that derive the algorithm from the token header.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => estimateKeySearch(ctx) + estimateJwtProbe(ctx, KEYS_PER_TOKEN * SPELLINGS),
  async run(ctx) {
    const sets = (await jwtProbeSets(ctx)).filter((s) => ASYMMETRIC_ALG.test(s.token.jwt.alg));
    if (sets.length === 0) return ctx.notApplicable("no RS/PS/ES-signed JWT supplied with --auth that the API checks");
    const found = await publicKeys(ctx);
    if (found.keys.length === 0 || !found.source) return ctx.notApplicable("the target publishes no public key (JWKS, OIDC discovery or PEM) to confuse with");
    for (const { token, targets } of sets) {
      const kid = token.jwt.header["kid"];
      const keys = [...found.keys].sort((a, b) => Number(b.kid === kid) - Number(a.kid === kid)).slice(0, KEYS_PER_TOKEN);
      tokenLoop: for (const t of targets) {
        for (const key of keys) {
          for (const s of confusionSecrets(key.key)) {
            const from = tokenVariable(token);
            const to = `${from}_HS256_PUBKEY`;
            const as = { variable: to, holds: `${from}'s claims signed HS256 with the server's public key (${s.label}) as the secret`, set: keyConfusionRecipe(from, to, found.source, key.index, s.pem) };
            const ex = await sendWithToken(ctx, t.op, token, forgeKeyConfusion(token.jwt, s.secret), as);
            if (!forgedAccepted(ex, t)) continue;
            reportForgedAccepted(ctx, token, t, ex, { real: `${token.jwt.alg} token`, how: `re-signed HS256 with the public key from ${new URL(found.source).pathname} (${s.label})` });
            break tokenLoop;
          }
        }
      }
    }
  },
});
