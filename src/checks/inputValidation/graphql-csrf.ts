import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { postGraphql } from "../../graphql/send.js";
import { getSchema } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { inputRefs } from "./_shared.js";

/** Content types a browser form or fetch() can send cross-site without a preflight. */
const SIMPLE_BODIES: readonly { contentType: string; body: string }[] = [
  { contentType: "application/x-www-form-urlencoded", body: "query=%7B__typename%7D" },
  { contentType: "text/plain", body: JSON.stringify({ query: "{__typename}" }) },
];

function executed(body: string | undefined): boolean {
  return /"__typename"\s*:\s*"/.test(body ?? "");
}

export default defineCheck({
  meta: {
    id: "inputValidation.graphql-csrf",
    title: "GraphQL accepts GET or non-JSON requests (CSRF)",
    category: "inputValidation",
    severity: "medium",
    how: "probe",
    description:
      "The GraphQL endpoint executes operations sent as GET query strings or as form-encoded / text/plain POSTs: requests a browser sends cross-site without a CORS preflight. With cookie sessions, any web page the victim opens can run operations as them.",
    references: inputRefs([352], { owaspTop10_2021: ["A01"] }),
    remediation: graphqlRemediation("csrf"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + SIMPLE_BODIES.length,
  async run(ctx) {
    const stage = await getSchema(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint found");
    const ep = stage.endpoint;
    const identity = ctx.identities[0]?.label ?? null;
    const accepted: { how: string; exchange: import("../../core/types.js").Exchange }[] = [];
    if (ep.get && executed(ep.exchange.response?.body)) accepted.push({ how: "GET query string", exchange: ep.exchange });
    for (const simple of SIMPLE_BODIES) {
      const sent = await postGraphql(ctx, ep.url, simple.body, identity, simple.contentType);
      if (sent && sent.exchange.response && sent.exchange.response.status < 300 && executed(sent.exchange.response.body)) accepted.push({ how: `POST ${simple.contentType}`, exchange: sent.exchange });
    }
    if (accepted.length === 0) return;
    ctx.report({
      confidence: "confirmed",
      operation: graphqlOperation("query", "__typename", ep.url),
      key: ep.path,
      evidence: accepted.map((a) => ({ exchange: a.exchange, excerpt: (a.exchange.response?.body ?? "").slice(0, 120), note: `executed a ${a.how}` })),
      description: `The endpoint executes operations sent as ${accepted.map((a) => a.how).join(", ")}: requests a browser sends cross-site without a preflight. With cookie sessions, any web page can run operations as the visitor.`,
    });
  },
});
