// One GraphQL assessment per scan, shared by every GraphQL check through ctx.shared, in stages that are
// each started by whichever check asks first: the endpoint, then the schema (SDL given, introspection,
// or rebuilt from suggestions), then the baseline calls (see calls.ts).
import type { GraphQLSchema } from "graphql";
import type { CheckContext } from "../core/check.js";
import type { Exchange } from "../core/types.js";
import { DID_YOU_MEAN } from "../patterns/graphql.js";
import { findEndpoint, type GraphqlEndpoint } from "./endpoint.js";
import { INTROSPECTION_QUERY, schemaFromIntrospection, schemaFromSdl, type SchemaSource } from "./schema.js";
import { getGraphql, postGraphql, type Sent } from "./send.js";
import { rebuildFromSuggestions } from "./suggestions.js";

export interface SchemaStage {
  endpoint: GraphqlEndpoint;
  schema: GraphQLSchema | null;
  source: SchemaSource | null;
  /** The anonymous introspection answer, when the endpoint gave one. */
  introspection: Exchange | null;
  /** Answers carrying "Did you mean" suggestions. */
  suggestions: Exchange[];
  notes: string[];
}

function memo<T>(ctx: CheckContext, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.shared.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    ctx.shared.set(key, p);
  }
  return p;
}

export function getEndpoint(ctx: CheckContext): Promise<GraphqlEndpoint | null> {
  return memo(ctx, "graphql:endpoint", () => findEndpoint(ctx));
}

/** Sends one query the way the endpoint takes it: GET when it answers GET, else POST. */
export function ask(ctx: CheckContext, ep: GraphqlEndpoint, query: string, identity: string | null, variables?: Record<string, unknown>): Promise<Sent | null> {
  const body = variables ? { query, variables } : { query };
  return ep.get ? getGraphql(ctx, ep.url, body, identity) : postGraphql(ctx, ep.url, body, identity);
}

export function getSchema(ctx: CheckContext): Promise<SchemaStage | null> {
  return memo(ctx, "graphql:schema", async () => {
    const endpoint = await getEndpoint(ctx);
    if (!endpoint) return null;
    const stage: SchemaStage = { endpoint, schema: null, source: null, introspection: null, suggestions: [], notes: [] };
    const identity = ctx.identities[0]?.label ?? null;
    const anonymous = await ask(ctx, endpoint, INTROSPECTION_QUERY, null);
    let fromIntrospection = schemaFromIntrospection(anonymous?.result?.data);
    // Answering __schema at all is the finding, even when the answer is too partial to build a schema from.
    const data = anonymous?.result?.data as { __schema?: unknown } | null | undefined;
    if (anonymous && data?.__schema && typeof data.__schema === "object") stage.introspection = anonymous.exchange;
    if (!fromIntrospection && identity) {
      const authed = await ask(ctx, endpoint, INTROSPECTION_QUERY, identity);
      fromIntrospection = schemaFromIntrospection(authed?.result?.data);
    }
    const sdl = ctx.settings.graphql?.sdl;
    if (sdl) {
      stage.schema = schemaFromSdl(sdl);
      stage.source = "sdl";
    } else if (fromIntrospection) {
      stage.schema = fromIntrospection;
      stage.source = "introspection";
    }
    // Suggestions are looked for either way: they are a finding of their own.
    const rebuilt = await rebuildFromSuggestions(async (query) => {
      const sent = await ask(ctx, endpoint, query, identity);
      if (sent && sent.result?.errors.some((e) => DID_YOU_MEAN.test(e.message))) stage.suggestions.push(sent.exchange);
      return sent?.result ?? null;
    }, stage.schema === null ? "full" : "probe");
    if (!stage.schema && rebuilt) {
      stage.schema = rebuilt.schema;
      stage.source = "suggestions";
      stage.notes.push(`schema rebuilt from validation messages: ${rebuilt.fields.length} field(s)`);
    }
    if (!stage.schema) stage.notes.push("no schema: introspection is off, no SDL was given (--spec schema.graphql) and validation messages revealed nothing");
    return stage;
  });
}
