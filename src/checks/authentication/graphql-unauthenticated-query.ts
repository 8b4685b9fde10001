import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { answered, callsEstimate, getCalls, send } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { authRefs } from "./_refs.js";

export default defineCheck({
  meta: {
    id: "authentication.graphql-unauthenticated-query",
    title: "GraphQL query returns data without credentials",
    category: "authentication",
    severity: "high",
    how: "probe",
    description:
      "A GraphQL query that returns data to the scan's credentials returns data without any: the resolvers do not require authentication (the HTTP route may, but GraphQL endpoints usually sit behind one permissive route).",
    references: authRefs([306, 287]),
    remediation: graphqlRemediation("unauthenticated"),
  },
  estimateRequests: (ctx) => (ctx.identities.length ? detectionEstimate(ctx) + callsEstimate(ctx.settings.depth, ctx.settings.mode) * 2 : 0),
  async run(ctx) {
    if (ctx.identities.length === 0) return ctx.notApplicable("needs --auth: without credentials there is nothing to compare an anonymous answer with");
    const stage = await getCalls(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint or schema");
    for (const call of stage.calls.filter((c) => c.op.kind === "query" && answered(c))) {
      const anon = await send(ctx, stage.stage.endpoint, call.op, null);
      if (!anon || !answered({ op: call.op, sent: anon })) continue;
      ctx.report({
        confidence: "firm",
        operation: graphqlOperation("query", call.op.field, stage.stage.endpoint.url),
        evidence: [
          { exchange: anon.exchange, excerpt: (anon.exchange.response?.body ?? "").slice(0, 200), note: "answered with data without credentials" },
          { exchange: call.sent.exchange, excerpt: (call.sent.exchange.response?.body ?? "").slice(0, 120), note: `as @${call.identity}` },
        ],
        sensitiveData: true,
      });
    }
  },
});
