import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { getSchema } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { inventoryRefs } from "./_refs.js";

export default defineCheck({
  meta: {
    id: "inventoryManagement.graphql-introspection",
    title: "GraphQL introspection enabled",
    category: "inventoryManagement",
    severity: "medium",
    how: "probe",
    description:
      "The GraphQL endpoint answers introspection queries (`__schema`) for anyone, handing out the complete schema: every type, field, query and mutation, including internal and admin ones that no client uses.",
    references: inventoryRefs([200, 1059]),
    remediation: graphqlRemediation("introspection"),
    milestone: 2,
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + 2,
  async run(ctx) {
    const stage = await getSchema(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint found");
    const ex = stage.introspection;
    if (!ex) return;
    const types = /"types"\s*:\s*\[/.test(ex.response?.body ?? "") ? (ex.response!.body.match(/"kind"\s*:\s*"OBJECT"/g) ?? []).length : 0;
    ctx.report({
      confidence: "confirmed",
      operation: graphqlOperation("query", "__schema", stage.endpoint.url),
      key: stage.endpoint.path,
      evidence: [{ exchange: ex, excerpt: ex.response!.body.slice(0, 140).replace(/\s+/g, " "), note: `introspection answered without credentials (${types} object types)` }],
    });
  },
});
