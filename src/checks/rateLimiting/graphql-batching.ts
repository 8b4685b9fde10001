import { defineCheck } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { detectionEstimate } from "../../graphql/endpoint.js";
import { rootFields } from "../../graphql/generate.js";
import { graphqlOperation } from "../../graphql/report.js";
import { postGraphql } from "../../graphql/send.js";
import { ask, getSchema } from "../../graphql/session.js";
import { graphqlRemediation } from "../../knowledge/remediation/graphql.js";
import { GUESSABLE_MUTATION } from "../../patterns/graphql.js";
import { rateRefs } from "./_shared.js";

/** Bounded: enough to tell "limited" from "not limited", far from a load test. */
const BATCH = 10;
const ALIASES = 50;

export default defineCheck({
  meta: {
    id: "rateLimiting.graphql-batching",
    title: "GraphQL batching or alias overloading not limited",
    category: "rateLimiting",
    severity: "medium",
    how: "probe",
    description:
      "One HTTP request carries many operations: a JSON array of operations (batching) or one field repeated under many aliases. Per-request rate limits then count one where the server does the work of many; where login or one-time-code mutations exist, one request tries many passwords or codes.",
    references: rateRefs([770, 799, 307]),
    remediation: graphqlRemediation("batching"),
  },
  estimateRequests: (ctx) => detectionEstimate(ctx) + 2,
  async run(ctx) {
    const stage = await getSchema(ctx);
    if (!stage) return ctx.notApplicable("no GraphQL endpoint found");
    const ep = stage.endpoint;
    const identity = ctx.identities[0]?.label ?? null;
    const found: { how: string; exchange: Exchange }[] = [];
    const batch = await postGraphql(ctx, ep.url, Array.from({ length: BATCH }, () => ({ query: "{__typename}" })), identity);
    if (batch?.results?.length === BATCH && batch.results.every((r) => r.data !== null)) found.push({ how: `a batch of ${BATCH} operations in one request`, exchange: batch.exchange });
    const aliasQuery = `{ ${Array.from({ length: ALIASES }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    const aliased = await ask(ctx, ep, aliasQuery, identity);
    const data = aliased?.result?.data as Record<string, unknown> | null | undefined;
    if (aliased && data && Object.keys(data).length === ALIASES && aliased.result?.errors.length === 0) found.push({ how: `${ALIASES} aliases of one field in one operation`, exchange: aliased.exchange });
    if (found.length === 0) return;
    const guessable = stage.schema ? rootFields(stage.schema, "mutation").filter((m) => GUESSABLE_MUTATION.test(m)) : [];
    const amplified = guessable.length > 0;
    ctx.report({
      confidence: "confirmed",
      severity: amplified ? "high" : "medium",
      ...(amplified ? { title: `GraphQL batching lets one request try many credentials (${guessable.slice(0, 3).join(", ")})` } : {}),
      operation: amplified ? graphqlOperation("mutation", guessable[0]!, ep.url) : graphqlOperation("query", "__typename", ep.url),
      key: ep.path,
      evidence: found.map((f) => ({ exchange: f.exchange, excerpt: (f.exchange.response?.body ?? "").slice(0, 120), note: `answered ${f.how}` })),
      description: `The endpoint answered ${found.map((f) => f.how).join(" and ")}.${amplified ? ` The schema has ${guessable.join(", ")}: batched or aliased, one request tries ${ALIASES}+ passwords or codes while per-request rate limits count one (brute-force amplification). Mutations are not sent in safe mode; this is inferred from the accepted query batches.` : " Per-request rate limits count one request where the server does the work of many."}`,
    });
  },
});
