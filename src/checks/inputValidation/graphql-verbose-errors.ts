import { defineCheck } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { graphqlOperation } from "../../graphql/report.js";
import { parseGraphqlBody } from "../../graphql/response.js";
import { ask, getSchema } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { stackTable } from "../../patterns/stack-traces.js";
import { inputRefs } from "./_shared.js";

/** Extension keys that carry internals (Apollo `exception.stacktrace`, HotChocolate `stackTrace`, …). */
const INTERNAL_KEYS = /"(?:stacktrace|stackTrace|stack|exception|trace|innerException|sql|query_plan|internal)"\s*:/;

/** What an answer's errors[].extensions disclose, or null. */
function disclosure(ex: Exchange): string | null {
  for (const result of parseGraphqlBody(ex.response?.body ?? "") ?? []) {
    for (const e of result.errors) {
      if (!e.extensions) continue;
      const text = JSON.stringify(e.extensions);
      const stack = stackTable.scan(text.replace(/\\n/g, "\n"), 1)[0];
      if (stack) return `${stack.row.title} in errors[].extensions`;
      const key = INTERNAL_KEYS.exec(text);
      if (key) return `errors[].extensions carries ${key[0].replace(/[":\s]/g, "")}`;
    }
  }
  return null;
}

export default defineCheck({
  meta: {
    id: "inputValidation.graphql-verbose-errors",
    title: "GraphQL errors expose stack traces or internals",
    category: "inputValidation",
    severity: "medium",
    how: "probe",
    description:
      "GraphQL error answers carry stack traces, exception details or SQL in `errors[].extensions` (debug mode left on). They show file paths, libraries and versions, and often the query that failed.",
    references: inputRefs([209, 210, 497], { owaspTop10_2021: ["A05"] }),
    remediation: graphqlRemediation("errors"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + 2,
  async run(ctx) {
    const stage = await getSchema(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint found");
    const identity = ctx.identities[0]?.label ?? null;
    // A syntax error and a type error: answers every server words, none of them executes anything.
    const probes = ["{ __typename(", '{ __typename @skip(if: "yes") }'];
    const seen: Exchange[] = [...stage.suggestions];
    for (const q of probes) {
      const sent = await ask(ctx, stage.endpoint, q, identity);
      if (sent) seen.push(sent.exchange);
    }
    for (const ex of seen) {
      const what = disclosure(ex);
      if (!what) continue;
      ctx.report({
        confidence: "confirmed",
        operation: graphqlOperation("query", "errors", stage.endpoint.url),
        key: stage.endpoint.path,
        evidence: [{ exchange: ex, excerpt: (ex.response?.body ?? "").slice(0, 300), note: what }],
      });
      return;
    }
  },
});
