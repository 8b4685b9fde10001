import { getNamedType, isNonNullType, isObjectType, parse, validate, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { ask, getSchema } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { rateRefs } from "./_shared.js";

/** Deep enough to pass any sane limit (most set 7–15), shallow enough to stay cheap when it is answered. */
const PROBE_DEPTH = 12;

/** A chain of object fields without required arguments from a root field, following a cycle
 *  (User.friends → User …) to PROBE_DEPTH, as field names; null when the schema has no such cycle. */
function deepChain(schema: GraphQLSchema): string[] | null {
  const root = schema.getQueryType();
  if (!root) return null;
  const objectFields = (t: GraphQLObjectType) =>
    Object.values(t.getFields()).filter((f) => isObjectType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
  for (const start of objectFields(root)) {
    const chain = [start.name];
    let type = getNamedType(start.type) as GraphQLObjectType;
    while (chain.length < PROBE_DEPTH) {
      const next = objectFields(type).find((f) => getNamedType(f.type) === type) ?? objectFields(type)[0];
      if (!next) break;
      chain.push(next.name);
      type = getNamedType(next.type) as GraphQLObjectType;
    }
    if (chain.length >= PROBE_DEPTH) return chain;
  }
  return null;
}

export default defineCheck({
  meta: {
    id: "rateLimiting.graphql-depth-unlimited",
    title: "GraphQL query depth not limited",
    category: "rateLimiting",
    severity: "medium",
    how: "probe",
    description:
      "The server executes a query nested far deeper than any client needs (users → friends → friends …). Each level multiplies the work: a few such queries can exhaust CPU, memory or the database. One bounded probe is sent; an answer with data means no depth or complexity limit stopped it.",
    references: rateRefs([770, 400]),
    remediation: graphqlRemediation("depth"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + 1,
  async run(ctx) {
    const stage = await getSchema(ctx);
    if (!stage?.schema) return ctx.notApplicable("no GraphQL schema to build a nested query from");
    const chain = deepChain(stage.schema);
    if (!chain) return ctx.notApplicable("the schema has no cycle of object fields to nest");
    // `first: 1`-style arguments are not added: the probe asks for the default page at every level.
    const query = `query DepthProbe { ${chain.map((f) => `${f} {`).join(" ")} __typename ${"}".repeat(chain.length)} }`;
    if (validate(stage.schema, parse(query)).length > 0) return ctx.notApplicable("the nested probe does not validate against the schema");
    const sent = await ask(ctx, stage.endpoint, query, ctx.identities[0]?.label ?? null);
    const res = sent?.exchange.response;
    if (!sent || !res || res.status >= 300 || !sent.result?.data || sent.result.errors.length > 0) return;
    ctx.report({
      confidence: "confirmed",
      operation: graphqlOperation("query", chain[0]!, stage.endpoint.url),
      key: stage.endpoint.path,
      evidence: [{ exchange: sent.exchange, excerpt: res.body.slice(0, 160), note: `a query ${chain.length} levels deep (${chain.slice(0, 4).join(" → ")} …) was executed` }],
    });
  },
});
