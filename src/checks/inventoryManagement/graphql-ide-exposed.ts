import { defineCheck } from "../../core/check.js";
import { PolicyError } from "../../core/errors.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { getEndpoint } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { DOCS_PATHS } from "../../patterns/wordlists.js";
import { inventoryRefs } from "./_refs.js";

/** The GraphQL IDE signatures of the docs wordlist (GraphiQL, Playground, Altair, Apollo Sandbox). */
const IDE_SIGNATURES = DOCS_PATHS.filter((p) => /graph|altair|playground/i.test(p.title ?? "") && p.signature).map((p) => p.signature as RegExp);

export default defineCheck({
  meta: {
    id: "inventoryManagement.graphql-ide-exposed",
    title: "GraphQL IDE served at the endpoint",
    category: "inventoryManagement",
    severity: "low",
    how: "probe",
    description:
      "The GraphQL endpoint serves an in-browser IDE (GraphiQL, GraphQL Playground, Altair, the Apollo Sandbox landing page) to a browser's request: a ready console for exploring and running operations, usually left on from development.",
    references: inventoryRefs([489, 215]),
    remediation: graphqlRemediation("ide"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + 1,
  async run(ctx) {
    const ep = await getEndpoint(ctx);
    if (!ep) return ctx.notApplicable("no GraphQL endpoint found");
    let ex;
    try {
      ex = await ctx.http.send({ url: ep.url, headers: { accept: "text/html,application/xhtml+xml" }, identity: null, followRedirects: false });
    } catch (e) {
      if (e instanceof PolicyError) return;
      throw e;
    }
    const res = ex.response;
    if (!res || res.status !== 200 || !/html/i.test(res.contentType)) return;
    const head = res.body.slice(0, 65_536);
    if (!IDE_SIGNATURES.some((s) => s.test(head))) return;
    ctx.report({
      confidence: "confirmed",
      operation: { method: "GET", path: ep.path, url: ep.url },
      key: ep.path,
      evidence: [{ exchange: ex, excerpt: head.slice(0, 160).replace(/\s+/g, " "), note: "IDE page served to a browser's Accept header" }],
    });
  },
});
