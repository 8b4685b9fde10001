import { defineCheck } from "../../core/check.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { parseGraphqlBody } from "../../graphql/response.js";
import { getSchema } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { DID_YOU_MEAN } from "../../patterns/graphql.js";
import { inventoryRefs } from "./_refs.js";

export default defineCheck({
  meta: {
    id: "inventoryManagement.graphql-field-suggestions",
    title: "GraphQL field suggestions leak the schema",
    category: "inventoryManagement",
    severity: "low",
    how: "probe",
    description:
      "Validation errors answer a misspelt field with `Did you mean \"…\"?`. Guessing names close to real ones rebuilds the schema field by field (what tools like Clairvoyance automate), so turning introspection off does not hide it.",
    references: inventoryRefs([200, 209]),
    remediation: graphqlRemediation("suggestions"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + 12,
  async run(ctx) {
    const stage = await getSchema(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint found");
    const ex = stage.suggestions[0];
    if (!ex) return;
    const message = parseGraphqlBody(ex.response?.body ?? "")?.[0]?.errors.find((e) => DID_YOU_MEAN.test(e.message))?.message ?? "";
    ctx.report({
      confidence: "confirmed",
      operation: graphqlOperation("query", "Query", stage.endpoint.url),
      key: stage.endpoint.path,
      evidence: [{ exchange: ex, excerpt: message.slice(0, 200), note: `${stage.suggestions.length} answer(s) suggested real field names${stage.source === "suggestions" ? "; the schema was rebuilt from them" : ""}` }],
    });
  },
});
