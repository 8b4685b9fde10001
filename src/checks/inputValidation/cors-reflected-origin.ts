import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange, Severity } from "../../core/types.js";
import { allowOrigin, allowsCredentials, corsExcerpt, corsProbe, corsTargets, CORS_STEPS, PROBE_ORIGIN } from "./_cors.js";
import { lookalikeOrigins, type OriginVariant } from "./_cors-origins.js";
import { byDepth, getOperations, inputRefs, probeIdentity } from "./_shared.js";

function variantBudget(depth: CheckContext["settings"]["depth"]): number {
  return byDepth(depth, 3, 6, 10);
}

function severityOf(v: OriginVariant, creds: boolean): Severity {
  if (v.weight === "lookalike") return creds ? "high" : "medium";
  return creds ? "medium" : "low";
}

/** When arbitrary origins are refused: which look-alike, sibling or plaintext origins the allow-list lets in. */
async function lookalikes(ctx: CheckContext): Promise<void> {
  const op = getOperations(ctx, 1)[0];
  const identity = probeIdentity(ctx);
  const hits: { v: OriginVariant; ex: Exchange; creds: boolean }[] = [];
  for (const v of lookalikeOrigins(ctx, variantBudget(ctx.settings.depth))) {
    const url = op ? ctx.urlFor(op) : ctx.target.url;
    const ex = await ctx.http.send({ method: "GET", url, headers: { origin: v.origin }, identity, operation: op ?? null });
    if (allowOrigin(ex) === v.origin) hits.push({ v, ex, creds: allowsCredentials(ex) });
  }
  if (hits.length === 0) return;
  const rank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
  hits.sort((a, b) => rank[severityOf(a.v, a.creds)] - rank[severityOf(b.v, b.creds)]);
  const worst = hits[0]!;
  const lookalike = hits.some((h) => h.v.weight === "lookalike");
  ctx.report({
    confidence: "confirmed",
    severity: severityOf(worst.v, worst.creds),
    title: lookalike ? `CORS allow-list trusts look-alike origins${worst.creds ? " with credentials" : ""}` : `CORS allow-list trusts ${worst.v.kind === "sibling" ? "any subdomain" : "the plaintext origin"}${worst.creds ? " with credentials" : ""}`,
    operation: op ?? null,
    key: "allow-list",
    where: hits.map((h) => ({ place: `Origin: ${h.v.origin}` })),
    evidence: hits.map((h) => ({ exchange: h.ex, excerpt: corsExcerpt(h.ex, h.v.origin), note: h.v.why })),
  });
}

export default defineCheck({
  meta: {
    id: "inputValidation.cors-reflected-origin",
    title: "CORS reflects arbitrary origins",
    category: "inputValidation",
    severity: "high",
    how: "probe",
    description:
      "The API echoes any Origin header back in Access-Control-Allow-Origin, or its allow-list lets in origins that defeat real allow-lists: look-alikes of the API's own names (`https://<api-host>.attacker.example` past a prefix match, `https://attacker<domain>` past a suffix match, an unescaped regex dot), any sibling subdomain, or the plaintext `http://` origin of the same host. Every such website can then read the API's responses from a visitor's browser; with Access-Control-Allow-Credentials: true the browser sends the visitor's cookies too, so any site can act on the user's data (high). Without credentials it still exposes whatever the browser can reach, such as intranet-only APIs (medium); a trusted sibling subdomain or plaintext origin is a smaller risk (medium with credentials, else low).",
    references: inputRefs([942, 346]),
    remediation: { summary: "Validate Origin against an explicit allow-list of exact origins instead of reflecting or pattern-matching it.", steps: CORS_STEPS },
    milestone: 1,
  },
  estimateRequests: (ctx) => corsTargets(ctx) + lookalikeOrigins(ctx, variantBudget(ctx.settings.depth)).length,
  async run(ctx) {
    let reflected = false;
    for (const ex of await corsProbe(ctx, PROBE_ORIGIN)) {
      if (allowOrigin(ex) !== PROBE_ORIGIN) continue;
      reflected = true;
      const creds = allowsCredentials(ex);
      ctx.report({
        confidence: "confirmed",
        severity: creds ? "high" : "medium",
        title: creds ? "CORS reflects arbitrary origins with credentials" : "CORS reflects arbitrary origins",
        operation: ex.operation,
        // One CORS policy, one finding: every probed operation that reflected is listed.
        key: "reflected",
        where: {},
        evidence: [{ exchange: ex, excerpt: corsExcerpt(ex, PROBE_ORIGIN) }],
      });
    }
    // Any origin is let in already: look-alikes would say nothing more.
    if (!reflected) await lookalikes(ctx);
  },
});
