import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { answered, callsEstimate, getCalls, send } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { bolaRefs } from "./_refs.js";

function rootValue(data: unknown, field: string): string {
  return JSON.stringify((data as Record<string, unknown> | null)?.[field] ?? null);
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.graphql-object-access",
    title: "GraphQL object readable by another identity (BOLA)",
    category: "bolaAuthorization",
    severity: "high",
    how: "probe",
    description:
      "A query that takes an object id returns the same object to a second identity: the first identity's ids, taken from its own answers, work for anyone. Resolvers fetch by id without checking who owns the object.",
    references: bolaRefs([639, 284]),
    remediation: graphqlRemediation("objectAccess"),
  },
  estimateRequests: (ctx) => (ctx.identities.length >= 2 ? detectionEstimate(ctx) + callsEstimate(ctx.settings.depth, ctx.settings.mode) * 2 : 0),
  async run(ctx) {
    const other = ctx.identities[1]?.label;
    if (!other) return ctx.notApplicable("needs two identities (--auth @alice=… --auth @bob=…)");
    const stage = await getCalls(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint or schema");
    // Only calls whose id came from the first identity's own answers: those objects are its own.
    for (const call of stage.calls.filter((c) => c.op.kind === "query" && Object.keys(c.op.fedIds).length > 0 && answered(c))) {
      const theirs = await send(ctx, stage.stage.endpoint, call.op, other);
      if (!theirs || !answered({ op: call.op, sent: theirs })) continue;
      if (rootValue(theirs.result?.data, call.op.field) !== rootValue(call.sent.result?.data, call.op.field)) continue;
      const ids = Object.entries(call.op.fedIds).map(([k, v]) => `${k}=${v}`).join(", ");
      ctx.report({
        confidence: "confirmed",
        operation: graphqlOperation("query", call.op.field, stage.stage.endpoint.url),
        evidence: [
          { exchange: theirs.exchange, excerpt: (theirs.exchange.response?.body ?? "").slice(0, 200), note: `@${other} read @${call.identity}'s object (${ids})` },
          { exchange: call.sent.exchange, excerpt: (call.sent.exchange.response?.body ?? "").slice(0, 120), note: `@${call.identity}'s own answer` },
        ],
        sensitiveData: true,
      });
    }
  },
});
