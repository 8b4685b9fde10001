import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { requestPath } from "../../patterns/text.js";
import { pathTemplateIndex } from "../../spec/path-match.js";
import { inTier, TIERS, UNDOCUMENTED_PATHS } from "../../patterns/wordlists.js";
import { apiPrefix, baseline, candidateUrls, fetchOnce, isLive, matchesBaseline, type Baseline } from "./_probe.js";
import { inventoryRefs } from "./_refs.js";

const norm = (p: string): string => p.replace(/\/+$/, "") || "/";

/** Whether a concrete path is one of the described operations (templates match any segment). */
function documentedPaths(ctx: CheckContext): (path: string) => boolean {
  const prefix = apiPrefix(ctx);
  const index = pathTemplateIndex((ctx.api?.operations ?? ctx.operations).map((op) => norm(op.path)));
  return (path) => {
    const rel = prefix && path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
    return index.test(norm(rel)) || index.test(norm(path));
  };
}

/** API-like content (not an HTML page such as a login form or a SPA shell). */
const apiLike = (ex: Exchange): boolean => /json|xml|text\/plain|csv/i.test(ex.response?.contentType ?? "");

async function probe(ctx: CheckContext, url: string, base: readonly Baseline[], documented: (path: string) => boolean): Promise<void> {
  const path = new URL(url).pathname;
  if (documented(path)) return;
  const ex = await fetchOnce(ctx, url);
  if (!isLive(ex) || !apiLike(ex) || matchesBaseline(ex, base)) return;
  ctx.report({
    confidence: "firm",
    title: `Undocumented endpoint ${path} answers`,
    operation: { method: "GET", path: requestPath(ex), url: ex.request.url },
    key: path,
    evidence: [{ exchange: ex, excerpt: `${ex.response!.status} ${ex.response!.contentType}: ${ex.response!.body.slice(0, 100).replace(/\s+/g, " ")}`, note: "not in the API description; differs from the answer to a random path" }],
  });
}

/** Routes endpoint discovery found live (2xx API content) that the description does not list. */
function reportDiscovered(ctx: CheckContext): void {
  if (!ctx.api) return; // with no description at all, nothing is "undocumented"
  for (const op of ctx.operations) {
    if (!op.discovered) continue;
    const ex = ctx.exchangesAt(ctx.urlFor(op)).find((e) => e.request.method === "GET" && e.response && e.response.status < 300);
    if (!ex || !apiLike(ex)) continue;
    const path = new URL(ex.request.url).pathname;
    ctx.report({
      confidence: "firm",
      title: `Undocumented endpoint ${path} answers`,
      operation: { method: "GET", path: requestPath(ex), url: ex.request.url },
      key: path,
      evidence: [{ exchange: ex, excerpt: `${ex.response!.status} ${ex.response!.contentType}: ${ex.response!.body.slice(0, 100).replace(/\s+/g, " ")}`, note: `found by endpoint discovery (${op.discovered.how}); not in the API description; differs from what "not found" looks like` }],
    });
  }
}

export default defineCheck({
  meta: {
    id: "inventoryManagement.undocumented-endpoint",
    title: "Undocumented live endpoints",
    category: "inventoryManagement",
    severity: "medium",
    how: "probe",
    description:
      "Endpoints that the API description does not mention (from a bounded wordlist: /admin, /internal, /export, /backup, /config …) answer with API content that differs from the answer to a random path. Undocumented endpoints miss security review and tests, and often expose administrative functions.",
    references: inventoryRefs([1059, 912]),
    remediation: {
      summary: "Document every live endpoint (and test it), or remove it; put internal endpoints on an internal network.",
      steps: ["Generate the API description from the code so it cannot drift.", "Apply the same authentication and authorisation middleware to every router."],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => {
    const prefixed = new URL(ctx.target.url).pathname.replace(/\/+$/, "") || ctx.api?.basePath ? 2 : 1;
    return 2 + UNDOCUMENTED_PATHS.filter((r) => r.tier <= TIERS[ctx.settings.depth]).length * prefixed;
  },
  async run(ctx) {
    reportDiscovered(ctx);
    const base = await baseline(ctx);
    const urls = [...new Set(UNDOCUMENTED_PATHS.filter((r) => inTier(r, ctx.settings.depth, null)).flatMap((r) => candidateUrls(ctx, r.path)))];
    const documented = documentedPaths(ctx);
    await eachPerSlot(ctx.concurrency, urls, (url) => probe(ctx, url, base, documented));
  },
});
