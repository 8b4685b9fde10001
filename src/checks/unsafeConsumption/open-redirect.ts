import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Operation, Parameter } from "../../core/types.js";
import { TIERS } from "../../patterns/wordlists.js";

/** A name under the reserved .invalid TLD (RFC 2606): it can never resolve, so nothing is ever fetched. */
export const REDIRECT_CHECK_HOST = "rampart-redirect-check.invalid";

/** Spellings of the external target, by depth tier: absolute, protocol-relative, backslash tricks. */
const TARGETS: readonly { tier: 0 | 1 | 2; value: string }[] = [
  { tier: 0, value: `https://${REDIRECT_CHECK_HOST}/` },
  { tier: 1, value: `//${REDIRECT_CHECK_HOST}/` },
  { tier: 2, value: `/\\${REDIRECT_CHECK_HOST}/` },
  { tier: 2, value: `https:${REDIRECT_CHECK_HOST}/` },
];

/** Query parameters that commonly carry a redirect target. */
export const REDIRECT_PARAM =
  /^(?:redirect|redirect[_-]?(?:uri|url|to)|redir|return|return[_-]?(?:to|url|uri)|returnurl|next|next[_-]?url|url|goto|go|continue|dest|destination|target|forward|callback|to|out|back|back[_-]?url|(?:success|failure|cancel|login|logout)[_-]?(?:url|redirect))$/i;

const LIMITS: Readonly<Record<Depth, { pairs: number; paramsPerOperation: number }>> = {
  quick: { pairs: 5, paramsPerOperation: 1 },
  standard: { pairs: 20, paramsPerOperation: 2 },
  deep: { pairs: 50, paramsPerOperation: 3 },
};

function candidates(ctx: Pick<PlanContext, "operations" | "settings">): { op: Operation; param: Parameter }[] {
  const l = LIMITS[ctx.settings.depth];
  const out: { op: Operation; param: Parameter }[] = [];
  for (const op of ctx.operations) {
    if (op.method !== "GET") continue;
    const params = op.parameters.filter((p) => p.in === "query" && (REDIRECT_PARAM.test(p.name) || p.schema?.["format"] === "uri" || p.schema?.["format"] === "url"));
    for (const param of params.slice(0, l.paramsPerOperation)) out.push({ op, param });
  }
  return out.slice(0, l.pairs);
}

function targetsFor(depth: Depth): string[] {
  return TARGETS.filter((t) => t.tier <= TIERS[depth]).map((t) => t.value);
}

/** Where the response sends the client, when that is the check host: Location, Refresh, or a meta refresh. */
function redirectsOut(ex: Exchange): { how: string; firm: boolean } | null {
  const res = ex.response;
  if (!res) return null;
  const lands = (raw: string) => {
    try {
      return new URL(raw.trim(), ex.request.url).hostname === REDIRECT_CHECK_HOST;
    } catch {
      return false;
    }
  };
  const location = res.headers["location"];
  if (res.status >= 300 && res.status < 400 && location && lands(location)) return { how: `${res.status} Location: ${location.slice(0, 120)}`, firm: false };
  const refresh = /url\s*=\s*['"]?([^'";\s]+)/i.exec(res.headers["refresh"] ?? "")?.[1];
  if (refresh && lands(refresh)) return { how: `Refresh: ${refresh.slice(0, 120)}`, firm: false };
  const meta = /<meta[^>]+http-equiv=["']?refresh["']?[^>]+url\s*=\s*([^"'>\s]+)/i.exec(res.body.slice(0, 65536))?.[1];
  if (meta && lands(meta)) return { how: `meta refresh to ${meta.slice(0, 120)}`, firm: true };
  return null;
}

export default defineCheck({
  meta: {
    id: "unsafeConsumption.open-redirect",
    title: "Open redirect",
    category: "unsafeConsumption",
    severity: "medium",
    how: "probe",
    description:
      `A redirect-style query parameter (redirect, next, url, return_to …) of a GET operation sends clients to an arbitrary external host: given https://${REDIRECT_CHECK_HOST}/ (a name that can never resolve), the answer is a 3xx whose Location points there. Rampart never follows the redirect. Open redirects power phishing from a trusted domain and leak OAuth codes and tokens to attacker hosts.`,
    references: { owaspApi2023: ["API10"], owaspTop10_2021: ["A01"], cwe: [601], soc2: ["CC6.6"] },
    remediation: {
      summary: "Redirect only to relative paths or to an allow-list of hosts; map targets by id instead of taking URLs.",
      steps: [
        "Accept only relative paths that start with a single '/' (reject '//', '/\\\\', schemes) or compare the parsed host with an allow-list.",
        "For OAuth, require exact registered redirect URIs.",
        "Prefer opaque keys (`?next=orders`) mapped to internal paths server-side.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => candidates(ctx).length * targetsFor(ctx.settings.depth).length,
  async run(ctx) {
    const pairs = candidates(ctx);
    if (pairs.length === 0) return ctx.notApplicable("no GET operation with a redirect-style query parameter");
    ctx.shared.set("applicable:unsafeConsumption", true);
    const identity = ctx.identities[0]?.label ?? null;
    const values = targetsFor(ctx.settings.depth);
    await eachPerSlot(ctx.concurrency, pairs, async ({ op, param }) => {
      for (const value of values) {
        // Never followed: the evidence is the redirect itself.
        const ex = await ctx.http.send({ url: ctx.urlFor(op, { [param.name]: value }), identity, operation: op, followRedirects: false });
        const out = redirectsOut(ex);
        if (!out) continue;
        ctx.report({
          confidence: out.firm ? "firm" : "confirmed",
          operation: op,
          key: param.name,
          evidence: [{ exchange: ex, excerpt: out.how, note: `${param.name}=${value}` }],
        });
        return;
      }
    });
  },
});
